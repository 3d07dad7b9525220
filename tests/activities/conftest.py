"""Factories for the foundation's work, and a realistic amount of it grown on demand."""

import datetime
import itertools

import pytest
from django.utils import timezone

from activities.models import (
    Dossier,
    DossierAction,
    Event,
    EventPhoto,
    NewsItem,
    Proposal,
    ProposalStep,
    TrainingProgramme,
    TrainingSession,
)
from tests.helpers import png
from tests.security.conftest import https_client, production  # noqa: F401  (security checks)

_numbers = itertools.count(1)


def _published(values: dict) -> dict:
    if values.get("is_published") and "published_at" not in values:
        values["published_at"] = timezone.now()
    return values


@pytest.fixture
def make_proposal(db, make_commune):
    """A proposal to one or more communes: pass `communes=[...]` to choose them."""

    def make(*, communes=None, **overrides):
        n = next(_numbers)
        values = {
            "title_ar": f"مقترح {n}",
            "title_fr": f"Proposition {n}",
            "slug": f"proposal-{n}",
            "summary_ar": "مقترح برنامج للجماعة.",
            "summary_fr": "Un programme proposé à la commune.",
        }
        proposal = Proposal.objects.create(**_published(values | overrides))
        proposal.communes.set(communes if communes is not None else [make_commune()])
        return proposal

    return make


@pytest.fixture
def make_step(db, make_proposal):
    def make(**overrides):
        values = {"kind": ProposalStep.Kind.SENT, "date": datetime.date(2025, 2, 1)} | overrides
        if "proposal" not in values:
            values["proposal"] = make_proposal()
        return ProposalStep.objects.create(**values)

    return make


@pytest.fixture
def make_dossier(db, make_commune):
    def make(*, communes=None, **overrides):
        n = next(_numbers)
        values = {
            "title_ar": f"ملف ترافعي {n}",
            "title_fr": f"Dossier {n}",
            "slug": f"dossier-{n}",
            "summary_ar": "حالة الطريق الرابطة بين الدواوير.",
            "summary_fr": "L'état de la route entre les douars.",
        }
        dossier = Dossier.objects.create(**_published(values | overrides))
        dossier.communes.set(communes if communes is not None else [make_commune()])
        return dossier

    return make


@pytest.fixture
def make_action(db, make_dossier):
    def make(**overrides):
        n = next(_numbers)
        values = {
            "kind": DossierAction.Kind.LETTER,
            "date": datetime.date(2025, 3, 1),
            "title_ar": f"مراسلة {n}",
            "title_fr": f"Lettre {n}",
        } | overrides
        if "dossier" not in values:
            values["dossier"] = make_dossier()
        return DossierAction.objects.create(**values)

    return make


@pytest.fixture
def make_programme(db):
    def make(**overrides):
        n = next(_numbers)
        values = {
            "title_ar": f"برنامج تكوين {n}",
            "title_fr": f"Programme de formation {n}",
            "slug": f"programme-{n}",
            "summary_ar": "تقوية قدرات الفاعلين الجمعويين.",
        }
        return TrainingProgramme.objects.create(**_published(values | overrides))

    return make


@pytest.fixture
def make_session(db, make_programme, make_commune):
    def make(**overrides):
        n = next(_numbers)
        values = {
            "date": datetime.date(2025, 4, 12),
            "topic_ar": f"إعداد المشاريع {n}",
            "topic_fr": f"Montage de projets {n}",
            "place_ar": "دار الشباب",
        } | overrides
        if "programme" not in values:
            values["programme"] = make_programme(is_published=True)
        if "commune" not in values:
            values["commune"] = make_commune()
        return TrainingSession.objects.create(**values)

    return make


@pytest.fixture
def make_event(db):
    """An event in a week by default; pass `starts_at` for another time."""

    def make(*, communes=(), **overrides):
        n = next(_numbers)
        values = {
            "title_ar": f"لقاء تواصلي {n}",
            "title_fr": f"Rencontre {n}",
            "slug": f"event-{n}",
            "summary_ar": "لقاء حول التنمية المحلية.",
            "summary_fr": "Une rencontre sur le développement local.",
            "place_ar": "قاعة الاجتماعات بأزمور",
            "place_fr": "Salle de réunion, Azemmour",
            "starts_at": timezone.now() + datetime.timedelta(days=7),
        }
        event = Event.objects.create(**_published(values | overrides))
        event.communes.set(communes)
        return event

    return make


@pytest.fixture
def make_event_photo(db, make_event):
    def make(**overrides):
        n = next(_numbers)
        values = {"image": png(f"event-{n}.png", size=(64, 48)), "caption_ar": f"صورة {n}"}
        values |= overrides
        if "event" not in values:
            values["event"] = make_event(is_published=True)
        return EventPhoto.objects.create(**values)

    return make


@pytest.fixture
def make_news(db):
    def make(**overrides):
        n = next(_numbers)
        values = {
            "title_ar": f"خبر {n}",
            "title_fr": f"Actualité {n}",
            "slug": f"news-{n}",
            "summary_ar": "إعلان من المؤسسة.",
            "summary_fr": "Une annonce de la fondation.",
            "body_ar": "نص الإعلان الكامل.",
            "body_fr": "Le texte complet de l'annonce.",
        }
        return NewsItem.objects.create(**_published(values | overrides))

    return make


class Work:
    """The foundation's work in a few communes, as full as real records.

    Each round adds a proposal with its whole lifecycle, a dossier with three actions,
    a programme with two held sessions and materials, an upcoming and a past event with a
    photo each, and a news item with an image; every record is in Arabic and French.
    """

    def __init__(self, *, factories, communes, initiative):
        self.f = factories
        self.communes = communes
        self.initiative = initiative
        self.rounds = 0

    @property
    def commune(self):
        return self.communes[0]

    def grow(self, total: int) -> "Work":
        while self.rounds < total:
            self._add(self.rounds)
            self.rounds += 1
        return self

    def _add(self, i: int):
        now = timezone.now()
        communes = [self.communes[i % len(self.communes)], self.commune]
        proposal = self.f["make_proposal"](
            communes=communes,
            is_published=True,
            description_ar="وصف المقترح وأهدافه ومراحله. " * 4,
        )
        kinds = ["drafted", "sent", "acknowledged", "on_agenda", "adopted", "implemented"]
        for day, kind in enumerate(kinds, start=1):
            self.f["make_step"](
                proposal=proposal,
                kind=kind,
                date=datetime.date(2024, 1 + i % 12, day),
                session="ordinary" if kind in ("on_agenda", "adopted") else "",
                initiative=self.initiative if kind == "implemented" else None,
                note_ar="ملاحظة حول هذه المرحلة.",
            )
        dossier = self.f["make_dossier"](communes=communes, is_published=True)
        dossier.proposals.add(proposal)
        dossier.initiatives.add(self.initiative)
        for kind, state in (("letter", "waiting"), ("information_request", "waiting")):
            self.f["make_action"](
                dossier=dossier,
                kind=kind,
                state=state,
                answer_due_on=datetime.date(2025, 4, 1),
                description_ar="نص المراسلة وموضوعها.",
            )
        self.f["make_action"](dossier=dossier, kind="meeting", state="open")
        programme = self.f["make_programme"](is_published=True)
        for day in (5, 19):
            session = self.f["make_session"](
                programme=programme,
                commune=communes[0],
                date=datetime.date(2025, 1 + i % 12, day),
                association_members=12,
                elected_officials=3,
                youth=8,
                women=9,
                others=1,
            )
            session.materials.create(title_ar="عرض تقديمي", file="activities/trainings/deck.pdf")
        for offset in (3 + i, -30 - i):
            event = self.f["make_event"](
                communes=communes,
                is_published=True,
                starts_at=now + datetime.timedelta(days=offset),
            )
            self.f["make_event_photo"](event=event)
        self.f["make_news"](
            is_published=True,
            image=png(f"news-{i}.png", size=(80, 60)),
            image_description_ar="صورة",
        )


@pytest.fixture
def work(
    make_commune,
    make_initiative,
    make_proposal,
    make_step,
    make_dossier,
    make_action,
    make_programme,
    make_session,
    make_event,
    make_event_photo,
    make_news,
):
    """The foundation's work in three communes, with nothing yet: call `work.grow(n)`."""
    communes = [make_commune() for _ in range(3)]
    initiative = make_initiative(communes=communes[:1], is_published=True)
    return Work(factories=dict(locals()), communes=communes, initiative=initiative)
