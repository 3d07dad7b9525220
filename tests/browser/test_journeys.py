"""What people do on the portal, in a real browser, with screenshots of each page."""

import csv
import io
import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.browser.pages import public_pages


def test_a_citizen_on_a_phone_follows_an_initiative_from_the_arabic_home_page(portal, new_page):
    page = new_page(viewport=PHONE)
    records = portal.records
    page.goto(portal("/ar/"))
    screenshot(page, "citizen-phone-ar-1-home")
    page.locator(f"main a[href='/ar/communes/{records['commune']}/']").first.click()
    page.wait_for_url(f"**/ar/communes/{records['commune']}/")
    screenshot(page, "citizen-phone-ar-2-commune")
    # The commune's initiatives, filtered by status in the list's filter form.
    page.locator("a.button[href*='/ar/initiatives/?commune=']").click()
    page.wait_for_url("**/ar/initiatives/?commune=*")
    filters = page.locator("details.filters")
    if filters.get_attribute("open") is None:
        filters.locator("summary").click()
    page.select_option("#f-status", records["status"])
    page.locator("details.filters button[type=submit]").click()
    page.wait_for_url(re.compile(rf"status={records['status']}"))
    assert f"commune={records['commune']}" in page.url
    screenshot(page, "citizen-phone-ar-3-filtered")
    cards = page.locator(".initiative-card")
    assert cards.count() >= 1
    page.locator(f".initiative-card a[href='/ar/initiatives/{records['initiative']}/']").click()
    page.wait_for_url(f"**/ar/initiatives/{records['initiative']}/")
    screenshot(page, "citizen-phone-ar-4-initiative")
    timeline = page.locator("section[aria-labelledby=timeline-title] .timeline > li")
    assert timeline.count() >= 1
    assert timeline.first.locator("h3").inner_text().strip()


def test_a_journalist_downloads_a_commune_csv_and_switches_to_arabic(portal, new_page):
    page = new_page(viewport=DESKTOP, accept_downloads=True)
    commune = portal.records["commune"]
    page.goto(portal(f"/fr/communes/{commune}/"))
    screenshot(page, "journalist-desktop-fr-1-commune")
    with page.expect_download() as arrival:
        page.locator(".download-links a", has_text="CSV").first.click()
    download = arrival.value
    assert download.suggested_filename.endswith(".csv")
    text = open(download.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) >= 2, "the CSV has a header and no row"
    page.locator(".languages a[lang=ar]").click()
    page.wait_for_url(f"**/ar/communes/{commune}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "journalist-desktop-ar-2-commune")


def test_a_misspelled_arabic_search_finds_the_initiative(portal, new_page):
    from initiatives.models import Initiative

    initiative = Initiative.objects.get(slug=portal.records["initiative"])
    # The title's longest word without its article, two neighbouring letters swapped.
    word = max((w.removeprefix("ال") for w in initiative.title_ar.split()), key=len)
    assert len(word) >= 4, word
    misspelled = word[0] + word[2] + word[1] + word[3:]
    page = new_page(viewport=PHONE)
    page.goto(portal("/ar/"))
    page.fill("#site-q", misspelled)
    page.locator(".site-search button").click()
    page.wait_for_url("**/ar/search/?q=*")
    screenshot(page, "search-phone-ar-misspelled")
    assert page.locator(f".results a[href='/ar/initiatives/{initiative.slug}/']").count() >= 1


@pytest.mark.parametrize("name", ["commune", "initiative", "initiatives-filtered", "proposal"])
def test_the_language_switch_keeps_the_page(portal, new_page, name):
    page = new_page(viewport=PHONE)
    page.goto(portal(public_pages(portal.records, "ar")[name]))
    page.locator(".languages a[lang=fr]").click()
    page.wait_for_load_state()
    assert page.url == portal(public_pages(portal.records, "fr")[name])
    assert page.locator("html").get_attribute("lang") == "fr"


@pytest.mark.parametrize("lang", ["ar", "fr"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_pages_work_without_javascript(portal, new_page, lang, viewport):
    page = new_page(viewport=viewport, java_script_enabled=False)
    records = portal.records
    device = "phone" if viewport is PHONE else "desktop"
    page.goto(portal(f"/{lang}/initiatives/"))
    # The filters are a plain form: open, choose, submit.
    page.locator("details.filters > summary").click()
    page.select_option("#f-commune", records["commune"])
    page.locator("details.filters button[type=submit]").click()
    page.wait_for_url(re.compile(rf"commune={records['commune']}"))
    assert page.locator(".initiative-card").count() >= 1
    screenshot(page, f"nojs-{device}-{lang}-initiatives")
    page.goto(portal(f"/{lang}/initiatives/{records['initiative']}/"))
    assert page.locator(".timeline > li").count() >= 1
    screenshot(page, f"nojs-{device}-{lang}-initiative")
    page.fill("#site-q", "مدرسة" if lang == "ar" else "école")
    page.locator(".site-search button").click()
    page.wait_for_url(f"**/{lang}/search/?q=*")
    assert page.locator(".results .result").count() >= 1
    screenshot(page, f"nojs-{device}-{lang}-search")
