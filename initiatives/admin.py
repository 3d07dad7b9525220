from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from azemmour_portal.admin import (
    ForgivingAutocompleteAdmin,
    ForgivingLettersAdmin,
    HistoryAdmin,
    LabelledFieldsInline,
    PermanentAddressAdmin,
    SlugFromTitleForm,
    TranslatedAdmin,
    TranslatedStackedInline,
    TranslatedTabularInline,
    WesternDigitsAdmin,
)
from azemmour_portal.security.headers import allow_map
from azemmour_portal.templatetags.portal import names
from maps.forms import LocationPickerInput, outside_outlines
from search.admin import ForgivingSearchAdmin
from search.models import Document
from workflow.admin import (
    CommuneScopedAdmin,
    LockedWhenPublishedInline,
    LockedWithParentAdmin,
    PublishingAdmin,
    RestoreDeletedAdmin,
    RestoreDeletedInitiativesAdmin,
)
from workflow.filters import AttentionFilter, ConsentFilter, SourcedFilter
from workflow.roles import can_publish
from workflow.states import State

from .importing.admin import ImportAdminMixin
from .models import (
    AWAITING_CONSENT,
    Funding,
    Initiative,
    Partner,
    Sector,
    Update,
    UpdateDocument,
    UpdatePhoto,
)
from .uploads import ImageUploadField, PdfUploadField, UploadForm


class InitiativeForm(SlugFromTitleForm, UploadForm):
    class Meta:
        model = Initiative
        fields = "__all__"
        field_classes = {"cover_image": ImageUploadField}
        widgets = {"longitude": LocationPickerInput}

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        communes = cleaned.get("communes")
        # The district's box is a database constraint; a commune's outline is checked here.
        if latitude is not None and longitude is not None and communes:
            if outside_outlines(latitude, longitude, communes):
                self.add_error(
                    "latitude",
                    _(
                        "This point lies outside the outline of the initiative's communes. "
                        "Check the latitude and the longitude, or the communes."
                    ),
                )
        return cleaned


class UpdatePhotoForm(UploadForm):
    renditions_field = "renditions"

    class Meta:
        model = UpdatePhoto
        fields = "__all__"
        field_classes = {"image": ImageUploadField}


class UpdateDocumentForm(UploadForm):
    class Meta:
        model = UpdateDocument
        fields = "__all__"
        field_classes = {"file": PdfUploadField}


@admin.register(Sector)
class SectorAdmin(TranslatedAdmin):
    list_display = ["name", "dac_code", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["name_ar", "name_fr", "name_en", "dac_code"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(Partner)
class PartnerAdmin(TranslatedAdmin):
    list_display = ["name", "kind", "website", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name_ar", "name_fr", "name_en"]
    prepopulated_fields = {"slug": ["name_fr"]}


class FundingInline(LockedWhenPublishedInline, LabelledFieldsInline, admin.TabularInline):
    model = Funding
    extra = 0
    autocomplete_fields = ["partner"]


class SourceLinkInline(LockedWhenPublishedInline, LabelledFieldsInline, admin.TabularInline):
    """The sources backing a record; a source is entered once and reused."""

    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = _("source")
    verbose_name_plural = _("sources")


class InitiativeSourceInline(SourceLinkInline):
    model = Initiative.sources.through


class UpdateSourceInline(SourceLinkInline):
    model = Update.sources.through


class FundingSourceInline(SourceLinkInline):
    model = Funding.sources.through


class UpdateInlineForm(forms.ModelForm):
    """An update published from its initiative's page: refused while one of its photos
    waits for consent, as the Publish action refuses it (Law 09-08)."""

    def clean(self):
        cleaned = super().clean()
        published = cleaned.get("state") == State.PUBLISHED
        if published and self.instance.pk and self.instance.photos.awaiting_consent().exists():
            raise ValidationError(AWAITING_CONSENT)
        return cleaned


class UpdateInline(LockedWhenPublishedInline, TranslatedStackedInline):
    model = Update
    form = UpdateInlineForm
    extra = 0
    fields = [
        "observed_on",
        "title",
        "status_observed",
        "progress_observed",
        "source",
        "source_url",
        "state",
    ]
    show_change_link = True  # photos and documents are added on the update's own page
    classes = ["collapse"]

    def get_readonly_fields(self, request, obj=None):
        # Publishing goes through the update's own page, by the bureau.
        if can_publish(request.user, Update):
            return super().get_readonly_fields(request, obj)
        return [*super().get_readonly_fields(request, obj), "state"]


@admin.register(Initiative)
class InitiativeAdmin(
    PermanentAddressAdmin,
    ImportAdminMixin,
    RestoreDeletedInitiativesAdmin,
    ForgivingSearchAdmin,
    PublishingAdmin,
    HistoryAdmin,
    TranslatedAdmin,
):
    form = InitiativeForm
    list_display = [
        "title",
        "status",
        "progress",
        "sector",
        "commune_list",
        "planned_budget",
        "state",
        "updated_at",
    ]
    list_filter = [
        "state",
        AttentionFilter,
        "status",
        "communes",
        "sector",
        "origin",
        "confidence",
        SourcedFilter,
        "is_demo",
    ]
    list_select_related = ["sector"]
    search_fields = ["title_ar", "title_fr", "title_en", "slug", "origin_reference"]
    search_kind = Document.Kind.INITIATIVE
    date_hierarchy = "start_date"
    autocomplete_fields = [
        "communes",
        "parent",
        "sector",
        "implementing_body",
        "status_source",
        "budget_source",
    ]
    prepopulated_fields = {"slug": ["title_fr"]}
    readonly_fields = ["published_at", "created_at", "updated_at"]
    inlines = [InitiativeSourceInline, FundingInline, UpdateInline]

    def locked_message(self, record):
        add = reverse("admin:initiatives_update_add") + f"?initiative={record.pk}"
        return format_html(
            '{} <a href="{}">{}</a>',
            _(
                "This initiative is published: only the bureau changes it. What is new on "
                "the ground goes in a monitoring update, which the bureau reviews."
            ),
            add,
            _("Add a monitoring update"),
        )

    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "cover_image"]}),
        (
            _("Where and what"),
            {"fields": ["communes", "sector", "parent", "implementing_body"]},
        ),
        (_("Progress"), {"fields": ["status", "progress", "planned_budget", "spent_amount"]}),
        (
            _("Dates"),
            {
                "fields": [
                    ("start_date", "start_date_precision"),
                    ("planned_end_date", "planned_end_precision"),
                    "actual_end_date",
                ]
            },
        ),
        (
            _("Evidence"),
            {
                "fields": [
                    ("status_as_of", "status_as_of_precision"),
                    "status_as_of_note",
                    "status_source",
                    "status_wording",
                    "budget_source",
                    "budget_wording",
                    "confidence",
                    "disagreement",
                    "source_notes",
                ]
            },
        ),
        (_("Origin"), {"fields": ["origin", "origin_reference"]}),
        (_("Location"), {"fields": ["latitude", "longitude"], "classes": ["collapse"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "state",
                    "review_comment",
                    "published_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    class Media:
        # A map to click the location on, which loads Leaflet when the editor asks for it.
        js = ["admin/js/location_picker.js"]
        css = {"all": ["admin/css/location_picker.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("communes")

    def changeform_view(self, request, *args, **kwargs):
        # The location picker's tiles; the other admin pages keep the tile host out.
        return allow_map(super().changeform_view(request, *args, **kwargs), fetches=False)

    def delete_view(self, request, object_id, extra_context=None):
        # Citizens' reports stop a deletion (they could not come back with a restore): the
        # confirmation says what to do instead.
        reported = (
            str(object_id).isdigit()
            and Initiative.objects.filter(pk=object_id, citizen_reports__isnull=False).exists()
        )
        extra_context = {**(extra_context or {}), "citizens_reported": reported}
        return super().delete_view(request, object_id, extra_context)

    @admin.display(description=_("communes"))
    def commune_list(self, obj):
        return names(obj.communes.all())


class UpdatePhotoFormSet(forms.BaseInlineFormSet):
    """The photos of an update saved as published: none may wait for consent (Law 09-08),
    whether the update is being published or the photo is being added to it."""

    def clean(self):
        super().clean()
        if self.instance.state != State.PUBLISHED:
            return
        kept = (form for form in self.forms if not self._should_delete_form(form))
        # Each form's instance holds what was entered once the form is validated.
        if any(not form.instance.is_public for form in kept):
            raise ValidationError(AWAITING_CONSENT)


class UpdatePhotoInline(LockedWhenPublishedInline, TranslatedTabularInline):
    model = UpdatePhoto
    form = UpdatePhotoForm
    formset = UpdatePhotoFormSet
    extra = 0
    fields = [
        "image",
        "caption",
        "taken_on",
        "shows_identifiable_people",
        "consent_recorded_on",
        "consent_note",
    ]


class UpdateDocumentInline(LockedWhenPublishedInline, TranslatedTabularInline):
    model = UpdateDocument
    form = UpdateDocumentForm
    extra = 0
    fields = ["file", "title"]


@admin.register(Update)
class UpdateAdmin(
    RestoreDeletedAdmin, ForgivingSearchAdmin, PublishingAdmin, HistoryAdmin, TranslatedAdmin
):
    commune_lookup = "initiative__communes"
    search_kind = Document.Kind.UPDATE
    list_display = ["title", "initiative", "observed_on", "source", "photo_count", "state"]
    list_filter = ["state", "source", "status_observed"]
    list_select_related = ["initiative"]
    search_fields = ["title_ar", "title_fr", "title_en", "initiative__title_ar"]
    date_hierarchy = "observed_on"
    autocomplete_fields = ["initiative"]
    readonly_fields = ["published_at", "created_at", "updated_at"]
    inlines = [UpdatePhotoInline, UpdateDocumentInline, UpdateSourceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_photo_count=Count("photos"))

    @admin.display(description=_("photos"), ordering="_photo_count")
    def photo_count(self, obj):
        return obj._photo_count


@admin.register(Funding)
class FundingAdmin(
    RestoreDeletedAdmin,
    LockedWithParentAdmin,
    CommuneScopedAdmin,
    ForgivingAutocompleteAdmin,
    ForgivingLettersAdmin,
    WesternDigitsAdmin,
    HistoryAdmin,
):
    locked_parent = "initiative"
    commune_lookup = "initiative__communes"
    inlines = [FundingSourceInline]
    list_display = ["initiative", "partner", "amount"]
    list_select_related = ["initiative", "partner"]
    search_fields = ["initiative__title_ar", "initiative__title_fr", "partner__name_ar"]
    autocomplete_fields = ["initiative", "partner"]


@admin.register(UpdatePhoto)
class UpdatePhotoAdmin(
    RestoreDeletedAdmin, LockedWithParentAdmin, CommuneScopedAdmin, TranslatedAdmin
):
    form = UpdatePhotoForm
    commune_lookup = "update__initiative__communes"
    list_display = [
        "__str__",
        "update",
        "taken_on",
        "shows_identifiable_people",
        "consent_recorded_on",
    ]
    list_filter = [ConsentFilter, "shows_identifiable_people"]
    list_select_related = ["update"]
    autocomplete_fields = ["update"]
    search_fields = ["caption_ar", "caption_fr", "update__title_ar"]


@admin.register(UpdateDocument)
class UpdateDocumentAdmin(
    RestoreDeletedAdmin, LockedWithParentAdmin, CommuneScopedAdmin, TranslatedAdmin
):
    form = UpdateDocumentForm
    commune_lookup = "update__initiative__communes"
    list_display = ["title", "update"]
    list_select_related = ["update"]
    autocomplete_fields = ["update"]
    search_fields = ["title_ar", "title_fr", "update__title_ar"]
