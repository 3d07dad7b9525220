"""The columns of the initiative exports: one definition for CSV, JSON, GeoJSON and the
data dictionary, so a column cannot be exported without being documented.

Each column reads one value from an initiative fetched by `exports.export_queryset()` (its
communes, fundings and sources prefetched) while the export's language is active.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from sources.models import DatePrecision

LANGUAGES = ("ar", "fr", "en")
IN_LANGUAGE = {
    "ar": _("In Arabic; empty when there is no translation."),
    "fr": _("In French; empty when there is no translation."),
    "en": _("In English; empty when there is no translation."),
}

# Value types, as the data dictionary names them.
TEXT = _("text")
IDENTIFIER = _("identifier")
URL = _("web address (URL)")
INTEGER = _("whole number")
DECIMAL = _("decimal number")
DATE = _("date (ISO 8601, YYYY-MM-DD)")
DATETIME = _("date and time (ISO 8601, with the offset from UTC)")
BOOLEAN = _("true or false")


@dataclass(frozen=True)
class Column:
    name: str
    meaning: Promise
    type: Promise
    get: Callable[[Initiative, "Row"], Any]
    unit: Promise | str = ""
    # Either a sentence, or the list of (value, label) a column may hold.
    allowed: Promise | str | list = ""
    # Several values: a list in JSON, joined by "; " in CSV and GeoJSON properties.
    many: bool = False

    @property
    def choices(self) -> list | None:
        return self.allowed if isinstance(self.allowed, list) else None


@dataclass
class Row:
    """What every column of one export needs besides the initiative."""

    url_template: str  # the absolute address of an initiative page, "{slug}" in it
    today: datetime.date = field(default_factory=timezone.localdate)


def _iso(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


PRECISIONS = list(DatePrecision.choices)
IATI_CODES = [
    (1, _("pipeline/identification")),
    (2, _("implementation")),
    (3, _("finalisation")),
    (5, _("cancelled")),
    (6, _("suspended")),
]


def _translated(name: str, meaning: Promise) -> list[Column]:
    return [
        Column(
            f"{name}_{code}",
            meaning,
            TEXT,
            lambda i, row, attr=f"{name}_{code}": getattr(i, attr) or None,
            allowed=IN_LANGUAGE[code],
        )
        for code in LANGUAGES
    ]


def _date(name: str, meaning: Promise, attr: str, precision: str | None = None) -> list[Column]:
    columns = [Column(name, meaning, DATE, lambda i, row: _iso(getattr(i, attr)))]
    if precision:
        columns.append(
            Column(
                f"{name}_precision",
                _(
                    "How much of the date above is known: a date known only to the month or the "
                    "year is stored as the first day of that month or year."
                ),
                IDENTIFIER,
                lambda i, row: getattr(i, precision) if getattr(i, attr) else None,
                allowed=PRECISIONS,
            )
        )
    return columns


COLUMNS: list[Column] = [
    Column(
        "slug",
        _("The initiative's permanent identifier, as in the address of its page."),
        IDENTIFIER,
        lambda i, row: i.slug,
    ),
    Column(
        "url",
        _("The address of the initiative's page, in the language of the export."),
        URL,
        lambda i, row: row.url_template.replace("{slug}", i.slug),
    ),
    *_translated("title", _("Title of the initiative.")),
    *_translated("summary", _("One or two sentences describing the initiative.")),
    Column(
        "communes",
        _("The communes where the initiative takes place, in the language of the export."),
        TEXT,
        lambda i, row: [c.name for c in i.communes.all()],
        many=True,
    ),
    Column(
        "commune_slugs",
        _("The identifiers of the same communes, as in the addresses of their pages."),
        IDENTIFIER,
        lambda i, row: [c.slug for c in i.communes.all()],
        many=True,
    ),
    Column("sector", _("Sector, in the language of the export."), TEXT, lambda i, r: i.sector.name),
    Column(
        "sector_slug",
        _("Identifier of the sector, as used by the initiatives list's filter."),
        IDENTIFIER,
        lambda i, row: i.sector.slug,
    ),
    Column(
        "sector_dac_code",
        _("The sector's OECD DAC code, when the foundation has given it."),
        IDENTIFIER,
        lambda i, row: i.sector.dac_code or None,
        allowed=_("3 or 5 digits, e.g. 140 (water supply and sanitation)."),
    ),
    Column(
        "status",
        _("Where the initiative stands, as recorded by the foundation."),
        IDENTIFIER,
        lambda i, row: i.status,
        allowed=list(Initiative.Status.choices),
    ),
    Column(
        "status_label",
        _("The same status, in words, in the language of the export."),
        TEXT,
        lambda i, row: str(i.get_status_display()),
    ),
    Column(
        "iati_status_code",
        _("The status as an IATI activity-status code, to join donors' open data."),
        INTEGER,
        lambda i, row: i.iati_status_code(),
        allowed=IATI_CODES,
    ),
    Column(
        "progress",
        _("Physical progress of the works; empty when no source gives it."),
        INTEGER,
        lambda i, row: i.progress,
        unit=_("percent"),
        allowed=_("0 to 100"),
    ),
    Column(
        "planned_budget_mad",
        _("The planned budget; empty when it is not published."),
        DECIMAL,
        lambda i, row: i.planned_budget,
        unit=_("Moroccan dirhams (MAD)"),
        allowed=_(
            "0 or more, written without thousands separators, with a point before any decimals."
        ),
    ),
    Column(
        "spent_amount_mad",
        _("The amount spent so far; empty when it is not known."),
        DECIMAL,
        lambda i, row: i.spent_amount,
        unit=_("Moroccan dirhams (MAD)"),
        allowed=_(
            "0 or more, written without thousands separators, with a point before any decimals."
        ),
    ),
    Column(
        "funders",
        _("The partners that fund the initiative, in the language of the export."),
        TEXT,
        lambda i, row: [f.partner.name for f in i.fundings.all()],
        many=True,
    ),
    Column(
        "implementing_body",
        _("The body that carries out the works, when known."),
        TEXT,
        lambda i, row: i.implementing_body.name if i.implementing_body else None,
    ),
    Column(
        "origin",
        _("Where the initiative comes from."),
        IDENTIFIER,
        lambda i, row: i.origin,
        allowed=list(Initiative.Origin.choices),
    ),
    Column(
        "origin_reference",
        _("The reference of its origin, e.g. the item of the commune action programme."),
        TEXT,
        lambda i, row: i.origin_reference or None,
    ),
    *_date("start_date", _("When the works started."), "start_date", "start_date_precision"),
    *_date(
        "planned_end_date",
        _("When the works are planned to end."),
        "planned_end_date",
        "planned_end_precision",
    ),
    *_date(
        "actual_end_date", _("When the works ended (completed initiatives)."), "actual_end_date"
    ),
    Column(
        "is_late",
        _(
            "Past its planned end date (the whole month or year, when only that is "
            "known) and neither completed nor cancelled, on the day of the export."
        ),
        BOOLEAN,
        lambda i, row: i.is_late(row.today),
    ),
    *_date(
        "status_as_of",
        _("When a source last reported the status."),
        "status_as_of",
        "status_as_of_precision",
    ),
    *_translated(
        "status_as_of_note",
        _(
            "What the source leaves uncertain about the status date, e.g. a month given "
            "without its year; empty when nothing is."
        ),
    ),
    Column(
        "latitude",
        _("Latitude of the site; empty when the location is not recorded."),
        DECIMAL,
        lambda i, row: i.latitude,
        unit=_("decimal degrees (WGS 84), north positive"),
    ),
    Column(
        "longitude",
        _("Longitude of the site; empty when the location is not recorded."),
        DECIMAL,
        lambda i, row: i.longitude,
        unit=_("decimal degrees (WGS 84), east positive (the district's are negative)"),
    ),
    Column(
        "sources",
        _(
            "The addresses of the public sources (articles, communiqués, deliberations) that "
            "back the facts."
        ),
        URL,
        lambda i, row: [s.url for s in i.sources.all() if s.url],
        many=True,
    ),
    Column(
        "confidence",
        _(
            "How well the sources establish the facts: high (several independent sources, "
            "or an official one, agree), medium (one reliable source, or sources differ on "
            "details), low (an undated, indirect or contested source: leads to check); "
            "empty when not assessed."
        ),
        IDENTIFIER,
        lambda i, row: i.confidence or None,
        allowed=list(Initiative.Confidence.choices),
    ),
    *_translated(
        "disagreement",
        _(
            "Where the sources disagree, with each source's figure (the budget column holds "
            "one of them); empty when they agree."
        ),
    ),
    Column(
        "budget_wording",
        _("The budget as the sources word it, quoted as published, in their languages."),
        TEXT,
        lambda i, row: i.budget_wording or None,
    ),
    Column(
        "published_at",
        _("When the foundation published the initiative on the portal."),
        DATETIME,
        lambda i, row: _iso(i.published_at),
    ),
    Column(
        "updated_at",
        _("When the record was last changed."),
        DATETIME,
        lambda i, row: _iso(i.updated_at),
    ),
    Column(
        "is_demo",
        _(
            "A generated demonstration record, not a real project (shown only by "
            "demonstration deployments)."
        ),
        BOOLEAN,
        lambda i, row: i.is_demo,
    ),
]

NAMES = [column.name for column in COLUMNS]
MANY_SEPARATOR = "; "


def values(initiative: Initiative, row: Row) -> dict[str, Any]:
    """Column name → Python value (str, int, Decimal, bool, list or None)."""
    return {column.name: column.get(initiative, row) for column in COLUMNS}


def plain_number(value: Decimal) -> str:
    """1250000.00 → "1250000"; 12.50 → "12.5": no exponent, no separators."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def flat(value):
    """A value for a CSV cell or a GeoJSON property: lists joined, numbers kept as numbers."""
    if isinstance(value, list):
        return MANY_SEPARATOR.join(value)
    return value
