from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from azemmour_portal.admin import (
    ForgivingAutocompleteAdmin,
    ForgivingLettersAdmin,
    HistoryAdmin,
    TranslatedAdmin,
    WesternDigitsAdmin,
)
from azemmour_portal.edit_conflicts import StaleRowsInline
from initiatives.uploads import ImageUploadField, PdfUploadField, UploadForm
from workflow.admin import RestoreDeletedAdmin

from .models import Assembly, Body, Goal, Membership, Person, Principle

DUPLICATE_CURRENT = next(
    c for c in Membership._meta.constraints if c.name == "membership_no_duplicate_current"
)


class MembershipFormSet(BaseInlineFormSet):
    """Refuse the same current role twice in one submission.

    Each row is checked against the saved rows only, and Django's formset checks rows
    against each other only for unconditional unique constraints; the database would
    otherwise refuse the second row with an error page.
    """

    def clean(self):
        super().clean()
        current = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("end_date"):
                continue
            key = (data.get("body"), data.get("role"))
            if key in current:
                raise ValidationError(DUPLICATE_CURRENT.violation_error_message)
            current.add(key)


class MembershipInline(
    StaleRowsInline, ForgivingAutocompleteAdmin, WesternDigitsAdmin, admin.TabularInline
):
    model = Membership
    formset = MembershipFormSet
    extra = 0
    fields = ["body", "role", "start_date", "end_date", "elected_at"]
    autocomplete_fields = ["body"]


@admin.register(Body)
class BodyAdmin(TranslatedAdmin):
    list_display = ["name", "display_order"]
    list_editable = ["display_order"]
    search_fields = ["name_ar", "name_fr", "name_en"]
    prepopulated_fields = {"slug": ["name_fr"]}


class PersonForm(UploadForm):
    renditions_field = "renditions"

    class Meta:
        model = Person
        fields = "__all__"
        field_classes = {"photo": ImageUploadField}


@admin.register(Person)
class PersonAdmin(TranslatedAdmin):
    form = PersonForm
    list_display = ["full_name", "full_name_fr"]
    search_fields = ["full_name_ar", "full_name_fr", "full_name_en"]
    prepopulated_fields = {"slug": ["full_name_fr"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(
    RestoreDeletedAdmin,
    ForgivingAutocompleteAdmin,
    ForgivingLettersAdmin,
    WesternDigitsAdmin,
    HistoryAdmin,
):
    list_display = ["person", "body", "role", "start_date", "end_date", "is_current"]
    list_filter = ["body", "role", ("end_date", admin.EmptyFieldListFilter)]
    list_select_related = ["person", "body"]
    search_fields = ["person__full_name_ar", "person__full_name_fr"]
    autocomplete_fields = ["person", "body", "elected_at"]

    @admin.display(description=_("current"), boolean=True)
    def is_current(self, obj):
        return obj.is_current


class AssemblyForm(UploadForm):
    class Meta:
        model = Assembly
        fields = "__all__"
        field_classes = {"minutes": PdfUploadField}


@admin.register(Assembly)
class AssemblyAdmin(TranslatedAdmin):
    form = AssemblyForm
    list_display = ["__str__", "kind", "date", "place"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["place_ar", "place_fr", "summary_ar", "summary_fr"]


@admin.register(Principle, Goal)
class StatementAdmin(TranslatedAdmin):
    list_display = ["position", "text"]
    list_display_links = ["text"]
    search_fields = ["text_ar", "text_fr", "text_en"]
