"""Load the district's real initiatives, each with its sources.

The facts come from public sources (press, communiqués, parliamentary questions), stated
in the portal's own words in initiatives/data/real_initiatives.json. Like load_district it
only adds what is missing, so the bureau's later corrections are never overwritten and a
second run changes nothing.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from communes.models import Commune
from initiatives.models import Funding, Initiative, Partner, Sector
from sources.models import DatePrecision, Source
from workflow.states import State

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "real_initiatives.json"
LANGUAGES = ("ar", "fr", "en")


def partial_date(value: str | None) -> tuple[datetime.date | None, str]:
    """ "2021", "2021-11" or "2021-11-06" → the first day it names, and how precise it is."""
    if not value:
        return None, DatePrecision.DAY
    parts = [int(part) for part in value.split("-")]
    precision = {1: DatePrecision.YEAR, 2: DatePrecision.MONTH, 3: DatePrecision.DAY}[len(parts)]
    return datetime.date(*parts, *[1] * (3 - len(parts))), precision


def reporting_source(sources, as_of, precision) -> Source | None:
    """The one source published when the status was reported, if exactly one fits.

    The data dates the status but does not name who reported it; a guess would misquote,
    so with no single match the page shows the date alone.
    """
    if as_of is None:
        return None
    width = {DatePrecision.YEAR: 4, DatePrecision.MONTH: 7}.get(precision, 10)
    wanted = as_of.isoformat()[:width]
    matches = [s for s in sources if s.published_on.isoformat()[:width] == wanted]
    return matches[0] if len(matches) == 1 else None


def funders(item) -> list[tuple[str, Decimal | None, str | None]]:
    """(partner's slug, amount, source's address) of each funder of an initiative. The data
    names a funder by its partner's slug, or as {"partner", "amount_mad", "source"} when
    a source gives that partner's amount."""
    found = []
    for funder in item["funders"]:
        if isinstance(funder, str):
            funder = {"partner": funder}
        amount = funder.get("amount_mad")
        found.append(
            (
                funder["partner"],
                Decimal(amount) if amount is not None else None,
                funder.get("source"),
            )
        )
    return found


def translated(field: str, texts: dict | None) -> dict:
    texts = texts or {}
    return {f"{field}_{lang}": texts.get(lang, "") for lang in LANGUAGES}


class Command(BaseCommand):
    help = "Add the district's real initiatives with their sectors, partners and sources."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be added, add nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
        communes = {commune.slug: commune for commune in Commune.objects.all()}
        needed = {slug for item in data["initiatives"] for slug in item["communes"]}
        if missing := needed - communes.keys():
            raise CommandError(
                f"Unknown communes {sorted(missing)}: run `manage.py load_district` first."
            )
        self.added = {
            "initiatives": 0,
            "sectors": 0,
            "partners": 0,
            "sources": 0,
            "notes on status dates": 0,
            "funders' amounts": 0,
            "unsourced progress figures removed": 0,
        }
        with transaction.atomic():
            sectors = {item["slug"]: self.sector(item) for item in data["sectors"]}
            partners = {item["slug"]: self.partner(item) for item in data["partners"]}
            present = set(
                Initiative.objects.filter(
                    slug__in=[item["slug"] for item in data["initiatives"]]
                ).values_list("slug", flat=True)
            )
            for item in data["initiatives"]:
                if item["slug"] not in present:
                    self.initiative(item, communes, sectors, partners)
                else:
                    if item.get("status_as_of_note"):
                        self.status_as_of_note(item)
                    self.funder_amounts(item)
                    self.unsourced_progress(item)
            if dry_run:
                transaction.set_rollback(True)

        verb = "would add" if dry_run else "added"
        if any(self.added.values()):
            summary = ", ".join(f"{count} {name}" for name, count in self.added.items())
            self.stdout.write(self.style.SUCCESS(f"Real initiatives: {verb} {summary}."))
        else:
            self.stdout.write(
                f"Real initiatives: nothing to do, all {len(data['initiatives'])} already present."
            )

    def status_as_of_note(self, item):
        """A note on the status date, added to an initiative loaded before the portal kept
        such notes: only where it has none in any language and its date is still the
        data's (a date the bureau changed has its own story)."""
        as_of, precision = partial_date(item.get("status_as_of"))
        empty = {f"status_as_of_note_{code}": "" for code in LANGUAGES}
        initiative = Initiative.objects.filter(
            slug=item["slug"], status_as_of=as_of, status_as_of_precision=precision, **empty
        ).first()
        if initiative is None:
            return
        note = translated("status_as_of_note", item["status_as_of_note"])
        for name, text in note.items():
            setattr(initiative, name, text)
        initiative.save(update_fields=list(note))  # recorded in its history; pages follow
        self.added["notes on status dates"] += 1

    def unsourced_progress(self, item):
        """The 100 % that earlier versions gave every completed initiative, though no source
        gave it, removed: only where no staff member ever changed the initiative (a figure
        the bureau confirmed has its own story)."""
        if item.get("progress") is not None:
            return
        initiative = Initiative.objects.filter(
            slug=item["slug"], status=Initiative.Status.COMPLETED, progress=100
        ).first()
        if initiative is None or initiative.history.filter(history_user__isnull=False).exists():
            return
        initiative.progress = None
        initiative.save(update_fields=["progress"])  # recorded in its history; pages follow
        self.added["unsourced progress figures removed"] += 1

    def funder_amounts(self, item):
        """A funder's amount a source gives, added to an initiative loaded before the data
        had it: only where that funding still has no amount and no source (an amount the
        bureau entered or removed has its own story)."""
        for partner, amount, source in funders(item):
            if amount is None:
                continue
            funding = Funding.objects.filter(
                initiative__slug=item["slug"],
                partner__slug=partner,
                amount__isnull=True,
                sources__isnull=True,
            ).first()
            if funding is None:
                continue
            funding.amount = amount
            funding.full_clean()
            funding.save()  # recorded in its history; the tallies and pages follow
            if source:
                funding.sources.set(funding.initiative.sources.filter(url=source))
            self.added["funders' amounts"] += 1

    def sector(self, item) -> Sector:
        sector = Sector.objects.filter(slug=item["slug"]).first()
        if sector is None:
            sector = Sector(
                slug=item["slug"], dac_code=item["dac_code"], **translated("name", item["name"])
            )
            sector.full_clean()
            sector.save()
            self.added["sectors"] += 1
        return sector

    def partner(self, item) -> Partner:
        partner = Partner.objects.filter(slug=item["slug"]).first()
        if partner is None:
            partner = Partner(
                slug=item["slug"],
                kind=item["kind"],
                website=item.get("website", ""),
                **translated("name", item["name"]),
            )
            partner.full_clean()
            partner.save()
            self.added["partners"] += 1
        return partner

    def source(self, item) -> Source:
        published_on, precision = partial_date(item.get("published_on"))
        lookup = (
            {"url": item["url"]}
            if item.get("url")
            else {"url": "", "publication": item["publication"], "published_on": published_on}
        )
        source = Source.objects.filter(**lookup).first()
        if source is None:
            source = Source(
                url=item.get("url") or "",
                publication=item["publication"],
                published_on=published_on,
                published_on_precision=precision,
                **translated("date_note", item.get("date_note")),
                language=item["language"],
            )
            source.full_clean()
            source.save()
            self.added["sources"] += 1
        return source

    def initiative(self, item, communes, sectors, partners):
        start, start_precision = partial_date(item.get("start"))
        end, end_precision = partial_date(item.get("planned_end"))
        as_of, as_of_precision = partial_date(item.get("status_as_of"))
        sources = [self.source(source) for source in item["sources"]]
        dated = [source for source in sources if source.published_on]
        budget = item.get("planned_budget_mad")
        initiative = Initiative(
            slug=item["slug"],
            **translated("title", item["title"]),
            **translated("summary", item["summary"]),
            **translated("disagreement", item.get("disagreement")),
            **translated("status_as_of_note", item.get("status_as_of_note")),
            **translated("source_notes", item.get("notes")),
            sector=sectors[item["sector"]],
            status=item["status"],
            status_wording=item.get("status_wording") or "",
            # Only a percentage a source gives, as of the status date: a completed building
            # is not always in use, and the commune's mean progress is quoted.
            progress=item.get("progress"),
            planned_budget=Decimal(budget) if budget is not None else None,
            budget_wording=item.get("budget_wording") or "",
            implementing_body=partners.get(item.get("implementer")),
            origin=item.get("origin") or Initiative.Origin.OTHER,
            start_date=start,
            start_date_precision=start_precision,
            planned_end_date=end,
            planned_end_precision=end_precision,
            status_as_of=as_of,
            status_as_of_precision=as_of_precision,
            status_source=reporting_source(dated, as_of, as_of_precision),
            budget_source=sources[0] if budget is not None and len(sources) == 1 else None,
            confidence=item["confidence"],
            state=State.PUBLISHED,
            published_at=timezone.now(),
        )
        initiative.full_clean(exclude=["communes"])
        initiative.save()
        initiative.communes.set([communes[slug] for slug in item["communes"]])
        initiative.sources.set(sources)
        for partner, amount, source in funders(item):
            funding = Funding(initiative=initiative, partner=partners[partner], amount=amount)
            funding.full_clean()
            funding.save()
            if source:
                funding.sources.set([s for s in sources if s.url == source])
        self.added["initiatives"] += 1
