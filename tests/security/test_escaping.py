"""Autoescaping is never turned off, and HTML is marked safe only where the portal made it.

A scan lists every place that turns escaping off or marks text safe; each must be in
REVIEWED, with the reason its HTML is the portal's own. A new one fails this test until
someone reviews it, and so does one that is gone or changed, until REVIEWED says so. Then
records full of markup prove that no public page lets it through.
"""

import re

import pytest
from django.conf import settings

from communes.models import Commune
from tests.public.pages import page_url
from tests.security.conftest import PAGE_KINDS

UNESCAPING = re.compile(
    r"\|\s*safe(seq)?\b|\bmark_safe\(|\bSafeString\(|\bSafeText\(|\{%\s*autoescape\s+off"
    r"|\{%\s*filter\b[^%]*\bsafe|[\"']autoescape[\"']\s*:\s*False|\.__html__\s*="
)
SCANNED = {".py", ".html", ".txt", ".xml", ".json", ".csv"}
SKIPPED = {".venv", ".git", "var", "tests", "node_modules", "__pycache__", "migrations"}
REVIEWED = {
    ("azemmour_portal/templatetags/portal.py", "return mark_safe(  # noqa: S308"): (
        "according_to: the translated sentence and the date are escaped, the publication "
        "goes through format_html; only the portal's <bdi> is markup"
    ),
    (
        "azemmour_portal/templatetags/portal.py",
        'IN_ARABIC = mark_safe(\' lang="ar" dir="rtl"\')'
        "  # noqa: S308 (constant markup, no data in it)",
    ): "lang_attrs: two constant attributes, no text of a record in them",
    (
        "search/templatetags/highlight.py",
        'return mark_safe("".join(html))  # noqa: S308 (every piece is escaped above)',
    ): "highlight: every piece of text is escaped; only the portal's <mark> is markup",
    ("templates/alerts/email/alert.txt", "{% load i18n %}{% autoescape off %}{% comment %}"): (
        "the plain-text part of an alert e-mail, never read as HTML (its HTML part escapes)"
    ),
    (
        "templates/alerts/email/confirmation.txt",
        "{% load i18n %}{% autoescape off %}{% comment %}",
    ): "the plain-text part of a confirmation e-mail, never read as HTML",
}
PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'"


def unescaping_places():
    for path in sorted(settings.BASE_DIR.rglob("*")):
        relative = path.relative_to(settings.BASE_DIR)
        if path.suffix not in SCANNED or SKIPPED & set(relative.parts) or not path.is_file():
            continue
        for line in path.read_text(errors="replace").splitlines():
            if UNESCAPING.search(line):
                yield (relative.as_posix(), line.strip())


def test_autoescaping_is_on_for_every_template_engine():
    for engine in settings.TEMPLATES:
        assert engine["OPTIONS"].get("autoescape", True) is True


def test_html_is_marked_safe_only_where_the_portal_makes_it():
    found = set(unescaping_places())

    assert found == REVIEWED.keys()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_markup_typed_into_records_is_shown_as_text_on_every_public_page(
    client, make_commune, make_initiative, make_funding, make_update, make_membership, language
):
    commune = make_commune(name_ar=PAYLOAD, name_fr=PAYLOAD, description_ar=PAYLOAD)
    initiative = make_initiative(
        communes=[commune],
        title_ar=PAYLOAD,
        title_fr=PAYLOAD,
        summary_ar=PAYLOAD,
        summary_fr=PAYLOAD,
        description_ar=PAYLOAD,
        is_published=True,
    )
    make_funding(initiative=initiative)
    make_update(initiative=initiative, title_ar=PAYLOAD, body_ar=PAYLOAD, is_published=True)
    make_membership()
    page_kinds = [*PAGE_KINDS[1:], "initiative"]  # ends on the page that shows the title
    slugs = {"initiative": initiative.slug, "commune": commune.slug}
    assert Commune.objects.filter(name_ar=PAYLOAD).exists()

    for kind in page_kinds:
        html = client.get(page_url(kind, language, slug=slugs.get(kind, ""))).content.decode()

        assert "<script>alert" not in html, kind
        assert "<img src=x" not in html, kind
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, as text
