from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from azemmour_portal.admin import (
    ForgivingAutocompleteAdmin,
    ForgivingLettersAdmin,
    PermanentAddressAdmin,
    TranslatedAdmin,
    WesternDigitsAdmin,
)
from azemmour_portal.edit_conflicts import (
    EditConflictAdmin,
    KeptWhileCitedAdmin,
    StaleRowsInline,
)
from initiatives.models import PartnerTally, Tally
from maps.forms import OutlineField, OutlineFormMixin, outline_file_field
from workflow.roles import correspondent_communes

from .models import CensusFigure, Commune


class CommuneForm(OutlineFormMixin, forms.ModelForm):
    boundary_file = outline_file_field()

    class Meta:
        model = Commune
        fields = ["boundary"]  # the admin adds the fields of its fieldsets
        field_classes = {"boundary": OutlineField}


class CensusFigureInline(StaleRowsInline, WesternDigitsAdmin, admin.TabularInline):
    model = CensusFigure
    extra = 0
    fields = ["year", "population", "households", "source", "source_url"]


@admin.register(Commune)
class CommuneAdmin(KeptWhileCitedAdmin, PermanentAddressAdmin, TranslatedAdmin):
    form = CommuneForm
    list_display = ["name", "kind", "hcp_code", "initiative_count", "display_order"]
    list_editable = ["display_order"]
    list_filter = ["kind"]
    search_fields = ["name_ar", "name_fr", "name_en", "alternative_names", "hcp_code"]
    prepopulated_fields = {"slug": ["name_fr"]}
    inlines = [CensusFigureInline]

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The commune picker of a record's form offers a correspondent their communes
        # only: the form refuses any other (workflow/admin.py, CommuneScopedAdmin).
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "autocomplete":
            communes = correspondent_communes(request.user)
            if communes is not None:
                found = found.filter(pk__in=communes.values("pk"))
        return found, may_have_duplicates

    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "description"]}),
        (_("Names"), {"fields": ["alternative_names", "tifinagh_name"]}),
        (_("Reference"), {"fields": ["hcp_code", "area_km2", "website", "display_order"]}),
        (
            _("Location"),
            {"fields": ["latitude", "longitude"], "classes": ["collapse"]},
        ),
        (_("Outline"), {"fields": ["boundary", "boundary_file"], "classes": ["collapse"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        # Read only: the outline upload is a form's field, with no value to show.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "boundary_file"]})
            for name, options in fieldsets
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_initiative_count=Count("initiatives"))

    @admin.display(description=_("initiatives"), ordering="_initiative_count")
    def initiative_count(self, obj):
        return obj._initiative_count

    def get_deleted_objects(self, objs, request):
        """Deleting a commune deletes the tallies counted for it too (initiatives/tallies.py):
        rows the portal computes again, which a volunteer neither knows nor acts on. The
        confirmation page leaves them out of what it lists."""
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        derived = (Tally, PartnerTally)
        plurals = {str(model._meta.verbose_name_plural) for model in derived}
        labels = tuple(f"{capfirst(model._meta.verbose_name)}: " for model in derived)

        def shown(items: list) -> list:
            kept = []
            for item in items:
                if isinstance(item, list):
                    if inner := shown(item):
                        kept.append(inner)
                elif not str(item).startswith(labels):
                    kept.append(item)
            return kept

        counts = {name: n for name, n in counts.items() if str(name) not in plurals}
        return shown(to_delete), counts, perms_needed, protected


@admin.register(CensusFigure)
class CensusFigureAdmin(
    EditConflictAdmin,
    ForgivingAutocompleteAdmin,
    ForgivingLettersAdmin,
    WesternDigitsAdmin,
    admin.ModelAdmin,
):
    list_display = ["commune", "year", "population", "households", "source"]
    list_filter = ["year", "commune"]
    list_select_related = ["commune"]
    search_fields = ["commune__name_ar", "commune__name_fr", "source"]
    autocomplete_fields = ["commune", "sources"]
