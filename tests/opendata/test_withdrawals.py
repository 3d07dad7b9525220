"""An initiative withdrawn from public view is listed in the change logs and their feeds:
the figures drop, and the public can read why."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from initiatives.models import Initiative
from tests.opendata.conftest import EDITOR, parse_feed
from tests.public.pages import Page
from workflow.restore import initiative_restore

History = Initiative.history.model
WITHDRAWN = "Withdrawn from the portal"  # the English source text, shown on /en/ pages


def entries(page: Page) -> list:
    return [li for li in page.within("li", ("main", {})) if li.attrs.get("id", "")[:7] == "change-"]


def withdrawals(page: Page) -> list:
    return [li for li in entries(page) if WITHDRAWN in li.text]


def links_in(page: Page, element) -> list[str]:
    return [a.attrs.get("href", "") for a in page.all("a") if element in a.parents]


def count_line(page: Page) -> str:
    return page.one("p", role="status").text


def backdate(initiative, days: int):
    """Date every history row of the initiative so many days ago."""
    History.objects.filter(id=initiative.pk).update(
        history_date=timezone.now() - datetime.timedelta(days=days)
    )


@pytest.mark.parametrize("state", ["archived", "in_review", "draft"])
def test_an_initiative_taken_out_of_public_view_is_listed_as_withdrawn_with_its_last_public_title(
    client, district, editor, state
):
    school = district.school
    public_titles = (school.title_ar, school.title_fr)
    # Renamed on the way out: the public never saw these titles.
    school.title_ar, school.title_fr = "عنوان لم يره الجمهور", "Titre jamais public"
    school.state = state
    school._history_user = editor
    school.save()

    for language, title in (("ar", public_titles[0]), ("fr", public_titles[1])):
        page = Page(client.get(f"/{language}/changes/"))
        listed = [li for li in entries(page) if title in li.text]
        assert len(listed) == 1
        assert links_in(page, listed[0]) == []
        assert "لم يره الجمهور" not in page.html and "jamais public" not in page.html
        assert EDITOR["username"] not in page.html
    english = Page(client.get("/en/changes/"))
    (withdrawal,) = withdrawals(english)
    # No English title: the Arabic one, as the portal falls back, marked as Arabic.
    assert public_titles[0] in withdrawal.text and "Azemmour" in withdrawal.text
    assert any(
        bdi.attrs.get("lang") == "ar" and bdi.text == public_titles[0]
        for bdi in english.all("bdi")
        if withdrawal in bdi.parents
    )
    (time,) = [t for t in english.all("time") if withdrawal in t.parents]
    assert time.attrs["datetime"].startswith(timezone.localdate().isoformat())


def test_a_withdrawal_shows_in_the_logs_and_feeds_of_its_communes_only(client, district):
    school = district.school  # in Azemmour
    school.state = "archived"
    school.save()

    azemmour = Page(client.get("/en/communes/azemmour/changes/"))
    haouzia = Page(client.get("/en/communes/haouzia/changes/"))
    district_feed = parse_feed(client.get("/fr/changes/feed/"))
    commune_feed = parse_feed(client.get("/fr/communes/azemmour/changes/feed/"))
    with translation.override("fr"):
        withdrawn_in_french = gettext("withdrawn from the portal")
    other_feed = parse_feed(client.get("/fr/communes/haouzia/changes/feed/"))

    assert [school.title_ar in li.text for li in withdrawals(azemmour)] == [True]
    assert withdrawals(haouzia) == []
    assert school.title_fr not in haouzia.html
    for feed in (district_feed, commune_feed):
        (entry,) = [e for e in feed.entries if e.title.startswith(school.title_fr)]
        assert entry.title.endswith(withdrawn_in_french)
        assert school.slug not in entry.link and school.slug not in str(entry)
        assert entry.link.startswith("http://testserver/fr/changes/?from=")
    assert not any(school.title_fr in e.title for e in other_feed.entries)


def test_a_deleted_initiative_is_listed_as_withdrawn_in_the_communes_it_was_in_when_deleted(
    client, district
):
    water = district.water_project
    title, title_ar = water.title_en, water.title_ar
    water.communes.set([district.azemmour])  # moved while public, from Haouzia
    water.delete()

    district_log = Page(client.get("/en/changes/"))
    azemmour = Page(client.get("/en/communes/azemmour/changes/"))
    haouzia = Page(client.get("/en/communes/haouzia/changes/"))
    feed = parse_feed(client.get("/ar/communes/azemmour/changes/feed/"))

    for page in (district_log, azemmour):
        (withdrawal,) = withdrawals(page)
        assert title in withdrawal.text
        assert "(Azemmour)" in withdrawal.text
        assert links_in(page, withdrawal) == []
    assert withdrawals(haouzia) == []
    (entry,) = [e for e in feed.entries if e.title.startswith(title_ar)]
    assert "haouzia-water" not in entry.link


def test_an_initiative_never_public_shows_nothing_when_archived_or_deleted(client, district):
    before = {
        url: count_line(Page(client.get(url)))
        for url in ("/en/changes/", "/en/communes/haouzia/changes/")
    }
    district.draft.state = "archived"
    district.draft.save()
    district.draft.delete()

    for url, line in before.items():
        page = Page(client.get(url))
        assert withdrawals(page) == []
        assert district.draft.title_ar not in page.html
        assert count_line(page) == line
    assert district.draft.title_ar not in client.get("/ar/changes/feed/").content.decode()


def test_only_the_moment_it_stops_being_public_is_a_withdrawal(client, district):
    school = district.school
    title = school.title_ar
    school.state = "draft"
    school.save()
    school.title_ar = "عنوان المسودة"  # edited while out of public view
    school.save()
    school.state = "archived"
    school.save()
    school.delete()

    page = Page(client.get("/en/changes/"))

    assert [title in li.text for li in withdrawals(page)] == [True]
    assert "عنوان المسودة" not in page.html


def test_withdrawn_then_published_again_shows_both(client, district):
    school = district.school
    school.state = "archived"
    school.save()
    school.state = "published"
    school.save()

    page = Page(client.get("/en/communes/azemmour/changes/"))
    feed = parse_feed(client.get("/en/changes/feed/"))
    own_page = Page(client.get(f"/en/initiatives/{school.slug}/"))

    # Its own page's history tells when it was out of public view.
    history = ("section", {"id": "history"})
    own = [li for li in own_page.within("li", history) if li.attrs.get("id", "")[:7] == "change-"]
    assert [WITHDRAWN in li.text for li in own] == [False, True, False]
    listed = [li for li in entries(page) if school.title_ar in li.text]
    assert [WITHDRAWN in li.text for li in listed] == [False, True, False]
    assert links_in(page, listed[0]) == [f"/en/initiatives/{school.slug}/#{listed[0].attrs['id']}"]
    titles = [e.title for e in feed.entries if e.title.startswith(school.title_ar)]
    assert [("withdrawn" in t, "published" in t) for t in titles] == [
        (False, True),
        (True, False),
        (False, True),
    ]


def test_a_deleted_initiative_restored_by_the_bureau_shows_as_published_again(
    client, district, superuser
):
    school = district.school
    pk, title = school.pk, school.title_ar
    school.delete()
    History.objects.filter(id=pk).update(history_date=timezone.now() - datetime.timedelta(days=2))
    deleted = History.objects.get(id=pk, history_type="-")
    initiative_restore(history_id=deleted.history_id, user=superuser)

    today = Page(client.get(f"/en/changes/?from={timezone.localdate().isoformat()}"))
    month = Page(client.get("/en/changes/"))

    assert [WITHDRAWN in li.text for li in entries(today) if title in li.text] == [False]
    assert [WITHDRAWN in li.text for li in entries(month) if title in li.text] == [
        False,
        True,
        False,
    ]


@pytest.mark.parametrize("demo_data", [False, True])
def test_the_withdrawal_of_a_demo_record_shows_only_where_demo_data_is(
    client, district, settings, demo_data
):
    settings.DEMO_DATA = demo_data
    district.demo.state = "archived"
    district.demo.save()

    page = Page(client.get("/en/changes/"))
    feed = client.get("/fr/changes/feed/").content.decode()

    assert [district.demo.title_ar in li.text for li in withdrawals(page)] == (
        [True] if demo_data else []
    )
    assert (district.demo.title_fr in feed) is demo_data


def test_the_count_line_counts_withdrawals_and_withdrawn_initiatives(
    client, make_commune, make_initiative
):
    commune = make_commune(slug="oualidia")
    kept, withdrawn = (make_initiative(communes=[commune], is_published=True) for _ in range(2))
    backdate(kept, days=200)
    backdate(withdrawn, days=200)  # published long ago, out of the period
    withdrawn.state = "archived"
    withdrawn.save()

    page = Page(client.get("/en/communes/oualidia/changes/"))

    assert "1 change, 1 initiative" in count_line(page)
    assert len(withdrawals(page)) == 1


@pytest.mark.parametrize(
    "url, figures, log",
    [
        ("/en/", "figures-title", "/en/changes/"),
        ("/en/communes/azemmour/", "figures-title", "/en/communes/azemmour/changes/"),
        ("/en/communes/azemmour/fact-sheet/", "fs-figures", "/en/communes/azemmour/changes/"),
    ],
)
def test_the_figures_say_they_count_what_is_published_now_and_link_to_the_withdrawals(
    client, district, url, figures, log
):
    page = Page(client.get(url))

    section = ("section", {"aria_labelledby": figures})
    (note,) = [p for p in page.within("p", section) if "published now" in p.text]
    assert "withdrawn" in note.text
    assert links_in(page, note) == [log]
    if "fact-sheet" in url:  # on paper, the log's full address
        assert f"http://testserver{log}" in note.text


def test_a_withdrawal_link_opens_the_page_of_the_log_that_holds_it(client, district):
    district.school.state = "archived"
    district.school.save()
    feed = parse_feed(client.get("/en/changes/feed/"))
    (link,) = [e.link for e in feed.entries if e.title.startswith(district.school.title_ar)]
    road = district.road
    for budget in range(1, 56):  # 55 newer changes: the withdrawal is on the second page
        road.planned_budget = 1000 * budget
        road.save()

    response = client.get(link.removeprefix("http://testserver"))

    assert response.status_code == 302
    path, anchor = response["Location"].split("#")
    assert "page=2" in path and "change=" not in path
    page = Page(client.get(path))
    (entry,) = [li for li in entries(page) if li.attrs["id"] == anchor]
    assert WITHDRAWN in entry.text
    # A link to no entry of the period, or a malformed one, opens the first page.
    for wrong in ("0", "x", "٣"):
        first = client.get(path.replace("page=2", f"change={wrong}"))
        assert first.status_code == 200
        assert Page(first).one("a", rel="next")


def test_a_withdrawal_stays_in_the_log_of_the_commune_it_left_when_moved_out_of_view(
    client, district
):
    water = district.water_project  # public in Haouzia
    water.state = "archived"
    water.save()
    water.communes.set([district.azemmour])  # moved while out of public view

    haouzia = Page(client.get("/en/communes/haouzia/changes/"))
    azemmour = Page(client.get("/en/communes/azemmour/changes/"))
    haouzia_feed = parse_feed(client.get("/en/communes/haouzia/changes/feed/"))
    azemmour_feed = parse_feed(client.get("/en/communes/azemmour/changes/feed/"))

    (withdrawal,) = withdrawals(haouzia)
    assert water.title_en in withdrawal.text and "(Haouzia)" in withdrawal.text
    assert withdrawals(azemmour) == []
    assert [e.title.startswith(water.title_en) for e in haouzia_feed.entries].count(True) == 1
    assert not any(e.title.startswith(water.title_en) for e in azemmour_feed.entries)
