"""Generate demo initiatives for demonstrations and benchmarks.

Demo records are flagged `is_demo` and use demo sectors and partners of their own, so they
can be told apart from the district's real records everywhere and removed with --clear.
They are attached to the real communes (an initiative needs one) but never change them.
"""

import datetime
import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from citizens.models import FieldReport
from communes.models import Commune
from initiatives import tallies
from initiatives.models import Funding, Initiative, Partner, Sector, Update
from search import index as search_index
from workflow.states import State

BATCH = 1000

SECTORS = [
    # slug, ar, fr, en, DAC code; named as demo, as the partners are, so that a list of
    # sectors never shows a demo sector beside a real one of the same name.
    ("demo-education", "التعليم (تجريبي)", "Éducation (démo)", "Education (demo)", "111"),
    ("demo-health", "الصحة (تجريبي)", "Santé (démo)", "Health (demo)", "121"),
    (
        "demo-water",
        "الماء والتطهير (تجريبي)",
        "Eau et assainissement (démo)",
        "Water and sanitation (demo)",
        "140",
    ),
    (
        "demo-roads",
        "الطرق والنقل (تجريبي)",
        "Routes et transport (démo)",
        "Roads and transport (demo)",
        "210",
    ),
    (
        "demo-youth",
        "الشباب والرياضة (تجريبي)",
        "Jeunesse et sport (démo)",
        "Youth and sport (demo)",
        "160",
    ),
    (
        "demo-women",
        "المرأة والأسرة (تجريبي)",
        "Femmes et famille (démo)",
        "Women and family (demo)",
        "151",
    ),
    (
        "demo-energy",
        "الكهرباء والإنارة (تجريبي)",
        "Électricité et éclairage (démo)",
        "Electricity and lighting (demo)",
        "230",
    ),
    ("demo-agriculture", "الفلاحة (تجريبي)", "Agriculture (démo)", "Agriculture (demo)", "311"),
]

PARTNERS = [
    # slug, ar, fr, en, kind
    ("demo-ministry", "وزارة (تجريبي)", "Ministère (démo)", "Ministry (demo)", "state"),
    ("demo-region", "الجهة (تجريبي)", "Région (démo)", "Region (demo)", "region"),
    ("demo-province", "الإقليم (تجريبي)", "Province (démo)", "Province (demo)", "province"),
    (
        "demo-commune",
        "المجلس الجماعي (تجريبي)",
        "Conseil communal (démo)",
        "Commune council (demo)",
        "commune",
    ),
    (
        "demo-indh",
        "المبادرة الوطنية للتنمية البشرية (تجريبي)",
        "INDH (démo)",
        "INDH (demo)",
        "indh",
    ),
    (
        "demo-association",
        "جمعية محلية (تجريبي)",
        "Association locale (démo)",
        "Local association (demo)",
        "association",
    ),
    ("demo-company", "مقاولة (تجريبي)", "Entreprise (démo)", "Company (demo)", "company"),
    (
        "demo-donor",
        "جهة مانحة دولية (تجريبي)",
        "Bailleur international (démo)",
        "International donor (demo)",
        "donor",
    ),
]

# What is built, per demo sector: (Arabic, French, English).
WORKS = {
    "demo-education": [
        ("بناء مدرسة ابتدائية", "Construction d'une école primaire", "Building a primary school"),
        ("توسيع إعدادية", "Extension d'un collège", "Extending a middle school"),
        (
            "تأهيل دار الطالبة",
            "Réhabilitation d'une dar taliba",
            "Renovating a girls' boarding house",
        ),
    ],
    "demo-health": [
        ("بناء مركز صحي", "Construction d'un centre de santé", "Building a health centre"),
        (
            "تجهيز دار الولادة",
            "Équipement d'une maison d'accouchement",
            "Equipping a maternity home",
        ),
    ],
    "demo-water": [
        ("ربط بالماء الصالح للشرب", "Raccordement à l'eau potable", "Connecting to drinking water"),
        ("شبكة التطهير السائل", "Réseau d'assainissement liquide", "Building a sewer network"),
    ],
    "demo-roads": [
        ("تهيئة الطريق", "Aménagement de la piste", "Upgrading the track"),
        ("بناء قنطرة", "Construction d'un pont", "Building a bridge"),
    ],
    "demo-youth": [
        (
            "بناء ملعب للقرب",
            "Construction d'un terrain de proximité",
            "Building a local sports ground",
        ),
        ("تجهيز دار الشباب", "Équipement d'une maison de jeunes", "Equipping a youth centre"),
    ],
    "demo-women": [
        ("مركز لتكوين النساء", "Centre de formation des femmes", "Women's training centre"),
        ("تعاونية نسائية", "Coopérative féminine", "Women's cooperative"),
    ],
    "demo-energy": [
        ("الإنارة العمومية", "Éclairage public", "Street lighting"),
        ("الكهربة القروية", "Électrification rurale", "Rural electrification"),
    ],
    "demo-agriculture": [
        ("حفر بئر جماعي", "Forage d'un puits collectif", "Drilling a shared well"),
        ("غرس أشجار الزيتون", "Plantation d'oliviers", "Planting olive trees"),
    ],
}

UPDATE_TITLES = [
    ("زيارة ميدانية للورش", "Visite de terrain du chantier", "Site visit"),
    (
        "عرض خلال دورة المجلس",
        "Présentation en session du conseil",
        "Presented at a council session",
    ),
    ("خبر في الصحافة المحلية", "Article de la presse locale", "Local press report"),
]


class Command(BaseCommand):
    help = "Create (or with --clear remove) clearly flagged demo initiatives."

    def add_arguments(self, parser):
        parser.add_argument("--initiatives", type=int, default=200, help="How many (default 200).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--clear", action="store_true", help="Remove every demo record.")
        parser.add_argument(
            "--if-absent",
            action="store_true",
            help="Do nothing when demo initiatives already exist (for repeated start-ups).",
        )

    def handle(self, *args, initiatives, seed, clear, if_absent, **options):
        self.verbosity = options["verbosity"]
        if clear:
            self.clear()
            return
        if if_absent and Initiative.objects.filter(is_demo=True).exists():
            self.stdout.write("Demo initiatives already exist: nothing to do.")
            return
        if initiatives < 0:
            raise CommandError("--initiatives must be zero or more.")
        communes = list(Commune.objects.order_by("pk"))
        if not communes:
            raise CommandError("No commune exists yet: run `manage.py load_district` first.")
        started = time.monotonic()
        with transaction.atomic():
            sectors, partners = self.reference_data()
            self.generate(random.Random(seed), initiatives, communes, sectors, partners)
            # Bulk inserts send no signal: the counts of every page follow here.
            tallies.refresh()
        if connection.vendor == "postgresql":
            # What autovacuum would do a minute later, at once: statistics of the new rows
            # (until then the planner believes the tables nearly empty) and, where no
            # transaction is open, the new pages marked all-visible, so that index-only
            # scans need not read the table.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        elapsed = time.monotonic() - started
        rate = initiatives / elapsed * 60 if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {initiatives} demo initiatives in {elapsed:.1f} s ({rate:,.0f} a minute)."
            )
        )

    def clear(self):
        with transaction.atomic():
            demo = Initiative.objects.filter(is_demo=True)
            # Children first: a programme is protected while its projects point at it.
            Initiative.objects.filter(is_demo=True, parent__isnull=False).update(parent=None)
            # Citizens' reports protect their initiative; on a demo one they go with it.
            FieldReport.objects.filter(initiative__is_demo=True).delete()
            count, _ = demo.delete()
            Sector.objects.filter(is_demo=True).delete()
            Partner.objects.filter(is_demo=True).delete()
        self.stdout.write(self.style.SUCCESS(f"Removed {count} demo rows."))

    def reference_data(self):
        sectors = []
        for slug, ar, fr, en, dac in SECTORS:
            sector, _ = Sector.objects.update_or_create(
                slug=slug,
                defaults={
                    "name_ar": ar,
                    "name_fr": fr,
                    "name_en": en,
                    "dac_code": dac,
                    "is_demo": True,
                },
            )
            sectors.append(sector)
        partners = []
        for slug, ar, fr, en, kind in PARTNERS:
            partner, _ = Partner.objects.update_or_create(
                slug=slug,
                defaults={
                    "name_ar": ar,
                    "name_fr": fr,
                    "name_en": en,
                    "kind": kind,
                    "is_demo": True,
                },
            )
            partners.append(partner)
        return sectors, partners

    def generate(self, rng, total, communes, sectors, partners):
        today = timezone.localdate()
        now = timezone.now()
        start_index = Initiative.objects.filter(is_demo=True).count()
        done = 0
        while done < total:
            size = min(BATCH, total - done)
            batch, commune_links = [], []
            for offset in range(size):
                number = start_index + done + offset + 1
                initiative, links = self.make_initiative(rng, number, today, now, communes, sectors)
                batch.append(initiative)
                commune_links.append(links)
            Initiative.objects.bulk_create(batch)
            Through = Initiative.communes.through
            Through.objects.bulk_create(
                Through(initiative_id=initiative.pk, commune_id=commune.pk)
                for initiative, links in zip(batch, commune_links, strict=True)
                for commune in links
            )
            Funding.objects.bulk_create(
                funding
                for initiative in batch
                for funding in self.fundings(rng, initiative, partners)
            )
            Update.objects.bulk_create(
                update
                for initiative in batch
                for update in self.updates(rng, initiative, today, now)
            )
            # Bulk inserts bypass the signals that keep the search index current.
            search_index.index_objects(
                "initiative",
                Initiative.objects.filter(pk__in=[i.pk for i in batch])
                .select_related("sector")
                .prefetch_related("communes"),
            )
            search_index.index_ids(
                "update", Update.objects.filter(initiative__in=batch).values_list("pk", flat=True)
            )
            done += size
            self.progress(done, total)

    def make_initiative(self, rng, number, today, now, communes, sectors):
        sector = rng.choice(sectors)
        work_ar, work_fr, work_en = rng.choice(WORKS[sector.slug])
        status = rng.choices(list(Initiative.Status), weights=[10, 15, 35, 12, 23, 5])[0]
        start = today - datetime.timedelta(days=rng.randint(30, 8 * 365))
        duration = datetime.timedelta(days=rng.randint(120, 3 * 365))
        budget = Decimal(rng.randrange(100, 50_000)) * 1000
        fields = {
            "status": status,
            "start_date": start,
            "planned_end_date": start + duration,
            "actual_end_date": None,
            "progress": 0,
            "spent_amount": None,
        }
        if status in (Initiative.Status.PROPOSED, Initiative.Status.PLANNED):
            # Not started: a start date in the future, or none yet for a mere proposal.
            future = today + datetime.timedelta(days=rng.randint(30, 720))
            fields["start_date"] = future if status == Initiative.Status.PLANNED else None
            fields["planned_end_date"] = future + duration if fields["start_date"] else None
        elif status == Initiative.Status.COMPLETED:
            fields["progress"] = 100
            end = min(start + duration + datetime.timedelta(days=rng.randint(-60, 300)), today)
            fields["actual_end_date"] = max(end, start)
            fields["spent_amount"] = (budget * Decimal(rng.uniform(0.85, 1.15))).quantize(
                Decimal("1000")
            )
        elif status == Initiative.Status.CANCELLED:
            fields["progress"] = rng.randint(0, 20)
        else:  # in progress or stalled
            fields["progress"] = rng.randint(5, 95)
            share = Decimal(fields["progress"] / 100 * rng.uniform(0.8, 1.3))
            fields["spent_amount"] = (budget * share).quantize(Decimal("1000"))
        place = rng.randint(1, 60)
        initiative = Initiative(
            slug=f"demo-{number}",
            title_ar=f"{work_ar} – الموقع {place}",
            title_fr=f"{work_fr} – site {place}",
            title_en=f"{work_en} – site {place}",
            summary_ar=f"مبادرة تجريبية: {work_ar}.",
            summary_fr=f"Initiative de démonstration : {work_fr.lower()}.",
            summary_en=f"Demo initiative: {work_en.lower()}.",
            sector=sector,
            planned_budget=budget,
            origin=rng.choice(list(Initiative.Origin)),
            state=State.PUBLISHED if rng.random() < 0.9 else State.DRAFT,
            is_demo=True,
            **fields,
        )
        if initiative.state == State.PUBLISHED:
            initiative.published_at = now
        links = rng.sample(communes, k=1 if rng.random() < 0.85 else min(2, len(communes)))
        return initiative, links

    def fundings(self, rng, initiative, partners):
        chosen = rng.sample(partners, k=rng.randint(1, 3))
        remaining = initiative.planned_budget
        for index, partner in enumerate(chosen):
            last = index == len(chosen) - 1
            amount = (
                remaining
                if last
                else (remaining * Decimal(rng.uniform(0.3, 0.7))).quantize(Decimal("1000"))
            )
            remaining -= amount
            if amount > 0:
                yield Funding(initiative_id=initiative.pk, partner_id=partner.pk, amount=amount)

    def updates(self, rng, initiative, today, now):
        if initiative.start_date is None or initiative.start_date > today:
            return
        span = (today - initiative.start_date).days
        for _ in range(rng.randint(0, 3)):
            ar, fr, en = rng.choice(UPDATE_TITLES)
            source = rng.choice(["site_visit", "council_session", "press"])
            published = rng.random() < 0.85
            yield Update(
                initiative_id=initiative.pk,
                observed_on=initiative.start_date + datetime.timedelta(days=rng.randint(0, span)),
                title_ar=ar,
                title_fr=fr,
                title_en=en,
                body_ar="ملاحظة تجريبية.",
                body_fr="Observation de démonstration.",
                body_en="Demo observation.",
                status_observed=initiative.status,
                progress_observed=initiative.progress,
                source=source,
                state=State.PUBLISHED if published else State.DRAFT,
                published_at=now if published else None,
            )

    def progress(self, done, total):
        if self.verbosity < 1:
            return
        width = 30
        filled = width * done // total if total else width
        bar = "█" * filled + "·" * (width - filled)
        end = "\n" if done == total else ""
        self.stdout.write(f"\r[{bar}] {done}/{total}", ending=end)
        if hasattr(self.stdout, "flush"):
            self.stdout.flush()
