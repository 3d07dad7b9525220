"""Load the district's founding facts: its communes, the foundation's bodies and bureau.

The portal must start with the truth, and `make run` calls this on every start, so the
command only adds what is missing: a record that already exists (perhaps corrected since by
the bureau in the admin) is never changed. A second run changes nothing and says so.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from communes.models import CensusFigure, Commune
from governance.models import Assembly, Body, Goal, Membership, Person, Principle

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "district.json"
LANGUAGES = ("ar", "fr", "en")


def translated(item: dict, field: str) -> dict:
    return {f"{field}_{lang}": item[f"{field}_{lang}"] for lang in LANGUAGES}


class Command(BaseCommand):
    help = "Add the district's communes, census figures, bodies, bureau, principles and goals."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be added, add nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
        self.created: list[str] = []
        self.present = 0
        with transaction.atomic():
            self.load_communes(data["communes"])
            self.load_governance(data)
            if dry_run:
                transaction.set_rollback(True)

        if options["verbosity"] > 1:
            for label in self.created:
                self.stdout.write(f"  + {label}")
        verb = "would add" if dry_run else "added"
        if self.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"District data: {verb} {len(self.created)} records; "
                    f"{self.present} already present, left unchanged."
                )
            )
        else:
            self.stdout.write(
                f"District data: nothing to do, all {self.present} records already present."
            )

    def ensure(self, model, lookup: dict, values: dict):
        """Return the record matching `lookup`, creating it from `values` when missing."""
        instance = model.objects.filter(**lookup).first()
        if instance is not None:
            self.present += 1
            return instance
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        self.created.append(f"{model._meta.verbose_name}: {instance}")
        return instance

    def load_communes(self, communes: list[dict]):
        for position, item in enumerate(communes, start=1):
            values = {
                **translated(item, "name"),
                **translated(item, "description"),
                "alternative_names": "\n".join(item["alternative_names"]),
                "tifinagh_name": item["tifinagh_name"],
                "kind": item["kind"],
                "hcp_code": item["hcp_code"],
                "display_order": position,
            }
            if "latitude" in item:
                values["latitude"] = Decimal(item["latitude"])
                values["longitude"] = Decimal(item["longitude"])
            commune = self.ensure(Commune, {"slug": item["slug"]}, values)
            for figure in item["census"]:
                self.ensure(
                    CensusFigure,
                    {"commune": commune, "year": figure["year"]},
                    {key: figure[key] for key in ("population", "households", "source")},
                )

    def load_governance(self, data: dict):
        bodies = {}
        for position, item in enumerate(data["bodies"], start=1):
            bodies[item["slug"]] = self.ensure(
                Body,
                {"slug": item["slug"]},
                {
                    **translated(item, "name"),
                    **translated(item, "description"),
                    "display_order": position,
                },
            )
        assembly = data["assembly"]
        constitutive = self.ensure(
            Assembly,
            {"kind": assembly["kind"]},
            {**translated(assembly, "place"), **translated(assembly, "summary")},
        )
        bureau = bodies["executive-bureau"]
        for item in data["bureau"]:
            person = self.ensure(Person, {"slug": item["slug"]}, translated(item, "full_name"))
            # Any mandate of this person in this role counts, current or ended: once the
            # bureau records a change, the founding mandate is history, not missing data.
            self.ensure(
                Membership,
                {"person": person, "body": bureau, "role": item["role"]},
                {"elected_at": constitutive},
            )
        for model, key in ((Principle, "principles"), (Goal, "goals")):
            for position, text in enumerate(data[key], start=1):
                self.ensure(
                    model,
                    {"position": position},
                    {f"text_{lang}": text[lang] for lang in LANGUAGES},
                )
