"""The initiatives list's filters, and the counts shown next to each option (facets)."""

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, IntegerField, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from azemmour_portal.dates import EARLIEST
from azemmour_portal.filtering import FilterSet, OneValueForm
from communes.models import Commune

from . import tallies
from .models import Funding, Initiative, Partner, Sector

# What reads as a ticked box: the checkbox's value, or "true" as the API documents it.
LATE_ONLY = (True, "on", "true")


class LateOnlyBox(forms.CheckboxInput):
    """The box's value as sent, for LateOnlyField to read: Django's checkbox takes any text
    but "false" for a ticked box, so `late=0` or `late=no` in an address meant the opposite."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: value in LATE_ONLY)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class LateOnlyField(forms.NullBooleanField):
    """Ticked ("on", or "true" as the API documents it), or not given; anything else is an
    error the page and the API show."""

    widget = LateOnlyBox

    def to_python(self, value):
        if value in LATE_ONLY:
            return True
        if value in (None, "", False, "false"):
            return None
        raise forms.ValidationError(
            _("Tick the box for the late initiatives only (late=on), or leave it out."),
            code="invalid",
        )


class LateOnlyFilter(django_filters.BooleanFilter):
    field_class = LateOnlyField


SORTS = {
    # Published initiatives all have a date: the index initiative_newest serves this order.
    "newest": ("-published_at", "-id"),
    "budget": (F("planned_budget").desc(nulls_last=True), "-id"),
    # An initiative whose progress is not recorded comes last either way.
    "progress": (F("progress").desc(nulls_last=True), "-id"),
    "least-progress": (F("progress").asc(nulls_last=True), "-id"),
    "name": None,  # by the title shown, which depends on the language: see title_order()
}
SORT_CHOICES = [
    ("newest", _("newest")),
    ("budget", _("largest budget")),
    ("progress", _("most progress")),
    ("least-progress", _("least progress")),
    ("name", _("name")),
]
QUERY_MAX_LENGTH = 200


# Django's own messages count digits (with a wrong Arabic plural) or print 1e+50.
TOO_LARGE = _("This amount is too large: write it in dirhams, in figures.")
AMOUNT_ERRORS = dict.fromkeys(("max_digits", "max_whole_digits", "max_value"), TOO_LARGE)


class InitiativeFilter(FilterSet):
    q = django_filters.CharFilter(
        label=_("Words"),
        method="filter_words",
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"dir": "auto", "type": "search"}),
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        field_name="communes",
        queryset=Commune.objects.all(),
        to_field_name="slug",
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=Sector.objects.all(), to_field_name="slug"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Initiative.Status.choices)
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"),
        queryset=Partner.objects.all(),
        to_field_name="slug",
        method="filter_partner",
    )
    origin = django_filters.ChoiceFilter(label=_("Origin"), choices=Initiative.Origin.choices)
    start_year = django_filters.NumberFilter(
        label=_("Start year"),
        field_name="start_date",
        lookup_expr="year",
        min_value=EARLIEST.year,
        max_value=2100,
        decimal_places=0,
    )
    budget_min = django_filters.NumberFilter(
        label=_("Budget from (MAD)"),
        field_name="planned_budget",
        lookup_expr="gte",
        min_value=0,
        max_digits=14,
        error_messages=AMOUNT_ERRORS,
    )
    budget_max = django_filters.NumberFilter(
        label=_("Budget up to (MAD)"),
        field_name="planned_budget",
        lookup_expr="lte",
        min_value=0,
        max_digits=14,
        error_messages=AMOUNT_ERRORS,
    )
    late = LateOnlyFilter(label=_("Late only"), method="filter_late")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="sort_by", empty_label=None
    )

    class Meta:
        model = Initiative
        fields: list[str] = []
        form = OneValueForm

    # The filters whose options show a count for the current selection.
    FACETS = ("commune", "sector", "partner", "status", "origin")

    def filter_words(self, queryset, name, value):
        # The same engine as the site search: normalised Arabic, typos, all languages.
        from search.query import matching_ids

        ids = matching_ids(value, "initiative")
        # Typed text with no searchable word in it (symbols, emoji) matches nothing.
        return queryset.none() if ids is None else queryset.filter(pk__in=ids)

    def filter_partner(self, queryset, name, partner):
        # Funder or implementer; a subquery, so an initiative is never listed twice.
        funded = Funding.objects.filter(partner=partner).values("initiative")
        return queryset.filter(Q(pk__in=funded) | Q(implementing_body=partner))

    def filter_late(self, queryset, name, value):
        return queryset.late() if value else queryset

    def sort_by(self, queryset, name, value):
        if value == "name":
            return queryset.order_by(title_order(), "id")
        return queryset.order_by(*SORTS.get(value) or SORTS["newest"])

    @property
    def sorted_qs(self):
        """The filtered initiatives, in the chosen order (newest first by default)."""
        queryset = self.qs
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS["newest"])
        return queryset

    def without(self, excluded: str):
        """The selection with every valid filter applied except one, for its facet counts."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in (excluded, "sort"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def chosen(self) -> dict:
        """The valid filters that narrow the selection, by name (not the order)."""
        self.form.is_valid()
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name != "sort" and value not in (None, "", False)
        }

    def understood_query(self) -> str:
        """The query string of the filters applied, without those left out for an error:
        the address of this very selection's downloads, which would refuse the others."""
        self.form.is_valid()
        query = QueryDict(mutable=True)
        for name, values in self.data.lists():
            if name in self.form.fields and name not in self.form.errors:
                query.setlist(name, values)
        return f"?{query.urlencode()}" if query else ""

    def count(self, facets) -> int:
        """How many initiatives match, read from the status facet: every initiative has
        one status, so its counts share out the selection without the status filter."""
        chosen = self.form.cleaned_data.get("status")
        return sum(n for value, _, n in facets["status"] if not chosen or value == chosen)

    def facets(self) -> dict[str, list[tuple[str, str, int]]]:
        """For each faceted filter: (value, label, count) of every option that matches.

        Counted from the tallies (initiatives/tallies.py) when only faceted filters are
        chosen, the usual case; from the initiatives themselves otherwise."""
        chosen = self.chosen()
        if set(chosen) <= set(tallies.DIMENSIONS):
            counts = tallies.facet_counts(chosen)
        else:
            counts = self.counted_facets()
        result = {}
        for name, options in (
            ("commune", Commune.objects.all()),
            ("sector", Sector.objects.all()),
            (
                "partner",
                Partner.objects.filter(pk__in=[*counts["partner"], *self.chosen_pk("partner")]),
            ),
        ):
            for option in options:
                option.n = counts[name].get(option.pk, 0)
            result[name] = self.shown(name, options)
        for name, choices in (
            ("status", Initiative.Status.choices),
            ("origin", Initiative.Origin.choices),
        ):
            chosen_value = self.form.cleaned_data.get(name)
            result[name] = [
                (value, label, counts[name].get(value, 0))
                for value, label in choices
                if counts[name].get(value) or value == chosen_value
            ]
        return result

    def counted_facets(self) -> dict[str, dict]:
        """Each facet's counts from the initiatives: one grouped query per faceted filter,
        over the selection without its own filter."""
        counts = {}
        for name, model, relation in (
            ("commune", Commune, "initiatives"),
            ("sector", Sector, "initiatives"),
        ):
            matching = self.without(name).order_by().values("pk")
            rows = (
                model.objects.filter(**{f"{relation}__in": matching})
                .order_by()
                .values("pk")
                .annotate(n=Count(relation, distinct=True))
            )
            counts[name] = {row["pk"]: row["n"] for row in rows}
        counts["partner"] = partner_counts(self.without("partner").order_by().values("pk"))
        for name in ("status", "origin"):
            rows = (
                self.without(name)
                .order_by()
                .values_list(name)
                .annotate(n=Count("pk", distinct=True))
            )
            counts[name] = dict(rows)
        return counts

    def chosen_pk(self, name: str) -> list[int]:
        # Only a valid choice counts: raw input may hold anything, a NUL byte included.
        chosen = self.form.cleaned_data.get(name)
        return [chosen.pk] if chosen else []

    def shown(self, name: str, options) -> list[tuple[str, str, int]]:
        """The options that match something, and the chosen one even when it matches nothing."""
        chosen = self.chosen_pk(name)
        return [
            (option.slug, str(option), option.n)
            for option in options
            if option.n or option.pk in chosen
        ]


def partner_counts(matching) -> dict[int, int]:
    """Partner id → how many of the matching initiatives it funds or implements (an
    initiative a partner both funds and implements counts once)."""
    try:
        selection, params = matching.query.sql_with_params()
    except EmptyResultSet:  # the selection is empty (none()): nothing to count
        return {}
    quote = connection.ops.quote_name
    funding, initiative = quote(Funding._meta.db_table), quote(Initiative._meta.db_table)
    # Written out rather than as a union of two querysets: the columns' order must not
    # depend on how the ORM compiles each side. UNION (not UNION ALL) keeps each
    # (partner, initiative) pair once.
    sql = (
        f"SELECT pairs.partner, COUNT(*) FROM ("
        f"SELECT f.partner_id AS partner, f.initiative_id AS initiative FROM {funding} f "
        f"WHERE f.initiative_id IN ({selection}) "
        f"UNION SELECT i.implementing_body_id, i.id FROM {initiative} i "
        f"WHERE i.implementing_body_id IS NOT NULL AND i.id IN ({selection})"
        f") pairs GROUP BY pairs.partner"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *params])
        return dict(cursor.fetchall())


def title_order():
    """The title visitors see: in their language, else the Arabic or French fallback."""
    language = get_language() or settings.LANGUAGE_CODE
    columns = [f"title_{language}"] + [
        f"title_{fallback}" for fallback in ("ar", "fr") if fallback != language
    ]
    return Coalesce(*(NullIf(column, Value("")) for column in columns))


class SubqueryCount(Subquery):
    """COUNT(*) of a subquery: correlated, one value per outer row; or not, one value.

    The rows' order is dropped (unless a slice depends on it): a count ignores it, and
    sorting by a column no index holds would read every row from the table."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _facet)"
    output_field = IntegerField()

    def __init__(self, queryset, **extra):
        super().__init__(queryset if queryset.query.is_sliced else queryset.order_by(), **extra)
