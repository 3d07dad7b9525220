from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from azemmour_portal.admin import (
    HistoryAdmin,
    PermanentAddressAdmin,
    SlugFromTitleForm,
    TranslatedAdmin,
    TranslatedStackedInline,
    TranslatedTabularInline,
)
from azemmour_portal.templatetags.portal import names
from initiatives.uploads import ImageUploadField, PdfUploadField, UploadForm
from workflow.admin import RestoreDeletedAdmin
from workflow.filters import ConsentFilter

from .models import (
    AUDIENCES,
    Dossier,
    DossierAction,
    DossierState,
    Event,
    EventPhoto,
    NewsItem,
    Proposal,
    ProposalStep,
    StepKind,
    TrainingMaterial,
    TrainingProgramme,
    TrainingSession,
)

PUBLICATION = (_("Publication"), {"fields": ["is_published", "published_at"]})
DATES = (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]})


# The forms of the foundation's uploads, as for an initiative's: each file is checked by
# its content and stored under a random name, a photo re-encoded from its pixels without
# its EXIF or GPS position (initiatives/uploads.py says why).


class ProposalForm(SlugFromTitleForm, UploadForm):
    class Meta:
        model = Proposal
        fields = "__all__"
        field_classes = {"document": PdfUploadField}


class ProposalStepForm(UploadForm):
    class Meta:
        model = ProposalStep
        fields = "__all__"
        field_classes = {"document": PdfUploadField}


class DossierActionForm(UploadForm):
    class Meta:
        model = DossierAction
        fields = "__all__"
        field_classes = {"document": PdfUploadField}


class TrainingMaterialForm(UploadForm):
    class Meta:
        model = TrainingMaterial
        fields = "__all__"
        field_classes = {"file": PdfUploadField}


class EventPhotoForm(UploadForm):
    renditions_field = "renditions"

    class Meta:
        model = EventPhoto
        fields = "__all__"
        field_classes = {"image": ImageUploadField}


class NewsItemForm(SlugFromTitleForm, UploadForm):
    renditions_field = "renditions"

    class Meta:
        model = NewsItem
        fields = "__all__"
        field_classes = {"image": ImageUploadField}


class DossierForm(SlugFromTitleForm, forms.ModelForm):
    class Meta:
        model = Dossier
        fields = ["slug"]  # the admin adds the fields of its fieldsets


class TrainingProgrammeForm(SlugFromTitleForm, forms.ModelForm):
    class Meta:
        model = TrainingProgramme
        fields = ["slug"]  # the admin adds the fields of its fieldsets


class EventForm(SlugFromTitleForm, forms.ModelForm):
    class Meta:
        model = Event
        fields = ["slug"]  # the admin adds the fields of its fieldsets


def commune_names(obj) -> str:
    return names(obj.communes.all())


class DerivedListFilter(admin.SimpleListFilter):
    """Filter on a value read from the latest step or action (an annotation)."""

    options: type  # the TextChoices of the value

    def lookups(self, request, model_admin):
        return self.options.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.parameter_name: self.value()})
        return queryset


class StageFilter(DerivedListFilter):
    title = _("latest step")
    parameter_name = "stage"
    options = StepKind


class StateFilter(DerivedListFilter):
    title = _("current state")
    parameter_name = "state"
    options = DossierState


class ProposalStepInline(TranslatedStackedInline):
    model = ProposalStep
    form = ProposalStepForm
    extra = 0
    fields = [
        ("kind", "date"),
        ("session", "deliberation_number"),
        "initiative",
        "note",
        "document",
    ]
    autocomplete_fields = ["initiative"]


@admin.register(Proposal)
class ProposalAdmin(RestoreDeletedAdmin, PermanentAddressAdmin, HistoryAdmin, TranslatedAdmin):
    form = ProposalForm
    list_display = ["title", "outcome", "commune_list", "recipient", "is_published", "updated_at"]
    list_filter = ["is_published", StageFilter, "communes", "recipient", "sector"]
    search_fields = ["title_ar", "title_fr", "title_en", "slug"]
    autocomplete_fields = ["communes", "sector"]
    prepopulated_fields = {"slug": ["title_fr"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ProposalStepInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "document"]}),
        (_("To whom"), {"fields": ["communes", "recipient", "sector"]}),
        PUBLICATION,
        DATES,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_outcome().prefetch_related("communes")

    @admin.display(description=_("latest step"), ordering="stage_on")
    def outcome(self, obj):
        return obj.outcome_label

    @admin.display(description=_("communes"))
    def commune_list(self, obj):
        return commune_names(obj)


class DossierActionInline(TranslatedStackedInline):
    model = DossierAction
    form = DossierActionForm
    extra = 0
    fields = [
        ("kind", "date"),
        "title",
        "addressee",
        "description",
        ("answer_due_on", "answered_on"),
        "answer",
        "document",
        "state",
    ]


@admin.register(Dossier)
class DossierAdmin(RestoreDeletedAdmin, PermanentAddressAdmin, HistoryAdmin, TranslatedAdmin):
    form = DossierForm
    list_display = ["title", "current_state", "commune_list", "is_published", "updated_at"]
    list_filter = ["is_published", StateFilter, "communes"]
    search_fields = ["title_ar", "title_fr", "title_en", "slug"]
    autocomplete_fields = ["communes", "initiatives", "proposals"]
    prepopulated_fields = {"slug": ["title_fr"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [DossierActionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description"]}),
        (_("Where and with what"), {"fields": ["communes", "initiatives", "proposals"]}),
        PUBLICATION,
        DATES,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_state().prefetch_related("communes")

    @admin.display(description=_("current state"), ordering="state_on")
    def current_state(self, obj):
        return obj.state_label

    @admin.display(description=_("communes"))
    def commune_list(self, obj):
        return commune_names(obj)


AUDIENCE_FIELDS = [field for field, _label in AUDIENCES]


class TrainingSessionInline(TranslatedStackedInline):
    model = TrainingSession
    extra = 0
    fields = [("date", "commune"), "topic", "place", "trainer", tuple(AUDIENCE_FIELDS)]
    autocomplete_fields = ["commune"]
    show_change_link = True  # materials are added on the session's own page


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(
    RestoreDeletedAdmin, PermanentAddressAdmin, HistoryAdmin, TranslatedAdmin
):
    form = TrainingProgrammeForm
    list_display = ["title", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title_ar", "title_fr", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_fr"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [TrainingSessionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description"]}),
        PUBLICATION,
        DATES,
    ]


class TrainingMaterialInline(TranslatedTabularInline):
    model = TrainingMaterial
    form = TrainingMaterialForm
    extra = 0
    fields = ["title", "file"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(RestoreDeletedAdmin, HistoryAdmin, TranslatedAdmin):
    list_display = ["topic", "programme", "date", "commune", "participants"]
    list_filter = ["commune", "programme"]
    list_select_related = ["programme", "commune"]
    search_fields = ["topic_ar", "topic_fr", "topic_en", "programme__title_ar"]
    date_hierarchy = "date"
    autocomplete_fields = ["programme", "commune"]
    inlines = [TrainingMaterialInline]
    fieldsets = [
        (None, {"fields": ["programme", ("date", "commune"), "topic", "place", "trainer"]}),
        (
            _("Participants, by category"),
            {
                "fields": [tuple(AUDIENCE_FIELDS)],
                "description": _(
                    "Numbers only: the portal records no participant's name. "
                    "Count each participant once, in one category."
                ),
            },
        ),
    ]

    @admin.display(description=_("participants"))
    def participants(self, obj):
        return obj.participants


class PhotoConsentFilter(ConsentFilter):
    """Events with a photo of identifiable people whose consent is not recorded: the
    public page hides such a photo until it is."""

    def lookups(self, request, model_admin):
        return [("awaiting", _("a photo awaits consent"))]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.filter(pk__in=EventPhoto.objects.awaiting_consent().values("event"))
        return queryset


class EventPhotoInline(TranslatedTabularInline):
    model = EventPhoto
    form = EventPhotoForm
    extra = 0
    fields = [
        "image",
        "caption",
        "shows_identifiable_people",
        "consent_recorded_on",
        "consent_note",
    ]


@admin.register(Event)
class EventAdmin(RestoreDeletedAdmin, PermanentAddressAdmin, HistoryAdmin, TranslatedAdmin):
    form = EventForm
    list_display = ["title", "starts_at", "place", "commune_list", "is_published"]
    list_filter = ["is_published", PhotoConsentFilter, "communes"]
    search_fields = ["title_ar", "title_fr", "title_en", "slug"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["communes"]
    prepopulated_fields = {"slug": ["title_fr"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [EventPhotoInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description"]}),
        (_("When and where"), {"fields": [("starts_at", "ends_at"), "place", "communes"]}),
        PUBLICATION,
        DATES,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("communes")

    @admin.display(description=_("communes"))
    def commune_list(self, obj):
        return commune_names(obj)


@admin.register(NewsItem)
class NewsItemAdmin(RestoreDeletedAdmin, PermanentAddressAdmin, HistoryAdmin, TranslatedAdmin):
    form = NewsItemForm
    list_display = ["title", "published_at", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title_ar", "title_fr", "title_en", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title_fr"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (
            _("Image"),
            {
                "fields": [
                    "image",
                    "image_description",
                    "image_shows_identifiable_people",
                    ("image_consent_recorded_on", "image_consent_note"),
                ]
            },
        ),
        PUBLICATION,
        DATES,
    ]
