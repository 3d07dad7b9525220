"""The site's icon, linked from every page (browsers then never guess /favicon.ico)."""

from django.contrib.staticfiles import finders


def test_every_page_links_the_site_icon(client, db):
    html = client.get("/ar/").content.decode()

    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("img/favicon.svg"), "the icon the pages link to is not a static file"
