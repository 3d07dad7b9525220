"""Atom feeds that a feed reader parses cleanly, in the language of their address."""

import pytest

from tests.opendata.conftest import hidden_words, parse_feed
from tests.public.pages import Page

FEEDS = {
    "updates": "/{lang}/updates/feed/",
    "commune": "/{lang}/communes/haouzia/feed/",
    "initiative": "/{lang}/initiatives/haouzia-water/feed/",
    "changes": "/{lang}/changes/feed/",
    "commune-changes": "/{lang}/communes/haouzia/changes/feed/",
}


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
@pytest.mark.parametrize("kind", FEEDS)
def test_every_feed_parses_without_error_in_the_language_of_its_address(
    client, district, kind, lang
):
    parsed = parse_feed(client.get(FEEDS[kind].format(lang=lang)))

    assert parsed.version == "atom10"
    assert parsed.feed.language == lang
    assert parsed.entries
    assert all(entry.link.startswith(f"http://testserver/{lang}/") for entry in parsed.entries)


def test_updates_feed_carries_the_published_updates_of_published_initiatives(client, district):
    parsed = parse_feed(client.get("/ar/updates/feed/"))

    titles = [entry.title for entry in parsed.entries]
    assert sorted(titles) == sorted(
        [
            "تزويد دواوير الحوزية بالماء الصالح للشرب: زيارة ورش الماء",
            "تهيئة الطريق الساحلية: تسليم الطريق",
        ]
    )
    water = next(e for e in parsed.entries if "زيارة ورش الماء" in e.title)
    assert water.link == (
        f"http://testserver/ar/initiatives/haouzia-water/#update-{district.update.pk}"
    )
    assert "تقدمت الأشغال" in water.summary


def test_commune_feed_carries_only_its_initiatives_updates(client, district):
    parsed = parse_feed(client.get("/fr/communes/azemmour/feed/"))

    assert [entry.link.split("#")[0] for entry in parsed.entries] == [
        "http://testserver/fr/initiatives/coastal-road/"
    ]
    assert "Azemmour" in parsed.feed.title


def test_initiative_feed_carries_only_its_updates(client, district):
    parsed = parse_feed(client.get("/ar/initiatives/haouzia-water/feed/"))

    assert [entry.link for entry in parsed.entries] == [
        f"http://testserver/ar/initiatives/haouzia-water/#update-{district.update.pk}"
    ]


@pytest.mark.parametrize("slug", ["secret-draft", "demo-1"])
def test_hidden_initiative_has_no_feed(client, district, slug):
    assert client.get(f"/ar/initiatives/{slug}/feed/").status_code == 404


@pytest.mark.parametrize("kind", FEEDS)
def test_feeds_never_carry_hidden_records_or_personal_data(client, editor, district, kind):
    district.water_project.status = "stalled"
    district.water_project._history_user = editor
    district.water_project.save()
    district.draft.progress = 80
    district.draft.save()
    district.school.state = "archived"  # a withdrawal, by a named editor
    district.school._history_user = editor
    district.school.save()

    xml = client.get(FEEDS[kind].format(lang="ar")).content.decode()

    assert [word for word in hidden_words(district) if word in xml] == []


@pytest.mark.parametrize(
    "page, feed",
    [
        ("/ar/", "/ar/updates/feed/"),
        ("/ar/communes/haouzia/", "/ar/communes/haouzia/feed/"),
        ("/ar/communes/haouzia/", "/ar/communes/haouzia/changes/feed/"),
        ("/fr/initiatives/haouzia-water/", "/fr/initiatives/haouzia-water/feed/"),
        ("/en/changes/", "/en/changes/feed/"),
        ("/ar/communes/haouzia/changes/", "/ar/communes/haouzia/changes/feed/"),
    ],
)
def test_pages_link_to_their_feeds_for_feed_readers(client, district, page, feed):
    links = Page(client.get(page)).all("link", rel="alternate", type="application/atom+xml")

    assert feed in [link.attrs["href"] for link in links]
    assert all(link.attrs.get("title") for link in links)


@pytest.mark.parametrize("kind", FEEDS)
def test_a_control_character_pasted_into_a_text_keeps_every_feed_valid(client, district, kind):
    """A word processor's line break is a vertical tab, which XML 1.0 cannot hold: the feed
    shows a space there instead of failing for every subscriber."""
    district.update.body_ar = "تقدمت الأشغال.\x0bالسطر الثاني"
    district.update.save()
    district.water_project.title_ar = "تزويد دواوير الحوزية\x0c بالماء"
    district.water_project.progress = 35
    district.water_project.save()

    response = client.get(FEEDS[kind].format(lang="ar"))

    assert response.status_code == 200
    parsed = parse_feed(response)
    assert parsed.entries
    assert "\x0b" not in response.content.decode() and "\x0c" not in response.content.decode()


def test_a_feed_without_entries_keeps_its_date_between_two_readings(client, district):
    """An initiative with no update yet (most of them): a feed reader asking again with
    If-None-Match is told nothing changed."""
    url = f"/ar/initiatives/{district.school.slug}/feed/"

    first = client.get(url)
    second = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert not parse_feed(first).entries
    assert second.status_code == 304
