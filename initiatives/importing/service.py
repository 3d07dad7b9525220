"""Initiatives and their fundings created or updated from the rows of a table.

The dry run and the real import are the same code: every row is written and validated
inside its own savepoint, with the model's full_clean() and the database's constraints,
and the dry run then rolls the whole transaction back. A real import is all or nothing:
when any row is rejected, nothing is kept.

The reference column is the initiative's slug: a row whose reference exists updates that
initiative, any other row creates one (as a draft: the import never publishes). On an
update only the cells the row fills are changed; an empty cell or a missing column
leaves the value as it was. Named funding partners get their line created or its amount
changed; lines of partners the row does not name are left alone, as are deletions, which
stay the admin's.
"""

import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, router, transaction
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _

from azemmour_portal.constraints import askable_checks, checks_hold
from initiatives.models import Funding, Initiative
from search import signals as search_signals
from sources.models import DatePrecision
from workflow.roles import correspondent_communes, locked

from . import values
from .columns import BY_KEY, FIELDS
from .matching import (
    AMBIGUOUS,
    ORIGIN_SYNONYMS,
    STATUS_SYNONYMS,
    CommuneNames,
    choice_names,
    partner_names,
    sector_names,
)
from .reading import Table

CREATE, UPDATE, UNCHANGED, REJECT = "create", "update", "unchanged", "reject"
ACTIONS = {CREATE: _("new"), UPDATE: _("changed"), UNCHANGED: _("unchanged"), REJECT: _("rejected")}
TRANSLATED_COLUMNS = ("title_ar", "title_fr", "title_en", "summary_ar", "summary_fr", "summary_en")
TEXT_COLUMNS = (*TRANSLATED_COLUMNS, "origin_reference")
AMOUNT_COLUMNS = ("planned_budget", "spent_amount")
DATE_COLUMNS = {"start_date": "start_date_precision", "planned_end_date": "planned_end_precision"}
# Which column a model field's error belongs to.
COLUMN_OF_FIELD = (
    {model_field: key for key, model_field in FIELDS.items()}
    | {precision: date for date, precision in DATE_COLUMNS.items()}
    # modeltranslation's original fields hold the default (Arabic) language.
    | {"title": "title_ar", "summary": "summary_ar"}
)
LIST_COLUMNS = ("communes", "fundings")
SLICE = 500  # references looked up per query
# What Initiative.slug accepts (Django's validate_slug), lower-cased as references are.
REFERENCE = re.compile(r"[-a-z0-9_]+")


class _RollBack(Exception):
    """Undo a row that was only written to be validated."""


def locked_row_message() -> str:
    return gettext(
        "This initiative is published: only the bureau may change it. Send the bureau this row."
    )


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class RowResult:
    line: int  # the row's number as the spreadsheet shows it
    reference: str
    title: str = ""
    action: str = ""
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return str(ACTIONS[self.action])


@dataclass
class ImportReport:
    rows: list[RowResult]
    ignored_columns: list[str]
    dry_run: bool

    @property
    def rejected(self) -> list[RowResult]:
        return [row for row in self.rows if row.action == REJECT]

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.rejected

    def count(self, action: str) -> int:
        return sum(row.action == action for row in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in ACTIONS}


@transaction.atomic
def initiatives_import(
    *,
    table: Table,
    user=None,
    dry_run: bool = False,
    reason: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Create or update an initiative for each row of the table; messages in the active
    language. `user` (None for the command run by the server's administrator) is
    recorded in the history and limits the rows to what that user may change;
    `reason` is recorded in the history too. Nothing is kept when `dry_run` is true
    or when any row is rejected."""
    run = _Import(table=table, user=user, reason=reason[:100])
    report = ImportReport(rows=[], ignored_columns=table.ignored, dry_run=dry_run)
    total = len(table.rows)
    # The search index follows once, at the end, each initiative the import wrote.
    with search_signals.deferred() as to_index:
        for done, (line, cells) in enumerate(table.rows, start=1):
            report.rows.append(run.row(line, table.values(cells)))
            if progress is not None:
                progress(done, total)
        if dry_run or report.rejected:
            transaction.set_rollback(True)
            to_index.clear()
    return report


def _reference(text: str) -> str:
    return values.clean(text).lower()


def _column(key: str) -> str:
    return BY_KEY[key].name()


class _Import:
    """One import's lookups, made once, and the writing of each row."""

    def __init__(self, *, table: Table, user, reason: str):
        self.user, self.reason = user, reason
        self.communes = CommuneNames()
        self.sectors = sector_names()
        self.partners = partner_names()
        self.statuses = choice_names(Initiative.Status, STATUS_SYNONYMS)
        self.origins = choice_names(Initiative.Origin, ORIGIN_SYNONYMS)
        self.existing = self._existing(table)
        self.seen: dict[str, int] = {}
        scope = correspondent_communes(user) if user is not None else None
        self.scope = None if scope is None else set(scope.values_list("pk", flat=True))

    def _existing(self, table: Table) -> dict[str, Initiative]:
        position = table.columns["reference"]
        references = sorted(
            {_reference(cells[position]) for _, cells in table.rows if position < len(cells)} - {""}
        )
        found = {}
        for start in range(0, len(references), SLICE):
            initiatives = (
                Initiative.objects.annotate(reference=Lower("slug"))
                .filter(reference__in=references[start : start + SLICE])
                .select_related("sector", "implementing_body")
                .prefetch_related(
                    "communes", Prefetch("fundings", Funding.objects.select_related("partner"))
                )
            )
            found.update({initiative.reference: initiative for initiative in initiatives})
        return found

    # One row ----------------------------------------------------------------------------

    def row(self, line: int, cells: dict[str, str]) -> RowResult:
        reference = _reference(cells.get("reference", ""))
        result = RowResult(
            line=line,
            reference=reference,
            title=cells.get("title_ar") or cells.get("title_fr") or cells.get("title_en", ""),
        )
        initiative = self.existing.get(reference)
        if initiative is not None and not result.title:
            result.title = initiative.title
        if not reference:
            result.errors.append(
                gettext(
                    "The row has no reference. Give each initiative a reference (Latin "
                    "letters, digits and hyphens) so that importing the file again updates "
                    "it instead of adding it twice."
                )
            )
            return self._rejected(result)
        if reference in self.seen:
            result.errors.append(
                gettext("The reference «%(reference)s» is already used on row %(line)d.")
                % {"reference": reference, "line": self.seen[reference]}
            )
            return self._rejected(result)
        self.seen[reference] = line
        given, unreadable = self._parse(cells, result.errors)
        if not REFERENCE.fullmatch(reference):
            # Django's own message speaks of a "slug" of "letters", which Arabic has too.
            unreadable.add("reference")
            result.errors.append(
                gettext(
                    "The reference «%(reference)s» can hold only Latin letters, digits and "
                    "hyphens, e.g. azemmour-school-2024: it becomes the initiative's web "
                    "address."
                )
                % {"reference": reference}
            )
        self._check_allowed(initiative, given, result.errors)
        # A row with unreadable cells is still validated with the others, so that the
        # editor gets every reason at once; it is rolled back whatever happens.
        try:
            with transaction.atomic():
                result.action = self._write(initiative, reference, given, result.changes)
                if result.changes and locked(initiative, self.user):
                    result.errors.append(locked_row_message())
                if result.errors:
                    raise _RollBack
        except _RollBack:
            pass
        except ValidationError as error:
            # A value refused is a change: an author may not make it at all, which is said
            # first, before the values they need not correct.
            if locked(initiative, self.user):
                result.errors.insert(0, locked_row_message())
            result.errors.extend(self._messages(error, unreadable))
        except DatabaseError as error:
            # What validation could not foresee, e.g. a record added meanwhile.
            result.errors.append(
                gettext("The database refused the row: %(error)s") % {"error": error}
            )
        return self._rejected(result) if result.errors else result

    @staticmethod
    def _rejected(result: RowResult) -> RowResult:
        result.action, result.changes = REJECT, []
        return result

    def _parse(self, cells: dict[str, str], errors: list[str]) -> tuple[dict, set[str]]:
        """The row's filled cells as Python values, and the columns whose cell cannot be
        read (each with its error)."""
        given, unreadable = {}, set()
        for key, text in cells.items():
            if key == "reference":
                continue
            try:
                given[key] = self._value(key, text)
            except ValueError as error:
                unreadable.add(key)
                if key in LIST_COLUMNS:  # the reason names the faulty items
                    errors.append(f"{_column(key)}: {error}")
                else:
                    errors.append(
                        gettext("%(column)s: «%(value)s»: %(reason)s")
                        % {"column": _column(key), "value": text, "reason": error}
                    )
        return given, unreadable

    def _value(self, key: str, text: str):
        if key in TEXT_COLUMNS:
            return text
        if key in AMOUNT_COLUMNS:
            return values.amount(text)
        if key in DATE_COLUMNS:
            return values.partial_date(text)
        if key == "progress":
            return values.percentage(text)
        if key == "status":
            return self._one(self.statuses, text, _("not a status of the portal"))
        if key == "origin":
            return self._one(self.origins, text, _("not an origin of the portal"))
        if key == "sector":
            return self._one(self.sectors, text, _("no sector of the portal has this name"))
        if key == "implementing_body":
            return self._one(self.partners, text, _("no partner of the portal has this name"))
        if key == "communes":
            return self._communes(text)
        if key == "fundings":
            return self._fundings(text)
        raise AssertionError(key)

    @staticmethod
    def _one(names, text: str, not_found):
        found = names.find(text)
        if found is AMBIGUOUS:
            raise ValueError(gettext("several records have this name: write it in full"))
        if found is None:
            raise ValueError(str(not_found))
        return found

    def _communes(self, text: str) -> list:
        communes, unknown = [], []
        for name in values.names(text):
            found = self.communes.find(name)
            if found is None or found is AMBIGUOUS:
                unknown.append(f"«{name}»")
            elif found not in communes:
                communes.append(found)
        if unknown:
            raise ValueError(
                gettext(
                    "no commune of the portal has the name %(names)s (check the spelling, "
                    "or add the spelling to the commune's alternative names)"
                )
                % {"names": pgettext("list separator", ", ").join(unknown)}
            )
        return communes

    def _fundings(self, text: str) -> list[tuple]:
        lines, problems = {}, []
        for name, figure in values.funding_lines(text):
            partner = self.partners.find(name) if name else None
            if partner is None or partner is AMBIGUOUS:
                problems.append(
                    gettext("no partner of the portal is named «%(name)s»") % {"name": name}
                )
                continue
            if partner.pk in lines:
                problems.append(gettext("«%(name)s» is named twice") % {"name": name})
                continue
            try:
                lines[partner.pk] = (partner, values.amount(figure) if figure else None)
            except ValueError as error:
                problems.append(f"{name}: «{figure}»: {error}")
        if problems:
            raise ValueError("; ".join(problems))
        return list(lines.values())

    def _check_allowed(self, initiative, given: dict, errors: list[str]):
        """What the importing user may do: their permissions, and a correspondent's communes."""
        user = self.user
        if user is None:
            return
        if initiative is None and not user.has_perm("initiatives.add_initiative"):
            errors.append(gettext("You may not add initiatives."))
        if initiative is not None and not user.has_perm("initiatives.change_initiative"):
            errors.append(gettext("You may not change initiatives."))
        if given.get("fundings") and not (
            user.has_perm("initiatives.add_funding") and user.has_perm("initiatives.change_funding")
        ):
            errors.append(gettext("You may not change fundings."))
        if self.scope is None:
            return
        present = list(initiative.communes.all()) if initiative is not None else []
        if initiative is not None and not {c.pk for c in present} & self.scope:
            errors.append(gettext("This initiative is in none of your communes."))
        named = given.get("communes")
        outside = [str(c) for c in named or [] if c.pk not in self.scope and c not in present]
        if outside:
            errors.append(
                gettext("You may import only into your communes, not into %(communes)s.")
                % {"communes": pgettext("list separator", ", ").join(outside)}
            )
        # Nor take an initiative away from a commune that is not theirs.
        dropped = [
            str(c)
            for c in present
            if named is not None and c not in named and c.pk not in self.scope
        ]
        if dropped:
            errors.append(
                gettext("You may not remove this initiative from %(communes)s.")
                % {"communes": pgettext("list separator", ", ").join(dropped)}
            )

    def _write(self, initiative, reference: str, given: dict, changes: list[Change]) -> str:
        """Apply one row; raises ValidationError when the record would be invalid."""
        creating = initiative is None
        if creating:
            initiative = Initiative(slug=reference)
        changed = set()
        for key, value in given.items():
            if key in LIST_COLUMNS:
                continue
            if key in DATE_COLUMNS:
                names = (key, DATE_COLUMNS[key])  # the date and how precise it is
            else:
                names, value = (FIELDS[key],), (value,)
            old = tuple(None if creating else getattr(initiative, name) for name in names)
            if old != value:
                changes.append(Change(_column(key), _shown(old, key), _shown(value, key)))
                changed |= _model_fields(key)
                for name, part in zip(names, value, strict=True):
                    setattr(initiative, name, part)
        communes = given.get("communes")
        problems = {}
        if creating and not communes:
            problems["communes"] = [gettext("An initiative needs at least one commune.")]
        if creating or changes:
            try:
                _full_clean(initiative, None if creating else changed)
            except ValidationError as error:
                problems = error.update_error_dict(problems)
        if creating and "sector" not in given:
            # Said as the other required cells are, not as Django's "cannot be null".
            problems["sector"] = [gettext("An initiative needs a sector.")]
        if problems:
            raise ValidationError(problems)
        initiative._history_user = self.user
        initiative._change_reason = self.reason
        if creating or changes:
            initiative.save()
        old_communes = [] if creating else list(initiative.communes.all())
        if communes is not None and {c.pk for c in communes} != {c.pk for c in old_communes}:
            changes.append(Change(_column("communes"), _shown(old_communes), _shown(communes)))
            if creating:
                initiative.communes.add(*communes)
            else:
                initiative.communes.set(communes)
        for partner, amount in given.get("fundings", []):
            self._write_funding(initiative, creating, partner, amount, changes)
        if creating:
            return CREATE
        return UPDATE if changes else UNCHANGED

    def _write_funding(self, initiative, creating, partner, amount, changes):
        line = None if creating else _funding_of(initiative, partner)
        if line is not None and (amount is None or line.amount == amount):
            return
        label = gettext("funding by %(partner)s") % {"partner": partner}
        changes.append(Change(label, _shown(line.amount if line else None), _shown(amount)))
        if line is None:
            line = Funding(initiative=initiative, partner=partner)
        line.amount = amount
        line._history_user = self.user
        line._change_reason = self.reason
        try:
            _full_clean(line, None if line.pk is None else {"amount"})
        except ValidationError as error:
            raise ValidationError([f"{label}: {message}" for message in error.messages]) from None
        line.save()

    @staticmethod
    def _label(name: str) -> str:
        if name in COLUMN_OF_FIELD:
            return _column(COLUMN_OF_FIELD[name])
        return str(Initiative._meta.get_field(name).verbose_name)

    def _messages(self, error: ValidationError, unreadable: set[str]) -> list[str]:
        """The validation errors, each with its column, less those of unreadable cells
        (already explained: «cannot be empty» would only confuse)."""
        if not hasattr(error, "error_dict"):
            return list(error.messages)
        messages = []
        for name, texts in error.message_dict.items():
            if COLUMN_OF_FIELD.get(name) in unreadable:
                continue
            if name == NON_FIELD_ERRORS:
                messages.extend(texts)
            else:
                messages.extend(f"{self._label(name)}: {text}" for text in texts)
        return list(dict.fromkeys(messages))  # «title» and «title [ar]» say the same


# Fields an import never writes, whose constraints involve no field it writes: on a new
# record they hold their defaults (no parent, a draft, no location), which pass.
NEVER_WRITTEN = {"id", "parent", "state", "published_at", "latitude", "longitude"}


def _model_fields(key: str) -> set[str]:
    """The model fields a column writes (a translated text also sets the original field)."""
    if key in DATE_COLUMNS:
        return {key, DATE_COLUMNS[key]}
    name = FIELDS[key]
    return {name, name.rsplit("_", 1)[0]} if key in TRANSLATED_COLUMNS else {name}


@functools.cache
def _constraint_fields(model) -> list[tuple]:
    """Each of the model's constraints with the names of the fields it involves."""
    found = []
    for constraint in model._meta.constraints:
        condition = getattr(constraint, "condition", None)
        fields = set(getattr(constraint, "fields", ()))
        fields |= condition.referenced_base_fields if condition is not None else set()
        found.append((constraint, {model._meta.pk.name if f == "pk" else f for f in fields}))
    return found


def _full_clean(record, changed: set[str] | None):
    """The record's full_clean(), limited as a ModelForm limits it to the fields it shows:
    the fields the row changes, and every constraint that involves one of them, with all
    of that constraint's fields (`changed` is None for a new record: everything but the
    NEVER_WRITTEN fields). A constraint that involves no changed field held already.

    Django builds and runs a query for each CHECK constraint (an initiative has two dozen),
    even one it then skips; here they are asked together, in one query, and one by one
    only when one of them fails, so that the row names each constraint it breaks.
    """
    model = type(record)
    names = {field.name for field in model._meta.concrete_fields}
    changed = names - NEVER_WRITTEN if changed is None else changed
    constraints = [(c, fields) for c, fields in _constraint_fields(model) if fields & changed]
    exclude = names - changed.union(*(fields for _c, fields in constraints))
    errors = {}
    try:
        record.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    # As full_clean does: a field already in error is not checked again by a constraint.
    exclude |= errors.keys()
    using = router.db_for_write(model, instance=record)
    # A constraint on an excluded field is skipped, as Django's validate() skips it.
    checks = askable_checks(record, model, [c for c, _fields in constraints], exclude)
    if checks and checks_hold(record, model, checks, exclude, using):
        constraints = [(c, fields) for c, fields in constraints if c not in checks]
    for constraint, _fields in constraints:
        try:
            constraint.validate(model, record, exclude=exclude, using=using)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _funding_of(initiative, partner):
    return next((f for f in initiative.fundings.all() if f.partner_id == partner.pk), None)


def _shown(value, key: str = "") -> str:
    """A value as the preview shows it, in the active language."""
    if isinstance(value, tuple):
        if key in DATE_COLUMNS:
            return _partial_date(*value)
        (value,) = value
    if value is None or value == "" or value == []:
        return "—"
    if key == "status":
        return str(Initiative.Status(value).label)
    if key == "origin":
        return str(Initiative.Origin(value).label)
    if key == "progress":
        return f"{value}%"
    if isinstance(value, Decimal):
        language = get_language()
        return numberformat.format(
            value,
            get_format("DECIMAL_SEPARATOR", language),
            decimal_pos=0 if value == value.to_integral() else 2,
            grouping=3,
            thousand_sep=get_format("THOUSAND_SEPARATOR", language),
            force_grouping=True,
        )
    if isinstance(value, list):
        return pgettext("list separator", ", ").join(str(item) for item in value)
    return str(value)


def _partial_date(date: datetime.date | None, precision: str | None) -> str:
    """2024-03-15, or 2024-03 when only the month is known, or 2024."""
    if date is None:
        return "—"
    width = {DatePrecision.YEAR: 4, DatePrecision.MONTH: 7}.get(precision, 10)
    return date.isoformat()[:width]
