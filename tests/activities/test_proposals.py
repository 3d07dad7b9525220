"""Proposals to the communes: a dated timeline, an outcome read from it, an adoption rate."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities.models import Proposal, ProposalStep
from communes.models import Commune
from tests.helpers import refused_by_database
from tests.public.pages import Page

Kind = ProposalStep.Kind


def day(n: int) -> datetime.date:
    return datetime.date(2025, 1, 1) + datetime.timedelta(days=n)


def steps(make_step, proposal, *kinds, initiative=None):
    for n, kind in enumerate(kinds):
        make_step(
            proposal=proposal,
            kind=kind,
            date=day(n),
            initiative=initiative if kind == Kind.IMPLEMENTED else None,
        )


def test_timeline_renders_in_date_order_whatever_the_order_of_entry(
    client, make_proposal, make_step
):
    proposal = make_proposal(is_published=True)
    make_step(proposal=proposal, kind=Kind.ADOPTED, date=day(90), note_ar="اعتمد المجلس")
    make_step(proposal=proposal, kind=Kind.DRAFTED, date=day(0), note_ar="صيغت المسودة")
    make_step(proposal=proposal, kind=Kind.ON_AGENDA, date=day(60), note_ar="أدرج في الدورة")
    make_step(proposal=proposal, kind=Kind.SENT, date=day(10), note_ar="أرسل المقترح")

    page = Page(client.get(f"/ar/foundation/proposals/{proposal.slug}/"))

    dates = [time.attrs["datetime"] for time in page.within("time", ("ol", {"class_": "timeline"}))]
    assert dates == [f"{day(n):%Y-%m-%d}" for n in (0, 10, 60, 90)]
    html = page.html
    notes = ["صيغت المسودة", "أرسل المقترح", "أدرج في الدورة", "اعتمد المجلس"]
    assert [html.index(note) for note in notes] == sorted(html.index(note) for note in notes)


def test_outcome_is_the_latest_step(make_proposal, make_step):
    proposal = make_proposal()
    steps(make_step, proposal, Kind.SENT, Kind.ON_AGENDA, Kind.REJECTED)

    annotated = Proposal.objects.with_outcome().get(pk=proposal.pk)

    assert annotated.stage == Kind.REJECTED
    assert annotated.decision == Kind.REJECTED
    assert str(annotated.outcome_label) == str(Kind.REJECTED.label)


@pytest.fixture
def haouzia_proposals(make_commune, make_initiative, make_proposal, make_step):
    """Six published proposals to one commune, one draft, one proposal elsewhere.

    Decided: adopted, adopted with changes, rejected, rejected then adopted, adopted then
    implemented (5, of which 4 adopted). Not decided: only sent. The draft was rejected and
    the other commune's was adopted: neither may count.
    """
    haouzia, other = make_commune(slug="haouzia"), make_commune()
    initiative = make_initiative(communes=[haouzia], is_published=True)
    histories = [
        (Kind.SENT, Kind.ADOPTED),
        (Kind.SENT, Kind.ADOPTED_WITH_CHANGES),
        (Kind.SENT, Kind.ON_AGENDA, Kind.REJECTED),
        (Kind.SENT, Kind.REJECTED, Kind.ON_AGENDA, Kind.ADOPTED),
        (Kind.ADOPTED, Kind.IMPLEMENTED),
        (Kind.DRAFTED, Kind.SENT),
    ]
    for history in histories:
        proposal = make_proposal(communes=[haouzia], is_published=True)
        steps(make_step, proposal, *history, initiative=initiative)
    steps(make_step, make_proposal(communes=[haouzia]), Kind.REJECTED)
    steps(make_step, make_proposal(communes=[other], is_published=True), Kind.ADOPTED)
    return haouzia


def test_adoption_rate_counts_adopted_out_of_decided(haouzia_proposals):
    figures = Proposal.objects.published().in_commune(haouzia_proposals).adoption()

    assert figures == {"total": 6, "decided": 5, "adopted": 4, "rate": 80.0}


def test_commune_page_shows_the_adoption_rate_and_how_it_is_counted(client, haouzia_proposals):
    response = client.get("/en/communes/haouzia/")

    adoption = response.context["foundation"]["adoption"]
    assert adoption == {"total": 6, "decided": 5, "adopted": 4, "rate": 80.0}
    html = response.content.decode()
    assert "<bdi>80%</bdi>" in html
    assert "out of the proposals on which it has decided" in html


def test_proposal_list_gives_each_communes_adoption_rate(client, haouzia_proposals):
    by_commune = dict(client.get("/ar/foundation/proposals/").context["by_commune"])

    figures = {commune.slug: row for commune, row in by_commune.items()}
    assert figures["haouzia"] == {"total": 6, "decided": 5, "adopted": 4, "rate": 80.0}
    assert len(figures) == 2


def test_proposal_list_filters_by_commune_and_outcome(client, haouzia_proposals):
    response = client.get("/ar/foundation/proposals/?commune=haouzia&outcome=adopted")

    listed = list(response.context["page"].object_list)
    assert [p.stage for p in listed] == [Kind.ADOPTED, Kind.ADOPTED]
    assert {c.slug for p in listed for c in p.communes.all()} == {"haouzia"}


def test_proposal_list_names_a_commune_given_twice_and_lists_them_all(client, haouzia_proposals):
    other = Commune.objects.exclude(slug="haouzia").get()
    response = client.get(f"/fr/foundation/proposals/?commune=haouzia&commune={other.slug}")

    assert "Donné deux fois" in Page(response).one("div", class_="form-errors").text
    assert response.context["page"].paginator.count == Proposal.objects.published().count()


def test_implemented_step_links_the_initiative_only_when_it_is_public(
    client, make_initiative, make_proposal, make_step
):
    shown = make_initiative(is_published=True)
    hidden = make_initiative(title_ar="مبادرة لم تنشر")
    proposals = [make_proposal(is_published=True) for _ in range(2)]
    for proposal, initiative in zip(proposals, (shown, hidden), strict=True):
        steps(make_step, proposal, Kind.ADOPTED, Kind.IMPLEMENTED, initiative=initiative)

    first = client.get(f"/ar/foundation/proposals/{proposals[0].slug}/").content.decode()
    second = client.get(f"/ar/foundation/proposals/{proposals[1].slug}/").content.decode()

    assert shown.get_absolute_url() in first
    assert hidden.get_absolute_url() not in second
    assert hidden.title_ar not in second


def test_implemented_step_needs_its_initiative(make_step):
    with refused_by_database("proposalstep_initiative_when_implemented"):
        make_step(kind=Kind.IMPLEMENTED)


def test_only_a_decision_carries_a_deliberation_number(make_step):
    with refused_by_database("proposalstep_deliberation_only_for_decisions"):
        make_step(kind=Kind.SENT, deliberation_number="12/2025")


def test_a_session_belongs_to_the_agenda_or_a_decision(make_step):
    make_step(kind=Kind.ON_AGENDA, session=ProposalStep.Session.ORDINARY)

    with refused_by_database("proposalstep_session_only_in_council"):
        make_step(kind=Kind.SENT, session=ProposalStep.Session.ORDINARY)


@pytest.mark.parametrize("language, sent", [("ar", "أرسل"), ("fr", "envoyée")])
def test_the_step_sent_reads_as_a_step_not_as_a_date(
    client, make_proposal, make_step, language, sent
):
    step = make_step(kind="sent", proposal=make_proposal(is_published=True))

    html = client.get(f"/{language}/foundation/proposals/{step.proposal.slug}/").content.decode()

    assert sent in html
    assert "تاريخ الإرسال" not in html and "date d'envoi" not in html


@pytest.mark.parametrize(
    "kind, refused",
    [("adopted", True), ("sent", True), ("on_agenda", False)],
)
def test_a_step_to_come_is_refused_unless_it_is_a_session_on_the_agenda(make_step, kind, refused):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    step = make_step(kind=kind, session="ordinary" if kind == "on_agenda" else "")
    step.date = tomorrow

    if refused:
        with pytest.raises(ValidationError) as error:
            step.full_clean()
        assert "date" in error.value.message_dict
    else:
        step.full_clean()
