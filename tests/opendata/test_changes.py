"""The public change log: what changed on which initiative, old value and new value."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from initiatives.models import Initiative
from opendata import changes
from tests.helpers import initiative_form
from tests.opendata.conftest import parse_feed
from tests.public.pages import Page

History = Initiative.history.model


def status_label(value: str, language: str) -> str:
    with translation.override(language):
        return str(Initiative.Status(value).label)


@pytest.fixture
def edited(staff_client, district):
    """A published initiative whose status a bureau member changed in the admin."""
    initiative = district.school
    data = initiative_form(
        sector=initiative.sector,
        communes=[district.azemmour],
        slug=initiative.slug,
        title_ar=initiative.title_ar,
        title_fr=initiative.title_fr,
        status="in_progress",
        progress="",
        state="published",
    )

    response = staff_client.post(f"/fr/admin/initiatives/initiative/{initiative.pk}/change/", data)

    assert response.status_code == 302
    assert initiative.history.latest().history_user.username == "bureau"
    return initiative


def change_items(page: Page, container=("main", {})) -> list[str]:
    return [
        li.text for li in page.within("li", container) if li.attrs.get("id", "")[:7] == "change-"
    ]


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_a_status_change_made_in_the_admin_shows_on_the_initiative_page(client, edited, language):
    page = Page(client.get(f"/{language}/initiatives/{edited.slug}/"))

    items = change_items(page, ("section", {"id": "history"}))
    old, new = status_label("planned", language), status_label("in_progress", language)
    assert any(old in item and new in item and item.index(old) < item.index(new) for item in items)
    assert "bureau" not in page.html


def test_a_status_change_shows_in_the_district_and_commune_change_logs_and_feed(client, edited):
    new = status_label("in_progress", "ar")

    district_page = Page(client.get("/ar/changes/"))
    commune_page = Page(client.get("/ar/communes/azemmour/changes/"))
    other_commune = Page(client.get("/ar/communes/haouzia/changes/"))
    feed = parse_feed(client.get("/ar/changes/feed/"))

    for page in (district_page, commune_page):
        assert any(edited.title_ar in item and new in item for item in change_items(page))
        assert "bureau" not in page.html
    assert not any(edited.title_ar in item for item in change_items(other_commune))
    entry = feed.entries[0]
    assert entry.title.startswith(edited.title_ar)
    assert new in entry.title
    assert entry.link.startswith(f"http://testserver/ar/initiatives/{edited.slug}/#change-")
    assert "bureau" not in str(feed)


@pytest.mark.parametrize(
    "language, arrow, separator", [("ar", "←", "؛ "), ("fr", "→", "; "), ("en", "→", "; ")]
)
def test_a_feeds_arrow_points_from_the_old_value_to_the_new_one_as_the_language_reads(
    client, edited, language, arrow, separator
):
    edited.refresh_from_db()
    edited.progress = 35
    edited.planned_budget = Decimal("1200000")
    edited.save()
    old, new = status_label("planned", language), status_label("in_progress", language)

    response = client.get(f"/{language}/changes/feed/")
    entries = parse_feed(response).entries
    titles = [entry.title.replace("\u2068", "").replace("\u2069", "") for entry in entries]

    # Laid out right to left, "planned ← in progress" reads from the old to the new.
    assert any(f"{old} {arrow} {new}" in title for title in titles)
    assert all(("→" in title) == (arrow == "→") for title in titles if old in title)
    assert any(separator in title for title in titles)
    # The entries' HTML, as written (a feed reader's parser would drop the <bdi>).
    assert f"&lt;bdi&gt;{old}&lt;/bdi&gt; {arrow} &lt;bdi&gt;{new}&lt;/bdi&gt;" in (
        response.content.decode()
    )


def test_publication_is_one_entry_and_draft_time_edits_stay_hidden(make_initiative):
    initiative = make_initiative(status="in_progress", progress=5)
    initiative.status, initiative.progress = "stalled", 10
    initiative.save()  # still a draft: the public never saw this
    initiative.state, initiative.published_at = "published", timezone.now()
    initiative.save()
    initiative.progress = 20
    initiative.save()

    found = changes.of_initiative(initiative)

    assert [(c.published, [(f.field, f.old, f.new) for f in c.fields]) for c in found] == [
        (False, [("progress", 10, 20)]),
        (True, []),
    ]
    assert found[1].status == "stalled"


def republished(make_initiative, *, meanwhile: dict):
    """An initiative the public saw at 777,777 MAD and 20 %, taken out of public view,
    edited with `meanwhile`, then published again."""
    initiative = make_initiative(
        is_published=True, status="in_progress", progress=20, planned_budget=Decimal("777777")
    )
    initiative.state = "draft"
    initiative.save()
    for name, value in meanwhile.items():
        setattr(initiative, name, value)
    initiative.save()
    initiative.state, initiative.published_at = "published", timezone.now()
    initiative.save()
    return initiative


def test_changes_made_out_of_public_view_show_when_it_comes_back(make_initiative):
    initiative = republished(
        make_initiative, meanwhile={"planned_budget": Decimal("5555"), "progress": 66}
    )
    # The period read starts after the initiative left public view: the rows it is
    # compared with are read before the period.
    rows = History.objects.filter(id=initiative.pk).order_by("history_date", "history_id")
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    for row in list(rows)[:-1]:
        History.objects.filter(history_id=row.history_id).update(history_date=two_days_ago)
    yesterday = timezone.now() - datetime.timedelta(days=1)

    for found in (
        changes.of_initiative(initiative),
        changes.between(Initiative.objects.filter(pk=initiative.pk), yesterday),
    ):
        shown = [(c.published, {(f.field, f.old, f.new) for f in c.fields}) for c in found]
        assert shown[0] == (
            False,
            {("planned_budget", Decimal("777777"), Decimal("5555")), ("progress", 20, 66)},
        )


def test_an_initiative_back_unchanged_shows_as_published_again(client, make_initiative):
    initiative = republished(make_initiative, meanwhile={"summary_ar": "ملخص آخر"})

    found = changes.of_initiative(initiative)

    # Published, withdrawn from public view, published again (newest first).
    assert [(c.published, c.again, c.withdrawn, c.fields) for c in found] == [
        (True, True, False, []),
        (False, False, True, []),
        (True, False, False, []),
    ]
    # A reader of the log, the feed or its page sees it came back, not a first publication.
    items = change_items(Page(client.get(f"/fr/initiatives/{initiative.slug}/")))
    assert len(items) == 3
    assert "Publiée de nouveau sur le portail, avec le statut" in items[0]
    assert "Publiée sur le portail, avec le statut" in items[2]
    entry = parse_feed(client.get("/fr/changes/feed/")).entries[0]
    assert entry.title.endswith(": publiée de nouveau sur le portail")
    assert entry.summary.startswith("Publiée de nouveau sur le portail avec le statut")


def test_edits_of_fields_the_log_does_not_follow_make_no_entry(district):
    initiative = district.road
    initiative.description_ar = "وصف جديد"
    initiative.save()

    assert [c.published for c in changes.of_initiative(initiative)] == [True]


def test_money_and_dates_changes_show_old_and_new_values(client, district):
    initiative = district.road
    initiative.planned_budget = Decimal("9000000")
    initiative.planned_end_date = datetime.date(2026, 5, 20)
    initiative.save()

    html = Page(client.get(f"/ar/initiatives/{initiative.slug}/")).html

    assert "8.000.000 درهم" in html and "9.000.000 درهم" in html
    assert "20 ماي 2026" in html


def test_a_date_is_written_as_precisely_as_it_was_known(district):
    initiative = district.road
    initiative.planned_end_date = datetime.date(2026, 1, 1)
    initiative.planned_end_precision = "year"
    initiative.save()
    initiative.planned_end_date = datetime.date(2026, 5, 20)
    initiative.planned_end_precision = "day"
    initiative.save()

    with translation.override("fr"):
        newest, older = [c.fields[0] for c in changes.of_initiative(initiative)[:2]]

        assert (older.old_text, older.new_text) == ("—", "2026")
        assert (newest.old_text, newest.new_text) == ("2026", "20 mai 2026")


def backdate(initiative, *, earlier: int, latest: int):
    """Date the initiative's latest history row, and every row before it, so many days ago."""
    rows = list(History.objects.filter(id=initiative.pk).order_by("history_date", "history_id"))
    for row in rows:
        ago = latest if row is rows[-1] else earlier
        History.objects.filter(history_id=row.history_id).update(
            history_date=timezone.now() - datetime.timedelta(days=ago)
        )


def test_change_log_is_filtered_by_period(client, district):
    initiative = district.water_project
    initiative.progress = 55
    initiative.save()
    backdate(initiative, earlier=200, latest=60)  # published, then its progress changed

    def listed(query):
        """Whether the page lists the progress change (40 % → 55 %), not only the
        publication (whose time may read "…:55")."""
        return any(
            initiative.title_fr in item and re.search(r"\b55\s*%", item)
            for item in change_items(Page(client.get(f"/fr/changes/?{query}")))
        )

    assert not listed("period=month")
    assert not listed("period=week")
    assert listed("period=year")
    # The day the change was made in Morocco: 60 days ago, counted in hours, can fall on
    # the day before or after when the clock moved for Ramadan in between.
    changed_at = History.objects.filter(id=initiative.pk).latest("history_date").history_date
    day = timezone.localdate(changed_at).isoformat()
    assert listed(f"from={day}&to={day}")
    assert not listed(f"to={(timezone.localdate() - datetime.timedelta(days=90)).isoformat()}")


@pytest.mark.parametrize(
    "query",
    [
        "period=decade",
        "from=yesterday",
        "from=2025-13-45",
        "from=2025-06-01&to=2025-01-01",
        "from=99999-01-01",
        "to=9999-12-31",
        "from=0001-01-01",
        "page=abc",
        "from=%00",
    ],
)
def test_an_unreadable_period_gives_a_message_never_an_error(client, district, query):
    response = client.get(f"/ar/changes/?{query}")

    assert response.status_code == 200
    if not query.startswith("page"):
        assert Page(response).all("div", class_="form-errors")


def test_changes_of_hidden_initiatives_are_never_shown(client, district):
    district.draft.status = "completed"
    district.draft.save()

    html = client.get("/ar/changes/?period=year").content.decode()

    assert district.draft.title_ar not in html
    assert district.demo.title_ar not in html


def test_change_log_queries_stay_flat_as_changes_grow(client, district, make_initiative):
    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def withdrawn_entries(url) -> int:
        """Entries without a link: withdrawals, whose page is gone."""
        page = Page(client.get(url))
        items = [li for li in page.all("li") if li.attrs.get("id", "")[:7] == "change-"]
        linked = {id(parent) for a in page.all("a") for parent in a.parents}
        return sum(id(li) not in linked for li in items)

    urls = [
        "/ar/changes/",
        "/ar/communes/haouzia/changes/",
        "/ar/changes/feed/",
        "/ar/communes/haouzia/changes/feed/",
    ]
    # A withdrawal of each kind already, so that both counts read withdrawals.
    district.water_project.state = "archived"
    district.water_project.save()
    make_initiative(communes=[district.haouzia], is_published=True).delete()
    few = {url: count(url) for url in urls}
    for n in range(30):
        initiative = make_initiative(
            communes=[district.haouzia], status="in_progress", is_published=True
        )
        initiative.progress = n
        initiative.save()
        if n % 3 == 1:
            initiative.state = "archived"
            initiative.save()
        elif n % 3 == 2:
            initiative.delete()
    many = {url: count(url) for url in urls}

    assert many == few
    assert max(many.values()) <= 12
    assert withdrawn_entries("/ar/communes/haouzia/changes/") > 10
