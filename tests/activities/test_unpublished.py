"""A draft of the foundation's work never reaches the public: not its page, a list, a count,
the commune page, the home page, a feed, the calendar or the search."""

import datetime

import pytest
from django.utils import timezone

SECRET = "مسودة سرية"


@pytest.fixture
def drafts(
    make_commune,
    make_proposal,
    make_step,
    make_dossier,
    make_action,
    make_programme,
    make_session,
    make_event,
    make_news,
):
    """One draft of each kind, all in one commune, all named with the same secret words."""
    commune = make_commune(slug="sidi-ali-ben-hamdouch")
    proposal = make_proposal(communes=[commune], title_ar=f"{SECRET} مقترح")
    make_step(proposal=proposal, kind="adopted")
    dossier = make_dossier(communes=[commune], title_ar=f"{SECRET} ملف")
    make_action(dossier=dossier)
    programme = make_programme(title_ar=f"{SECRET} برنامج")
    make_session(programme=programme, commune=commune, topic_ar=f"{SECRET} حصة", youth=40)
    event = make_event(
        communes=[commune],
        title_ar=f"{SECRET} لقاء",
        starts_at=timezone.now() + datetime.timedelta(days=2),
    )
    news = make_news(title_ar=f"{SECRET} خبر")
    return {
        "commune": commune,
        "pages": [
            f"/ar/foundation/proposals/{proposal.slug}/",
            f"/ar/foundation/advocacy/{dossier.slug}/",
            f"/ar/foundation/trainings/{programme.slug}/",
            f"/ar/foundation/events/{event.slug}/",
            f"/ar/foundation/news/{news.slug}/",
        ],
    }


def test_each_unpublished_record_is_404_for_visitors(client, drafts):
    assert [client.get(url).status_code for url in drafts["pages"]] == [404] * 5


@pytest.mark.parametrize(
    "url",
    [
        "/ar/",
        "/ar/communes/sidi-ali-ben-hamdouch/",
        "/ar/foundation/proposals/",
        "/ar/foundation/advocacy/",
        "/ar/foundation/trainings/",
        "/ar/foundation/events/",
        "/ar/foundation/events.ics",
        "/ar/foundation/news/",
        "/ar/foundation/news/feed/",
    ],
)
def test_unpublished_records_appear_in_no_page_list_or_feed(client, drafts, url):
    response = client.get(url)

    assert response.status_code == 200
    assert SECRET not in response.content.decode()


def test_unpublished_records_are_not_found_by_the_search(client, drafts):
    assert client.get("/ar/search/", {"q": SECRET}).context["results"] == []


def test_unpublished_records_count_nowhere(client, drafts):
    commune_page = client.get("/ar/communes/sidi-ali-ben-hamdouch/").context["foundation"]
    trainings = client.get("/ar/foundation/trainings/").context["totals"]

    assert commune_page["adoption"] == {"total": 0, "decided": 0, "adopted": 0, "rate": None}
    assert commune_page["dossier_count"] == commune_page["sessions_held"] == 0
    assert commune_page["participants"] == 0
    assert commune_page["next_event_slug"] is None
    assert (trainings["sessions"], trainings["participants"]) == (0, 0)
