"""The public change log, read from the history that django-simple-history records.

Every save of an initiative writes a historical row with all its fields. A change is what
differs between a row and the one before it for the same initiative, on the public fields
only. Rows are fetched in one query, ordered, and paired here in Python, so the number of
queries does not grow with the number of changes.

What the public never saw is never shown: rows written while an initiative was a draft are
skipped, and the row where it first became public is shown as its publication (with the
status it had then), not as a list of draft-time edits. An initiative published again after
a time out of public view is compared with what the public saw last, so a budget cut made
meanwhile is listed; back unchanged, it is shown as published again. Editors' names are
never read.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import get_language_bidi, pgettext
from django.utils.translation import gettext_lazy as _

from azemmour_portal.templatetags.portal import isolated, mad, partial_date, percent
from initiatives.models import Initiative

# The public fields whose changes the log shows, with the words the pages already use.
TRACKED = {
    "status": _("Status"),
    "progress": _("Progress"),
    "planned_budget": _("Planned budget"),
    "spent_amount": _("Amount spent"),
    "planned_end_date": _("Planned end"),
}
# A date known only to the month or the year is written as such, and a change of what is
# known (2026 → 20 May 2026) is a change too.
PRECISION = {"planned_end_date": "planned_end_precision"}
COLUMNS = ["history_id", "id", "history_date", "is_published", *TRACKED, *PRECISION.values()]

History = Initiative.history.model


def written(field_name: str, value, precision: str = "day") -> str:
    """A value as the pages write it, in the active language."""
    if value is None or value == "":
        return "—"
    if field_name == "status":
        return str(Initiative.Status(value).label)
    if field_name == "progress":
        return percent(value)
    if field_name in ("planned_budget", "spent_amount"):
        return mad(value)
    return partial_date(value, precision)


@dataclass
class FieldChange:
    field: str
    old: object
    new: object
    old_precision: str = "day"
    new_precision: str = "day"

    @property
    def label(self):
        return TRACKED[self.field]

    @property
    def old_text(self) -> str:
        return written(self.field, self.old, self.old_precision)

    @property
    def new_text(self) -> str:
        return written(self.field, self.new, self.new_precision)


def _compared(row: dict, name: str):
    return (row[name], row[PRECISION[name]]) if name in PRECISION else (row[name],)


def _field_change(name: str, previous: dict, row: dict) -> FieldChange:
    if name in PRECISION:
        return FieldChange(
            name, previous[name], row[name], previous[PRECISION[name]], row[PRECISION[name]]
        )
    return FieldChange(name, previous[name], row[name])


@dataclass
class Change:
    history_id: int
    initiative_id: int
    date: datetime.datetime
    published: bool  # the initiative became public here; `fields` is then empty
    status: str  # the status and progress after the change
    progress: int | None
    fields: list[FieldChange] = field(default_factory=list)
    initiative: Initiative | None = None

    @property
    def status_text(self) -> str:
        return written("status", self.status)

    def summary(self) -> str:
        """One line for a feed title: "status: planned → in progress; progress: 20% → 40%"."""
        if self.published:
            return str(_("published on the portal"))
        return fields_text(self.fields)


def arrow() -> str:
    """The arrow from an old value to its new one, pointing the way the language reads.
    In HTML pages the stylesheet turns it; plain text (a feed's title, an e-mail) needs the
    character itself: in Arabic "85% → 90%" is laid out right to left, and the arrow,
    which no layout mirrors, would point from 90% to 85%."""
    return "←" if get_language_bidi() else "→"


def field_text(change: "FieldChange") -> str:
    """ "progress: 20% → 40%" in plain text. In a right-to-left language each value is
    isolated (FSI … PDI), so that a Latin or numeric value keeps its place in the line."""
    old, new = change.old_text, change.new_text
    if get_language_bidi():
        old, new = isolated(old), isolated(new)
    return f"{change.label}: {old} {arrow()} {new}"


def fields_text(fields: Iterable["FieldChange"]) -> str:
    """The changed fields on one line, joined with the language's semicolon ("؛" in Arabic)."""
    return pgettext("list of changes separator", "; ").join(field_text(c) for c in fields)


def pair(rows: Iterable[dict]) -> Iterator[Change]:
    """The public changes in history rows ordered by initiative, then date, then row."""
    previous = last_public = None
    for row in rows:
        if previous is not None and previous["id"] != row["id"]:
            previous = last_public = None
        if row["is_published"]:
            # What the public saw just before: the row before, or the last public one when
            # the initiative comes back after a time out of public view.
            seen = previous if previous is not None and previous["is_published"] else last_public
            fields = [
                _field_change(name, seen, row)
                for name in TRACKED
                if seen is not None and _compared(seen, name) != _compared(row, name)
            ]
            if fields or seen is None or seen is not previous:
                yield Change(
                    row["history_id"],
                    row["id"],
                    row["history_date"],
                    not fields,
                    row["status"],
                    row["progress"],
                    fields,
                )
            last_public = row
        previous = row


def _ordered(queryset):
    return queryset.order_by("id", "history_date", "history_id").values(*COLUMNS)


def of_initiative(initiative: Initiative) -> list[Change]:
    """Every public change of one initiative, newest first: one query."""
    rows = _ordered(History.objects.filter(id=initiative.pk))
    return sorted(pair(rows), key=lambda c: (c.date, c.history_id), reverse=True)


def between(
    initiatives, start: datetime.datetime, end: datetime.datetime | None = None
) -> list[Change]:
    """The public changes of the given initiatives made in [start, end), newest first.

    Two queries: the rows in the period, and for each initiative changed in it the last
    public row and the last other row before the period, which the first change of the
    period is compared with.
    """
    in_period = History.objects.filter(id__in=initiatives.values("pk"), history_date__gte=start)
    if end is not None:
        in_period = in_period.filter(history_date__lt=end)
    before = (
        History.objects.filter(id__in=in_period.values("id"), history_date__lt=start)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("id"), F("is_published")],
                order_by=[F("history_date").desc(), F("history_id").desc()],
            )
        )
        .filter(rank=1)
        .values(*COLUMNS)
    )
    rows = sorted(
        [*before, *_ordered(in_period)],
        key=lambda row: (row["id"], row["history_date"], row["history_id"]),
    )
    changes = [change for change in pair(rows) if change.date >= start]
    return sorted(changes, key=lambda c: (c.date, c.history_id), reverse=True)


def latest(initiatives, count: int) -> list[Change]:
    """The newest public changes, at most `count`, for a feed.

    The period starts at the date of the 10×count-th newest history row, which bounds the
    rows read while leaving room for rows that change nothing public.
    """
    dates = (
        History.objects.filter(id__in=initiatives.values("pk"))
        .order_by("-history_date")
        .values_list("history_date", flat=True)
    )
    oldest = list(dates[10 * count - 1 : 10 * count])
    start = oldest[0] if oldest else datetime.datetime(1956, 1, 1, tzinfo=datetime.UTC)
    return between(initiatives, start)[:count]


def attach(changes: list[Change], initiatives) -> list[Change]:
    """Give each change its (current, published) initiative, in one query."""
    found = initiatives.filter(pk__in={c.initiative_id for c in changes}).in_bulk()
    for change in changes:
        change.initiative = found.get(change.initiative_id)
    return [change for change in changes if change.initiative is not None]


def period_start(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)
