"""A realistic portal for the public pages: what a visitor would find after a few years."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from governance.models import Goal, Membership, Principle
from initiatives.models import Initiative, Update
from tests.helpers import png

STATUSES = [
    Initiative.Status.IN_PROGRESS,
    Initiative.Status.COMPLETED,
    Initiative.Status.PLANNED,
    Initiative.Status.STALLED,
    Initiative.Status.PROPOSED,
    Initiative.Status.CANCELLED,
]


def progress_of(status: str, value: int) -> int:
    """A progress that agrees with the status: none before the start, all when completed."""
    if status == Initiative.Status.COMPLETED:
        return 100
    if status in (Initiative.Status.PROPOSED, Initiative.Status.PLANNED):
        return 0
    return value


ORIGINS = list(Initiative.Origin.values)


class Portal:
    """Initiatives grown on demand, each as full as a real one.

    Every initiative has two communes, Arabic and French texts, two fundings, an
    implementing body, and two published monitoring updates with a photo each. The first
    initiative (the flagship) is a programme: every fourth one after it is its project.
    """

    def __init__(self, *, factories):
        self.f = factories
        self.communes = [self.f["make_commune"]() for _ in range(8)]
        for commune in self.communes:
            self.f["make_census"](commune=commune, population=12345, households=2345)
        self.sectors = [self.f["make_sector"]() for _ in range(5)]
        self.partners = [self.f["make_partner"]() for _ in range(10)]
        self.initiatives: list[Initiative] = []
        self._foundation()

    @property
    def flagship(self) -> Initiative:
        return self.initiatives[0]

    def grow(self, total: int) -> "Portal":
        while len(self.initiatives) < total:
            self._add(len(self.initiatives))
        return self

    def _add(self, i: int):
        today = timezone.localdate()
        start = datetime.date(2019 + i % 6, 1 + i % 12, 1 + i % 28)
        status = STATUSES[i % len(STATUSES)]
        initiative = self.f["make_initiative"](
            communes=[self.communes[i % 8], self.communes[(i + 1) % 8]],
            sector=self.sectors[i % 5],
            title_ar=f"تأهيل وتجهيز المسالك القروية بالدواوير المجاورة، الشطر {i + 1}",
            title_fr=f"Aménagement et équipement des pistes rurales des douars, tranche {i + 1}",
            summary_ar="تهيئة المسالك وتجهيزها بقنوات تصريف مياه الأمطار لفك العزلة عن "
            "الساكنة وتسهيل ولوج التلاميذ إلى المدارس والمرضى إلى المراكز الصحية.",
            summary_fr="Aménagement des pistes et pose de buses d'évacuation des eaux pluviales "
            "pour désenclaver les habitants et faciliter l'accès aux écoles et aux centres.",
            status=status,
            origin=ORIGINS[i % len(ORIGINS)],
            progress=progress_of(status, (i * 17) % 101),
            planned_budget=Decimal(250_000 + 137_500 * i),
            spent_amount=Decimal(100_000 + 50_000 * i) if i % 3 else None,
            implementing_body=self.partners[(i + 5) % 10],
            start_date=start,
            planned_end_date=(
                today - datetime.timedelta(days=10)
                if i % 5 == 0
                else start + datetime.timedelta(days=900)
            ),
            parent=self.initiatives[0] if i % 4 == 1 else None,
            is_published=True,
        )
        for partner in (self.partners[i % 10], self.partners[(i + 3) % 10]):
            self.f["make_funding"](initiative=initiative, partner=partner, amount=75_000 + i)
        for day in (3, 17):
            update = self.f["make_update"](
                initiative=initiative,
                observed_on=datetime.date(2025, 1 + i % 12, day),
                body_ar="لوحظ تقدم الأشغال في الورش خلال الزيارة الميدانية.",
                body_fr="L'avancement des travaux a été constaté lors de la visite.",
                source=Update.Source.SITE_VISIT,
                is_published=True,
            )
            self.f["make_photo"](update=update, caption_fr="Le chantier")
        self.initiatives.append(initiative)

    def _foundation(self):
        constitutive = self.f["make_assembly"](
            kind="constitutive", date=datetime.date(2023, 3, 12), place_fr="Azemmour"
        )
        self.f["make_assembly"](date=datetime.date(2025, 6, 1))
        for position in range(1, 6):
            Principle.objects.create(position=position, text_ar=f"مبدأ {position}")
            Goal.objects.create(position=position, text_ar=f"هدف {position}")
        for order in range(3):
            body = self.f["make_body"](display_order=order)
            self.f["make_membership"](
                body=body,
                role=Membership.Role.PRESIDENT,
                elected_at=constitutive,
                person=self.f["make_person"](photo=png(f"portrait-{order}.png", size=(96, 96))),
            )
            for _ in range(4):
                self.f["make_membership"](body=body, role=Membership.Role.MEMBER)
            self.f["make_membership"](
                body=body,
                role=Membership.Role.TREASURER,
                start_date=datetime.date(2019, 1, 1),
                end_date=datetime.date(2022, 12, 31),
            )


@pytest.fixture
def portal(
    make_commune,
    make_census,
    make_sector,
    make_partner,
    make_initiative,
    make_funding,
    make_update,
    make_photo,
    make_person,
    make_body,
    make_membership,
    make_assembly,
):
    """A realistic portal with no initiative yet: call `portal.grow(n)`."""
    return Portal(factories=dict(locals()))
