"""The site's icon: linked from every page, and where browsers look for it on their own."""

from django.contrib.staticfiles import finders


def test_every_page_links_the_site_icon(client, db):
    html = client.get("/ar/").content.decode()

    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("img/favicon.svg"), "the icon the pages link to is not a static file"


def test_the_address_browsers_guess_for_the_icon_leads_to_it(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response.headers["Location"] == "/static/img/favicon.svg"
