"""What every admin page of the portal shares: translation tabs and the site's titles."""

from functools import reduce
from operator import or_

from django.contrib import admin
from django.contrib.admin import widgets
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify, smart_split, unescape_string_literal
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from search.functions import Folded
from search.normalize import fold

from . import digits, withheld
from .edit_conflicts import EditConflictAdmin, StaleRowsInline, UnsavedWorkAdmin

admin.site.site_header = _("Azemmour Foundation for Local Development")
admin.site.site_title = _("Azemmour Foundation for Local Development")
admin.site.index_title = _("Records of the development monitor")


class TranslationTabsMedia:
    # modeltranslation's own tabs need jQuery UI from a CDN; this small script draws the
    # same language tabs with no third-party code. Without JavaScript all languages show.
    js = ("admin/js/translation_tabs.js",)
    css = {"all": ("admin/css/translation_tabs.css",)}


class WesternDigitsAdmin:
    """Dates and decimals typed with Arabic-Indic digits are read (azemmour_portal/digits.py),
    in the admin's own widgets."""

    formfield_overrides = {
        models.DateTimeField: {
            "form_class": digits.SplitDateTimeField,
            "widget": widgets.AdminSplitDateTime,
        },
        models.DateField: {"form_class": digits.DateField, "widget": widgets.AdminDateWidget},
        models.DecimalField: {"form_class": digits.DecimalField},
    }


class ForgivingAutocompleteMixin:
    """A searchable choice whose selected values are looked up only if they can name a
    record: Django's own widget looks up whatever was sent ("abc" for a number) while
    drawing the refused form again, and fails there instead of showing the field's error."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        options = remote.model._meta
        key = options.get_field(getattr(remote, "field_name", options.pk.attname))
        return super().optgroups(name, [v for v in value if can_name_a_record(key, v)], attr)


def can_name_a_record(key, value) -> bool:
    try:
        key.to_python(value)
    except ValidationError:
        return False
    return True


class ForgivingAutocompleteSelect(ForgivingAutocompleteMixin, widgets.AutocompleteSelect):
    pass


class ForgivingAutocompleteSelectMultiple(
    ForgivingAutocompleteMixin, widgets.AutocompleteSelectMultiple
):
    pass


class ForgivingAutocompleteAdmin:
    """An admin or inline whose autocomplete_fields use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ForgivingAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ForgivingAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LabelledFieldsInline(StaleRowsInline, ForgivingAutocompleteAdmin, WesternDigitsAdmin):
    """A tabular inline whose fields say their names: a table's column header does not
    label the input under it, so each visible widget gets its field's label as aria-label."""

    def get_formset(self, request, obj=None, **kwargs):
        # A line repeating one already recorded: Django names the relation's model, which
        # for a many-to-many link is an English "Initiative-source relationship".
        kwargs.setdefault(
            "error_messages",
            {NON_FIELD_ERRORS: {"unique_together": _("This line repeats one already recorded.")}},
        )
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def get_unique_error_message(self, unique_check):
                # Django's names the fields by their code names ("partner").
                names = [
                    str(self.form.base_fields[name].label or name)
                    for name in unique_check
                    if name in self.form.base_fields
                ]
                return gettext("The same %(fields)s is given on two lines: keep one.") % {
                    "fields": gettext(" and ").join(names)
                }

            def add_fields(self, form, index):
                super().add_fields(form, index)
                for name, field in form.fields.items():
                    # The admin's wrapper (with its add and change links) renders the widget
                    # it wraps, with that widget's own attributes.
                    widget = getattr(field.widget, "widget", field.widget)
                    if not widget.is_hidden:
                        widget.attrs.setdefault("aria-label", str(field.label or name))

        LabelledFormSet.__name__ = formset.__name__
        return LabelledFormSet


class ReadableChanges(HistoricalRecordContextHelper):
    """A change on a record's history page as its form shows it: a choice by its label
    («قيد الإنجاز», not in_progress), yes or no, «—» for nothing, several records joined
    («أزمور، الحوزية», not a Python list)."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, models.ManyToManyField):
            names = super().prepare_delta_change_value(change, value)
            return pgettext("list separator", ", ").join(map(str, names)) or NOTHING
        if value is None or value == "":
            return NOTHING
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        if field.flatchoices:
            return dict(field.flatchoices).get(value, value)
        return value


NOTHING = "—"


class HistoryAdmin(UnsavedWorkAdmin, EditConflictAdmin, SimpleHistoryAdmin):
    """A record's history, where reverting to a version brings back that version's files
    (withheld when a new upload replaced them: azemmour_portal/withheld.py). They must be
    back before the form reads them (a photo's width and height), and are withheld again
    if the revert did not happen."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "POST" or self.revert_disabled(request):
            return super().history_form_view(request, object_id, version_id, extra_context)
        version = (
            self.model.history.model.objects.filter(history_id=version_id).first()
            if str(version_id).isdigit()
            else None
        )
        back = set()
        if version is not None and str(version.id) == str(object_id):
            back = {
                (storage, name)
                for storage, name in withheld.files(version.instance)
                if withheld.bring_back(storage, name)
            }
        response = super().history_form_view(request, object_id, version_id, extra_context)
        current = self.model._base_manager.filter(pk=version.id).first() if back else None
        for storage, name in back - (withheld.files(current) if current else set()):
            withheld.withhold(storage, name)
        return response


def folded_word(word: str) -> str:
    if word[:1] in "\"'" and word[-1:] == word[:1]:
        word = unescape_string_literal(word)
    return "".join(fold(word).split())


class ForgivingLettersAdmin:
    """The admin's search, for a list the search index does not cover: besides Django's
    exact match, the records whose searched fields hold each typed word once both are
    folded alike, so that «المجلس الاداري» finds «المجلس الإداري», «ابوزيد» «أبوزيد» and
    «عبداللطيف» «عبد اللطيف». A list of indexed records (search/admin.py) is searched
    through the index instead."""

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        fields = [name.lstrip("^=@") for name in self.get_search_fields(request)]
        words = [word for word in map(folded_word, smart_split(search_term)) if word]
        if getattr(self, "search_kind", "") or not fields or not words:
            return found, may_have_duplicates
        columns = {f"_folded_{i}": Folded(field) for i, field in enumerate(fields)}
        matching = queryset.alias(**columns)
        for word in words:
            matching = matching.filter(
                reduce(or_, (Q(**{f"{column}__contains": word}) for column in columns))
            )
        return found | queryset.filter(pk__in=matching.values("pk")), may_have_duplicates


class TranslatedAdmin(
    UnsavedWorkAdmin,
    EditConflictAdmin,
    ForgivingAutocompleteAdmin,
    ForgivingLettersAdmin,
    WesternDigitsAdmin,
    TranslationAdmin,
):
    Media = TranslationTabsMedia


class TranslatedTabularInline(LabelledFieldsInline, TranslationTabularInline):
    Media = TranslationTabsMedia


class TranslatedStackedInline(
    StaleRowsInline, ForgivingAutocompleteAdmin, WesternDigitsAdmin, TranslationStackedInline
):
    Media = TranslationTabsMedia


class PermanentAddressAdmin:
    """Once a record's page has been public, its slug is part of an address that others
    cite (the page says «permanent address»): it can no longer be changed. A commune is
    public from the start; a record with a publication date, from its first publication."""

    def address_is_permanent(self, obj) -> bool:
        return obj is not None and obj.pk is not None and getattr(obj, "published_at", True)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "slug"] if self.address_is_permanent(obj) else fields

    def get_prepopulated_fields(self, request, obj=None):
        fields = super().get_prepopulated_fields(request, obj)
        if self.address_is_permanent(obj):
            return {name: sources for name, sources in fields.items() if name != "slug"}
        return fields


class SlugFromTitleForm:
    """A model form whose slug (the page's address, in Latin letters) may be left empty:
    it is then made from the French or English title, or, for a record titled in Arabic
    alone, from the model's name and the day, unique either way. The admin's script fills
    it from the French title as it is typed; a volunteer who writes only Arabic is not
    stopped by a field they may not understand."""

    slug_sources = ("title_fr", "title_en")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "The page's address, in Latin letters. Left empty, it is made from the "
                "French or English title."
            )

    def clean(self):
        cleaned = super().clean()
        # Only an empty slug is made: one typed wrong keeps its error.
        if "slug" in self.fields and "slug" not in self.errors and not cleaned.get("slug"):
            cleaned["slug"] = self.unique_slug(self.slug_base(cleaned))
        return cleaned

    def slug_base(self, cleaned) -> str:
        max_length = self._meta.model._meta.get_field("slug").max_length - 4
        for source in self.slug_sources:
            if base := slugify(cleaned.get(source) or "")[:max_length].strip("-"):
                return base
        return f"{self._meta.model._meta.model_name}-{timezone.localdate():%Y-%m-%d}"

    def unique_slug(self, base: str) -> str:
        others = self._meta.model._default_manager.exclude(pk=self.instance.pk)
        slug, number = base, 1
        while others.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug
