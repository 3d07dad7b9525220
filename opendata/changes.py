"""The public change log, read from the history that django-simple-history records.

Every save of an initiative writes a historical row with all its fields. A change is what
differs between a row and the one before it for the same initiative, on the public fields
only. Rows are fetched in one query, ordered, and paired here in Python, so the number of
queries does not grow with the number of changes.

What the public never saw is never shown: rows written while an initiative was a draft are
skipped, and the row where it first became public is shown as its publication (with the
status it had then), not as a list of draft-time edits. An initiative published again after
a time out of public view is compared with what the public saw last, so a budget cut made
meanwhile is listed; back unchanged, it is shown as published again (`again`), not as a
first publication. Editors' names are never read.

An initiative the public could see and no longer can (archived, sent back to draft or
review, or deleted) is listed as withdrawn, since the figures stop counting it then. The
change logs read these withdrawals from the history of every initiative ever public, not
only of those public now, and say only what the public saw: the title the initiative had
when last public, the communes it was in then and the date. Its other changes stay out
of the logs while it is out of public view, as its page does. The e-mail alerts tell the
withdrawals to those who follow the initiative, its commune or the district; an initiative
back in public view lists on its own page when it was withdrawn.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_bidi, pgettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

from azemmour_portal.templatetags.portal import isolated, mad, partial_date, percent
from initiatives.models import Initiative, published_initiative

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
TITLES = [build_localized_fieldname("title", code) for code in settings.MODELTRANSLATION_LANGUAGES]
COLUMNS = [
    "history_id",
    "id",
    "history_date",
    "history_type",
    "is_published",
    *TRACKED,
    *PRECISION.values(),
    *TITLES,
]

History = Initiative.history.model
# The communes of each history row (the many-to-many history of initiatives/translation.py).
Links = History.communes.model


def _public(row: dict) -> bool:
    """Whether the public could see the initiative as of a history row. A deletion's row
    keeps the state the initiative had, but nobody sees a deleted initiative."""
    return row["is_published"] and row["history_type"] != "-"


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
    # Withdrawn from public view here. It then says what the public saw last: the titles of
    # that history row (`seen_id`) and, once attached, the communes of that row.
    withdrawn: bool = False
    titles: dict[str, str] = field(default_factory=dict)
    seen_id: int | None = None
    communes: list = field(default_factory=list)
    # Published again, unchanged, after a time out of public view (with `published`).
    again: bool = False

    @property
    def status_text(self) -> str:
        return written("status", self.status)

    @property
    def title(self) -> str:
        """The initiative's title; for a withdrawal, the one it had when last public, in the
        active language or the one the portal falls back to (MODELTRANSLATION_FALLBACK_…)."""
        if not self.withdrawn:
            return self.initiative.title
        for code in resolution_order(get_language()):
            if title := self.titles.get(build_localized_fieldname("title", code)):
                return title
        return ""

    @property
    def publication_text(self) -> str:
        """The sentence for a publication, first or again, on its page and in mail."""
        text = (
            _("Published on the portal again, with the status “%(status)s”.")
            if self.again
            else _("Published on the portal, with the status “%(status)s”.")
        )
        return str(text) % {"status": self.status_text}

    def summary(self) -> str:
        """One line for a feed title: "status: planned → in progress; progress: 20% → 40%"."""
        if self.withdrawn:
            return str(_("withdrawn from the portal"))
        if self.again:
            return str(_("published on the portal again"))
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
    """The public changes in history rows ordered by initiative, then date, then row, and
    the withdrawals from public view."""
    previous = last_public = None
    for row in rows:
        if previous is not None and previous["id"] != row["id"]:
            previous = last_public = None
        if _public(row):
            # What the public saw just before: the row before, or the last public one when
            # the initiative comes back after a time out of public view.
            seen = previous if previous is not None and _public(previous) else last_public
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
                    again=not fields and seen is not None,
                )
            last_public = row
        elif previous is not None and _public(previous):
            # Archived, sent back to the bureau, or deleted: told with what the public saw
            # last, never with this row's (a title changed on the way out stays unseen).
            yield Change(
                row["history_id"],
                row["id"],
                row["history_date"],
                False,
                previous["status"],
                previous["progress"],
                withdrawn=True,
                titles={name: previous[name] for name in TITLES},
                seen_id=previous["history_id"],
            )
        previous = row


def _ordered(queryset):
    return queryset.order_by("id", "history_date", "history_id").values(*COLUMNS)


def of_initiative(initiative: Initiative) -> list[Change]:
    """Every public change of one initiative, newest first, with the times it was withdrawn
    from public view before it came back: one query."""
    rows = _ordered(History.objects.filter(id=initiative.pk))
    return sorted(pair(rows), key=lambda c: (c.date, c.history_id), reverse=True)


def withdrawal_link(change: Change) -> str:
    """Where a withdrawal is told, for a feed or an e-mail: a withdrawn initiative has no
    page, so the page of the district change log of its day that holds the entry, at its
    anchor."""
    day = timezone.localdate(change.date).isoformat()
    entry = change.history_id
    return f"{reverse('opendata:changes')}?from={day}&to={day}&change={entry}#change-{entry}"


def ever_public(commune=None):
    """The ids of the initiatives the public could see at some time (a subquery), whose
    withdrawals a change log lists: those with a history row that published() would have
    shown, demo records hidden likewise. In a commune: those the public saw in it, by the
    communes of such a row; between(commune=…) then keeps the withdrawals from it."""
    rows = History.objects.filter(published_initiative())
    if commune is not None:
        rows = rows.filter(
            history_id__in=Links.objects.filter(commune=commune).values("history_id")
        )
    return rows.values("id")


def _scope(initiatives, withdrawn) -> Q:
    scope = Q(id__in=initiatives.values("pk"))
    return scope if withdrawn is None else scope | Q(id__in=withdrawn)


def between(
    initiatives,
    start: datetime.datetime,
    end: datetime.datetime | None = None,
    *,
    withdrawn=None,
    commune=None,
) -> list[Change]:
    """The public changes of the given initiatives made in [start, end), newest first, and,
    with `withdrawn` (ever_public()), the withdrawals of those initiatives, public now or
    not; with `commune`, only the withdrawals from that commune: those whose last public
    row was in it, wherever the initiative is now (deleted, its links are gone).

    Two queries: the rows in the period, and for each initiative changed in it the last
    public row and the last other row before the period, which the first change of the
    period is compared with; and, with `commune` and withdrawals, a third for their
    communes.
    """
    in_period = History.objects.filter(_scope(initiatives, withdrawn), history_date__gte=start)
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
    # Whether each row's initiative is public now: only then are its changes listed.
    public_now = ExpressionWrapper(Q(id__in=initiatives.values("pk")), output_field=BooleanField())
    period_rows = list(
        in_period.annotate(public_now=public_now)
        .order_by("id", "history_date", "history_id")
        .values(*COLUMNS, "public_now")
    )
    public_ids = {row["id"] for row in period_rows if row["public_now"]}
    rows = sorted(
        [*before, *period_rows],
        key=lambda row: (row["id"], row["history_date"], row["history_id"]),
    )

    def listed(change: Change) -> bool:
        if change.withdrawn:
            return withdrawn is not None
        return change.initiative_id in public_ids

    changes = [change for change in pair(rows) if change.date >= start and listed(change)]
    seen = {change.seen_id for change in changes if change.withdrawn}
    if commune is not None and seen:
        here = set(
            Links.objects.filter(commune=commune, history_id__in=seen).values_list(
                "history_id", flat=True
            )
        )
        changes = [change for change in changes if not change.withdrawn or change.seen_id in here]
    return sorted(changes, key=lambda c: (c.date, c.history_id), reverse=True)


def latest(initiatives, count: int, *, withdrawn=None, commune=None) -> list[Change]:
    """The newest public changes, at most `count`, for a feed (with `withdrawn` and
    `commune`, as in between()).

    The period starts at the date of the 10×count-th newest history row, which bounds the
    rows read while leaving room for rows that change nothing public.
    """
    dates = (
        History.objects.filter(_scope(initiatives, withdrawn))
        .order_by("-history_date")
        .values_list("history_date", flat=True)
    )
    oldest = list(dates[10 * count - 1 : 10 * count])
    start = oldest[0] if oldest else datetime.datetime(1956, 1, 1, tzinfo=datetime.UTC)
    return between(initiatives, start, withdrawn=withdrawn, commune=commune)[:count]


def attach(changes: list[Change], initiatives) -> list[Change]:
    """Give each change its (current, published) initiative, in one query, and each
    withdrawal the communes the public last saw it in, in another."""
    found = initiatives.filter(
        pk__in={c.initiative_id for c in changes if not c.withdrawn}
    ).in_bulk()
    links = Links.objects.filter(
        history_id__in={c.seen_id for c in changes if c.withdrawn}
    ).select_related("commune")
    communes = defaultdict(list)
    # In the communes' own order: ordering by a relation follows its Meta.ordering.
    for link in links.order_by("commune"):
        communes[link.history_id].append(link.commune)
    for change in changes:
        if change.withdrawn:
            change.communes = communes[change.seen_id]
        else:
            change.initiative = found.get(change.initiative_id)
    return [change for change in changes if change.withdrawn or change.initiative is not None]


def period_start(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)
