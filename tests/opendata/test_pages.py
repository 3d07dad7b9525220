"""The data dictionary, the fact sheet, embeds, sharing and charts, as a visitor sees them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from initiatives import tallies
from initiatives.models import Initiative
from opendata import charts
from opendata.columns import COLUMNS
from tests.public.pages import DIRECTION, LANGUAGES, Page
from tests.public.test_weight import MAX_PAGE_BYTES, MAX_QUERIES, tags

EASTERN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def new_pages(portal) -> dict[str, str]:
    commune = portal.flagship.communes.order_by("slug").first()
    return {
        "dictionary": "/{lang}/data/",
        "changes": "/{lang}/changes/?period=year",
        "commune-changes": f"/{{lang}}/communes/{commune.slug}/changes/?period=year",
        "fact-sheet": f"/{{lang}}/communes/{commune.slug}/fact-sheet/",
        "commune-embed": f"/{{lang}}/communes/{commune.slug}/embed/",
        "initiative-embed": f"/{{lang}}/initiatives/{portal.flagship.slug}/embed/",
    }


Status = Initiative.Status


def grow_with_history(portal, total: int):
    """Initiatives, each with a recorded change of status and progress."""
    before = len(portal.initiatives)
    portal.grow(total)
    for initiative in portal.initiatives[before:]:
        if initiative.status in (Status.PROPOSED, Status.PLANNED, Status.COMPLETED):
            # Started again, or started at last: a change of status and of progress.
            initiative.status = Status.IN_PROGRESS
            initiative.actual_end_date = None
        initiative.progress = min((initiative.progress or 0) + 7, 99)
        initiative.save()


@pytest.mark.parametrize(
    "kind",
    ["dictionary", "changes", "commune-changes", "fact-sheet", "commune-embed", "initiative-embed"],
)
def test_new_pages_stay_light_as_initiatives_grow(client, portal, kind):
    grow_with_history(portal, 2)

    def cost(url):
        # The tallies follow the growth first, as the first visit after it would make them.
        tallies.fresh()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), len(response.content)

    few_queries, _size = cost(new_pages(portal)[kind].format(lang="ar"))
    grow_with_history(portal, 40)
    many_queries, size = cost(new_pages(portal)[kind].format(lang="ar"))
    _q, french_size = cost(new_pages(portal)[kind].format(lang="fr"))

    assert many_queries == few_queries
    assert many_queries <= MAX_QUERIES
    assert max(size, french_size) <= MAX_PAGE_BYTES


def test_pages_with_open_data_links_stay_light(client, portal):
    grow_with_history(portal, 40)
    commune = portal.flagship.communes.order_by("slug").first()

    for url in (f"/ar/initiatives/{portal.flagship.slug}/", f"/fr/communes/{commune.slug}/"):
        assert len(client.get(url).content) <= MAX_PAGE_BYTES


@pytest.mark.parametrize("language", LANGUAGES)
def test_new_pages_open_in_the_language_and_direction_of_their_address_without_script(
    client, portal, language
):
    grow_with_history(portal, 3)

    for url in new_pages(portal).values():
        response = client.get(url.format(lang=language))
        assert response.status_code == 200
        page = Page(response)
        html = page.one("html")
        assert (html.attrs["lang"], html.attrs["dir"]) == (language, DIRECTION[language])
        assert [tag for tag, _attrs in tags(page.html) if tag == "script"] == []
        assert " style=" not in page.html
        if language == "ar":
            assert not EASTERN_DIGITS.search(page.html)


def test_data_dictionary_documents_every_column_and_the_licence(client, settings):
    settings.OPEN_DATA_LICENCE_NAME = "ODbL 1.0"
    settings.OPEN_DATA_LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"

    page = Page(client.get("/fr/data/"))

    rows = {
        row.attrs["id"].removeprefix("column-"): row for row in page.all("tr") if "id" in row.attrs
    }
    assert list(rows) == [column.name for column in COLUMNS]
    assert "ODbL 1.0" in page.html
    assert 'href="https://opendatacommons.org/licenses/odbl/1-0/"' in page.html
    assert "en cours" in rows["status"].text  # allowed values, in the page's language


def test_data_dictionary_default_licence_is_cc_by(client):
    assert "CC BY 4.0" in client.get("/ar/data/").content.decode()


def test_fact_sheet_gives_figures_late_initiatives_extraction_time_and_citation(client, district):
    page = Page(client.get("/fr/communes/haouzia/fact-sheet/"))

    assert page.one("h1").text == "Haouzia"
    assert district.water_project.title_fr in page.html  # late: past its planned end
    assert district.draft.title_fr not in page.html
    assert page.all("time")
    assert "http://testserver/fr/communes/haouzia/fact-sheet/" in page.html
    assert "CC BY 4.0" in page.html
    charts = page.all("svg")
    assert len(charts) == 3
    for chart in charts:
        assert chart.attrs["role"] == "img"
        title_id, desc_id = chart.attrs["aria-labelledby"].split()
        assert page.one("title", id=title_id).text
        assert page.one("desc", id=desc_id).text
    assert len(page.all("table")) >= 4


def bars(page: Page, chart_id: str) -> list[dict]:
    """The bars of one chart, from its <rect> elements."""
    chart = next(
        svg for svg in page.all("svg") if f"{chart_id}-title" in svg.attrs["aria-labelledby"]
    )
    return [rect.attrs for rect in page.all("rect") if chart in rect.parents]


def test_bars_grow_from_the_right_in_arabic_and_from_the_left_in_french(client, district):
    arabic = Page(client.get("/ar/communes/haouzia/fact-sheet/"))
    french = Page(client.get("/fr/communes/haouzia/fact-sheet/"))

    width = charts.WIDTH
    for ar_bar, fr_bar in zip(
        bars(arabic, "sector-chart"), bars(french, "sector-chart"), strict=True
    ):
        fr_start, length = float(fr_bar["x"]), float(fr_bar["width"])
        assert float(ar_bar["x"]) == pytest.approx(width - fr_start - length)
    assert bars(french, "sector-chart")[0]["x"] == "0"  # from the left edge in French
    assert next(svg for svg in arabic.all("svg")).attrs["direction"] == "rtl"


def test_commune_page_draws_its_status_and_sector_charts(client, district):
    page = Page(client.get("/ar/communes/haouzia/"))

    assert len(page.all("svg", role="img")) == 2


def test_initiative_page_draws_its_progress_over_time_from_the_history(client, district):
    initiative = district.water_project
    for progress in (50, 65):
        initiative.progress = progress
        initiative.save()

    page = Page(client.get(f"/fr/initiatives/{initiative.slug}/"))

    chart = page.one("svg", role="img")
    assert page.one("polyline").attrs["points"]
    assert len(page.all("circle")) == 3
    assert chart.inside("section", id="history")
    table = page.within("td", ("section", {"id": "history"}))
    assert ["40\xa0%", "50\xa0%", "65\xa0%"] == [td.text for td in table if "%" in td.text]


@pytest.mark.parametrize(
    "url", ["/ar/communes/haouzia/embed/", "/fr/initiatives/haouzia-water/embed/"]
)
def test_embed_cards_may_be_framed_by_other_sites(client, district, url):
    response = client.get(url)

    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    page = Page(response)
    assert page.one("meta", name="robots").attrs["content"] == "noindex"
    assert page.all("link", rel="stylesheet")


@pytest.mark.parametrize("url", ["/ar/communes/haouzia/", "/ar/initiatives/haouzia-water/"])
def test_ordinary_pages_still_refuse_framing(client, district, url):
    response = client.get(url)
    assert response.get("X-Frame-Options") in {"DENY", "SAMEORIGIN"}
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("slug", ["secret-draft", "demo-1", "never-existed"])
def test_a_hidden_initiatives_embed_is_a_card_saying_so_inside_the_articles_frame(
    client, district, slug
):
    response = client.get(f"/ar/initiatives/{slug}/embed/")

    assert response.status_code == 404
    # Framable, so that the article shows the card, not the browser's error.
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    with translation.override("ar"):
        assert translation.gettext("Initiative not published") in response.content.decode()
    assert "secret" not in Page(response).one("h1").text


@pytest.mark.parametrize(
    "url, embed",
    [
        ("/ar/communes/haouzia/", "http://testserver/ar/communes/haouzia/embed/"),
        ("/fr/initiatives/haouzia-water/", "http://testserver/fr/initiatives/haouzia-water/embed/"),
    ],
)
def test_pages_offer_an_embed_code_to_copy(client, district, url, embed):
    page = Page(client.get(url))

    box = page.one("textarea")
    assert "readonly" in box.attrs
    assert box.text.startswith(f'<iframe src="{embed}" title="')
    assert page.one("label", **{"for": "embed-code"})


@pytest.mark.parametrize("url", ["/ar/communes/haouzia/", "/fr/initiatives/haouzia-water/"])
def test_pages_offer_plain_share_links(client, district, url):
    page = Page(client.get(url))

    links = [a.attrs["href"] for a in page.within("a", ("section", {"class_": "share"}))]
    assert [link.split(":")[0] for link in links] == ["https", "https", "https", "mailto"]
    assert [link.split("/")[2] for link in links[:3]] == ["wa.me", "www.facebook.com", "x.com"]
    canonical = page.one("link", rel="canonical").attrs["href"]
    assert all(canonical.replace(":", "%3A").replace("/", "%2F") in link for link in links)
    assert page.one("input", id="share-link").attrs["value"] == canonical


@pytest.mark.parametrize(
    "url", ["/ar/", "/fr/initiatives/", "/en/communes/haouzia/", "/ar/data/", "/ar/changes/"]
)
def test_every_page_has_open_graph_and_twitter_tags(client, district, url):
    page = Page(client.get(url))

    def meta(**attrs):
        return page.one("meta", **attrs).attrs["content"]

    (title,) = page.within("title", ("head", {}))  # charts have titles of their own
    assert meta(property="og:title") == title.text
    assert meta(property="og:description") == meta(name="description")
    assert meta(property="og:url") == page.one("link", rel="canonical").attrs["href"]
    assert meta(name="twitter:card") == "summary"
    assert meta(name="twitter:title") == title.text


def test_initiative_with_a_cover_image_shares_it(client, district):
    from tests.helpers import png

    district.water_project.cover_image = png("cover.png", size=(120, 80))
    district.water_project.save()

    page = Page(client.get("/fr/initiatives/haouzia-water/"))

    image = page.one("meta", property="og:image").attrs["content"]
    assert image.startswith("http://testserver/") and image.endswith(".png")
    assert page.one("meta", property="og:image:width").attrs["content"] == "120"
    assert page.one("meta", name="twitter:card").attrs["content"] == "summary_large_image"


IN_FULL = (
    "An initiative that serves several communes counts in full in each of them, so the "
    "communes' figures add up to more than the district's."
)
IN_FULL_BRIEFLY = "An initiative shared by several communes counts in full in each."


@pytest.mark.parametrize(
    "url, note",
    [
        ("/fr/communes/haouzia/", IN_FULL),
        ("/fr/communes/haouzia/fact-sheet/", IN_FULL),
        ("/fr/communes/haouzia/embed/", IN_FULL_BRIEFLY),
    ],
)
def test_a_communes_quoted_totals_say_shared_initiatives_count_in_full(client, district, url, note):
    """Journalists quote these pages: a total that includes a plant shared with two other
    communes must say so where it is quoted, not only on the home page."""
    html = Page(client.get(url)).html
    with translation.override("fr"):
        note = translation.gettext(note)

    assert note in html
    assert "Taux d'exécution" not in html  # spent ÷ planned in public finance, not this


def test_the_data_dictionary_says_a_shared_initiative_is_a_row_in_each_communes_files(client):
    html = client.get("/en/data/").content.decode()

    assert (
        "An initiative in several communes is a row in the files of each of them, so the "
        "communes' files together hold more rows than there are initiatives."
    ) in html
