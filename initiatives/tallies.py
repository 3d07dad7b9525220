"""The published initiatives' counts and sums, kept in small tables (Tally, PartnerTally).

The home page, the communes, each commune's page and the initiatives list's facet counts
show figures over every published initiative. Aggregating thousands of initiatives on
every visit would make those pages cost as much as the rest of the site together, cached
or not; these functions read a few hundred rows instead.

How the tallies stay true:
- Any change to an initiative, its communes or its fundings marks them stale, in the
  same transaction (`mark_stale`, connected in apps.py), and refreshes them once that
  transaction commits.
- Every reader calls `fresh()` first, which refreshes them if they are still marked
  stale: after a crash between a commit and its refresh, after a bulk insert that sent
  no signal, or inside a transaction that has not committed yet.
- A refresh recomputes every row from the initiatives, under a lock on TallyState's row,
  so two refreshes never interleave and the last one sees every committed change.

Only what the tallies hold can be asked of them: the filters commune, sector, status,
origin and partner. A list filtered by anything else (words, year, budget, lateness)
counts its facets from the initiatives themselves (initiatives/filters.py).
"""

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from communes.models import Commune
from workflow.states import State

from .models import Funding, Initiative, PartnerTally, Sector, Tally, TallyState

# The filters the tallies can count; those naming a record, and the column each one reads.
DIMENSIONS = ("commune", "sector", "status", "origin", "partner")
KEYED = {"commune", "sector", "partner"}
COLUMNS = {name: f"{name}_id" if name in KEYED else name for name in DIMENSIONS}


def _database():
    return router.db_for_write(Tally)


def _state(using):
    """TallyState's row, created stale if missing. Written without model signals, like every
    write here: derived rows are not a change of the public data (azemmour_portal/cache.py)."""
    TallyState.objects.using(using).bulk_create(
        [TallyState(pk=1, stale=True)], ignore_conflicts=True
    )
    return TallyState.objects.using(using)


def mark_stale(using=None):
    """The initiatives changed: the tallies must follow (called in the changing transaction)."""
    using = using or _database()
    if not TallyState.objects.using(using).filter(pk=1).update(stale=True):
        _state(using)
    transaction.on_commit(lambda: refresh_if_stale(using), using=using)


def counted_data_changed(sender, using=None, **kwargs):
    """Receiver of the signals of what the tallies count (connected in apps.py)."""
    if kwargs.get("action", "post_").startswith("post_"):
        mark_stale(using)


def fresh(using=None) -> None:
    """Bring the tallies up to date if a change is still waiting (one small query if not)."""
    using = using or _database()
    connection = connections[using]
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(TallyState._meta.db_table)
        cursor.execute(f"SELECT stale FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    if row is None or row[0]:
        refresh_if_stale(using)


def refresh_if_stale(using=None) -> bool:
    """Recompute every tally if they are marked stale (or were never computed)."""
    using = using or _database()
    with transaction.atomic(using=using):
        # Wait for any other refresh, and for any transaction that marked them stale.
        state = _state(using).select_for_update().get(pk=1)
        if not state.stale:
            return False
        _recompute(using)
        TallyState.objects.using(using).filter(pk=1).update(stale=False)
    return True


def refresh(using=None) -> None:
    """Recompute every tally now (after a bulk insert, or from `manage.py refresh_tallies`)."""
    using = using or _database()
    with transaction.atomic(using=using):
        _state(using).filter(pk=1).update(stale=True)
        refresh_if_stale(using)


def _recompute(using) -> None:
    """Every tally again from the initiatives, in four INSERT … SELECT statements: the
    rows never travel through Python. Written out as SQL (SQLite's and PostgreSQL's alike)
    so that each column lands where it is named."""
    connection = connections[using]
    quote = connection.ops.quote_name
    tally, partner_tally = quote(Tally._meta.db_table), quote(PartnerTally._meta.db_table)
    initiative = quote(Initiative._meta.db_table)
    funding = quote(Funding._meta.db_table)
    through = quote(Initiative.communes.through._meta.db_table)
    groups = "i.sector_id, i.status, i.origin, i.is_demo"
    sums = (
        "COUNT(*), SUM(i.planned_budget), SUM(i.spent_amount), "
        "COALESCE(SUM(i.progress), 0), COUNT(i.progress), COUNT(i.planned_budget), "
        "COUNT(i.spent_amount)"
    )
    into_tally = (
        f"INSERT INTO {tally} (commune_id, sector_id, status, origin, is_demo, {quote('count')}, "
        f"planned, spent, progress_total, progress_count, planned_count, spent_count) "
    )
    # Each (partner, initiative) pair once, when a partner both funds and implements it.
    pairs = (
        f"SELECT f.partner_id AS partner, f.initiative_id AS initiative FROM {funding} f "
        f"UNION SELECT i.implementing_body_id, i.id FROM {initiative} i "
        f"WHERE i.implementing_body_id IS NOT NULL"
    )
    into_partner_tally = (
        f"INSERT INTO {partner_tally} "
        f"(partner_id, commune_id, sector_id, status, origin, is_demo, {quote('count')}) "
    )
    statements = [
        # Derived rows: plain DELETEs, no signal to send for each.
        f"DELETE FROM {tally}",
        f"DELETE FROM {partner_tally}",
        # The district: each initiative once.
        f"{into_tally} SELECT NULL, {groups}, {sums} FROM {initiative} i "
        f"WHERE i.state = %s GROUP BY {groups}",
        # Each commune: an initiative in two communes counts in both.
        f"{into_tally} SELECT t.commune_id, {groups}, {sums} FROM {initiative} i "
        f"JOIN {through} t ON t.initiative_id = i.id "
        f"WHERE i.state = %s GROUP BY t.commune_id, {groups}",
        f"{into_partner_tally} SELECT pairs.partner, NULL, {groups}, COUNT(*) "
        f"FROM ({pairs}) pairs JOIN {initiative} i ON i.id = pairs.initiative "
        f"WHERE i.state = %s GROUP BY pairs.partner, {groups}",
        f"{into_partner_tally} SELECT pairs.partner, t.commune_id, {groups}, COUNT(*) "
        f"FROM ({pairs}) pairs JOIN {initiative} i ON i.id = pairs.initiative "
        f"JOIN {through} t ON t.initiative_id = i.id "
        f"WHERE i.state = %s GROUP BY pairs.partner, t.commune_id, {groups}",
    ]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, [State.PUBLISHED] if "%s" in sql else [])


# Reading.


def _rows(model, scope=None):
    """The visible rows of one scope: the district's, the communes' (scope=True), or one
    commune's. Demo rows only where the deployment shows demo records (DEMO_DATA)."""
    rows = model.objects.order_by()
    if not settings.DEMO_DATA:
        rows = rows.filter(is_demo=False)
    if scope is None:
        return rows.filter(commune__isnull=True)
    if scope is True:
        return rows.filter(commune__isnull=False)
    return rows.filter(commune=scope)


def _total(rows, field):
    """The sum of a field over rows, None when no row knows it (as SQL's SUM)."""
    values = [row[field] for row in rows if row[field] is not None]
    return sum(values) if values else None


def _grouped(rows, key) -> dict:
    groups = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


def summary(commune=None, with_sectors=False) -> dict:
    """The district's or one commune's figures, in one query over the tallies:

    - `figures`: the same totals as InitiativeQuerySet.figures();
    - `statuses`: status → (number of initiatives, planned budget or None, number of
      initiatives whose budget is recorded), every status;
    - `sectors` (with_sectors): the sectors with initiatives, most first then by name, each
      with `n`, `planned`, `planned_count`, `spent` and `spent_count`.
    """
    fresh()
    rows = list(
        _rows(Tally, commune)
        .values("sector", "status")
        .annotate(
            n=Sum("count"),
            planned=Sum("planned"),
            spent=Sum("spent"),
            progress_total=Sum("progress_total"),
            progress_count=Sum("progress_count"),
            planned_count=Sum("planned_count"),
            spent_count=Sum("spent_count"),
        )
    )
    by_status = _grouped(rows, "status")
    completed = by_status.get(Initiative.Status.COMPLETED, [])
    count = _total(rows, "n") or 0
    completed_count = _total(completed, "n") or 0
    planned = _total(rows, "planned")
    planned_completed = _total(completed, "planned")
    progress_count = _total(rows, "progress_count")
    result = {
        "figures": {
            "count": count,
            "completed": completed_count,
            "planned": planned,
            "planned_count": _total(rows, "planned_count") or 0,
            "spent": _total(rows, "spent"),
            "spent_count": _total(rows, "spent_count") or 0,
            "planned_completed": planned_completed,
            "mean_progress": (
                _total(rows, "progress_total") / progress_count if progress_count else None
            ),
            "progress_count": progress_count or 0,
            "completed_share": 100 * completed_count / count if count else None,
            "execution_rate": 100 * (planned_completed or 0) / planned if planned else None,
        },
        "statuses": {
            status: (
                _total(by_status.get(status, []), "n") or 0,
                _total(by_status.get(status, []), "planned"),
                _total(by_status.get(status, []), "planned_count") or 0,
            )
            for status in Initiative.Status.values
        },
    }
    if with_sectors:
        by_sector = _grouped(rows, "sector")
        sectors = list(Sector.objects.filter(pk__in=by_sector).order_by("name"))
        for sector in sectors:
            sector.n = _total(by_sector[sector.pk], "n")
            sector.planned = _total(by_sector[sector.pk], "planned")
            sector.planned_count = _total(by_sector[sector.pk], "planned_count") or 0
            sector.spent = _total(by_sector[sector.pk], "spent")
            sector.spent_count = _total(by_sector[sector.pk], "spent_count") or 0
        # A stable sort keeps the names' order among sectors with as many initiatives.
        result["sectors"] = sorted(sectors, key=lambda sector: -sector.n)
    return result


def communes() -> list[Commune]:
    """Every commune, with `initiative_count`, `planned_total`, `planned_count` (how many
    initiatives the planned total covers), `spent_total` and `spent_count` (how many the
    amount spent covers) of its initiatives."""
    fresh()
    rows = (
        _rows(Tally, True)
        .values("commune")
        .annotate(
            n=Sum("count"),
            planned=Sum("planned"),
            planned_count=Sum("planned_count"),
            spent=Sum("spent"),
            spent_count=Sum("spent_count"),
        )
    )
    totals = {row["commune"]: row for row in rows}
    result = list(Commune.objects.all())
    for commune in result:
        row = totals.get(commune.pk, {})
        commune.initiative_count = row.get("n") or 0
        commune.planned_total = row.get("planned")
        commune.planned_count = row.get("planned_count") or 0
        commune.spent_total = row.get("spent")
        commune.spent_count = row.get("spent_count") or 0
    return result


def initiative_count(dimension: str) -> Coalesce:
    """For annotating communes, sectors or partners: how many published initiatives each
    one has (a partner: funds or implements, each initiative once), read from the tallies,
    brought up to date first."""
    if dimension not in ("commune", "sector", "partner"):
        raise ValueError(f"The tallies count no initiatives by {dimension}.")
    fresh()
    # A commune's count from its own rows; the others' from the district's.
    rows = _rows(PartnerTally if dimension == "partner" else Tally, dimension == "commune" or None)
    counted = (
        rows.filter(**{dimension: OuterRef("pk")})
        .values(dimension)
        .annotate(n=Sum("count"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def facet_counts(chosen: dict) -> dict[str, dict]:
    """For each dimension, value → number of initiatives matching every chosen filter but
    that dimension's own (the counts shown beside a list's filter options).

    `chosen` maps dimension names (DIMENSIONS) to a chosen value (a model instance or a
    choice) or to nothing. One query, written out: each dimension's groups side by side,
    their values as text (the ORM spent more composing it than the database answering).
    """
    chosen = {name: value for name, value in chosen.items() if value not in (None, "")}
    unknown = set(chosen) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"The tallies cannot filter by {', '.join(sorted(unknown))}.")
    fresh()
    connection = connections[_database()]
    quote = connection.ops.quote_name
    selects, params = [], []
    for dimension in DIMENSIONS:
        others = {name: value for name, value in chosen.items() if name != dimension}
        by_partner = dimension == "partner" or "partner" in others
        by_commune = dimension == "commune" or "commune" in others
        model = PartnerTally if by_partner else Tally
        where = ["commune_id IS NOT NULL" if by_commune else "commune_id IS NULL"]
        if not settings.DEMO_DATA:
            where.append("NOT is_demo")
        where += [f"{quote(COLUMNS[name])} = %s" for name in others]
        column = quote(COLUMNS[dimension])
        selects.append(
            f"SELECT %s, CAST({column} AS TEXT), SUM({quote('count')}) "
            f"FROM {quote(model._meta.db_table)} WHERE {' AND '.join(where)} GROUP BY {column}"
        )
        params += [dimension, *(getattr(value, "pk", value) for value in others.values())]
    counts = {dimension: {} for dimension in DIMENSIONS}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        for dimension, value, n in cursor.fetchall():
            counts[dimension][int(value) if dimension in KEYED else value] = int(n)
    return counts
