"""The foundation's own work, written for a benchmark run and removed after it.

seed_demo writes initiatives only: it has no way to mark a proposal, a dossier, a training,
an event or a news item as generated, so it writes none, and a portal never shows made-up
work of the foundation. The benchmark still has to draw those pages with records in them;
it adds these for its run (slugs starting with `bench-`) and deletes them when it ends,
even when it fails.
"""

import contextlib
import datetime

from django.db import transaction
from django.utils import timezone

from activities.models import (
    Dossier,
    DossierAction,
    Event,
    NewsItem,
    Proposal,
    ProposalStep,
    TrainingProgramme,
    TrainingSession,
)
from communes.models import Commune
from initiatives.models import Initiative

PREFIX = "bench-"
MODELS = (Proposal, Dossier, TrainingProgramme, Event, NewsItem)
STEPS = ("drafted", "sent", "acknowledged", "on_agenda", "adopted", "implemented")


def remove():
    for model in MODELS:
        model.objects.filter(slug__startswith=PREFIX).delete()


def add(rounds: int) -> dict[str, str]:
    """`rounds` of each kind of record, in Arabic and French, as full as real ones (without
    files); returns one detail address of each kind."""
    communes = list(Commune.objects.order_by("display_order", "slug"))
    initiative = Initiative.objects.published().order_by("id").first()
    now = timezone.now()
    published = {"is_published": True, "published_at": now}
    with transaction.atomic():
        for i in range(rounds):
            chosen = {communes[0], communes[i % len(communes)]}
            proposal = Proposal.objects.create(
                slug=f"{PREFIX}proposal-{i}",
                title_ar=f"مقترح برنامج للجماعة {i}",
                title_fr=f"Proposition de programme {i}",
                summary_ar="مقترح برنامج للجماعة حول الماء الصالح للشرب.",
                summary_fr="Un programme proposé à la commune sur l'eau potable.",
                description_ar="وصف المقترح وأهدافه ومراحله. " * 4,
                **published,
            )
            proposal.communes.set(chosen)
            ProposalStep.objects.bulk_create(
                ProposalStep(
                    proposal=proposal,
                    kind=kind,
                    date=datetime.date(2024, 1 + i % 12, day),
                    session="ordinary" if kind in ("on_agenda", "adopted") else "",
                    initiative=initiative if kind == "implemented" else None,
                    note_ar="ملاحظة حول هذه المرحلة.",
                )
                for day, kind in enumerate(STEPS, start=1)
            )
            dossier = Dossier.objects.create(
                slug=f"{PREFIX}dossier-{i}",
                title_ar=f"حالة الطريق الرابطة بين الدواوير {i}",
                title_fr=f"L'état de la route entre les douars {i}",
                summary_ar="ملف ترافعي حول حالة الطريق.",
                summary_fr="Un dossier de plaidoyer sur l'état de la route.",
                **published,
            )
            dossier.communes.set(chosen)
            dossier.proposals.add(proposal)
            if initiative:
                dossier.initiatives.add(initiative)
            DossierAction.objects.bulk_create(
                DossierAction(
                    dossier=dossier,
                    kind=kind,
                    state=state,
                    date=datetime.date(2025, 3, 1),
                    answer_due_on=datetime.date(2025, 4, 1) if state == "waiting" else None,
                    title_ar=f"مراسلة {i}",
                    title_fr=f"Lettre {i}",
                    description_ar="نص المراسلة وموضوعها.",
                )
                for kind, state in (
                    ("letter", "waiting"),
                    ("information_request", "waiting"),
                    ("meeting", "open"),
                )
            )
            programme = TrainingProgramme.objects.create(
                slug=f"{PREFIX}programme-{i}",
                title_ar=f"برنامج تكوين {i}",
                title_fr=f"Programme de formation {i}",
                summary_ar="تقوية قدرات الفاعلين الجمعويين.",
                summary_fr="Renforcer les capacités des acteurs associatifs.",
                **published,
            )
            TrainingSession.objects.bulk_create(
                TrainingSession(
                    programme=programme,
                    commune=communes[i % len(communes)],
                    date=datetime.date(2025, 1 + i % 12, day),
                    topic_ar=f"إعداد المشاريع {i}",
                    topic_fr=f"Montage de projets {i}",
                    place_ar="دار الشباب",
                    association_members=12,
                    elected_officials=3,
                    youth=8,
                    women=9,
                    others=1,
                )
                for day in (5, 19)
            )
            for n, offset in enumerate((3 + i, -30 - i)):
                event = Event.objects.create(
                    slug=f"{PREFIX}event-{i}-{n}",
                    title_ar=f"لقاء تواصلي حول التنمية المحلية {i}",
                    title_fr=f"Rencontre sur le développement local {i}",
                    summary_ar="لقاء حول التنمية المحلية.",
                    summary_fr="Une rencontre sur le développement local.",
                    place_ar="قاعة الاجتماعات بأزمور",
                    place_fr="Salle de réunion, Azemmour",
                    starts_at=now + datetime.timedelta(days=offset),
                    **published,
                )
                event.communes.set(chosen)
            NewsItem.objects.create(
                slug=f"{PREFIX}news-{i}",
                title_ar=f"إعلان من المؤسسة {i}",
                title_fr=f"Une annonce de la fondation {i}",
                summary_ar="إعلان من المؤسسة.",
                summary_fr="Une annonce de la fondation.",
                body_ar="نص الإعلان الكامل. " * 20,
                body_fr="Le texte complet de l'annonce. " * 20,
                **published,
            )
    return {
        "proposal": f"/ar/foundation/proposals/{PREFIX}proposal-0/",
        "dossier": f"/ar/foundation/advocacy/{PREFIX}dossier-0/",
        "training": f"/ar/foundation/trainings/{PREFIX}programme-0/",
        "event": f"/ar/foundation/events/{PREFIX}event-0-0/",
        "news item": f"/ar/foundation/news/{PREFIX}news-0/",
    }


@contextlib.contextmanager
def foundation_work(rounds: int):
    """The records for the length of the block; none before (a failed run's), none after."""
    remove()
    try:
        yield add(rounds)
    finally:
        remove()
