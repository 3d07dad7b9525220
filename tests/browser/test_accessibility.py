"""axe-core on every public page type and the admin's main pages: zero violations of
WCAG 2.0/2.1/2.2 A and AA and axe's best practices, no rule disabled."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import AXE, DESKTOP, PHONE, log_in
from tests.browser.pages import public_pages

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(result => result.violations)",
        TAGS,
    )


def described(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(lines)


@pytest.fixture
def axe_page(new_page):
    # axe is injected as a script the page did not ship: the portal's policy
    # (script-src 'self') rightly refuses it, so these contexts alone bypass the CSP.
    def make(viewport):
        return new_page(viewport=viewport, bypass_csp=True)

    return make


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_public_page_has_no_accessibility_violation(portal, axe_page, lang, viewport):
    page = axe_page(viewport)
    found = {}
    for name, path in public_pages(portal.records, lang).items():
        page.goto(portal(path))
        violations = axe_violations(page)
        if violations:
            found[f"{name} {path}"] = described(violations)
    assert not found, "\n".join(f"{page}:\n{text}" for page, text in found.items())


def test_the_arabic_admin_has_no_accessibility_violation(portal, axe_page, staff_account):
    from initiatives.models import Initiative

    initiative = Initiative.objects.get(slug=portal.records["initiative"])
    page = axe_page(DESKTOP)
    found = {}
    page.goto(portal("/ar/admin/login/"))
    if violations := axe_violations(page):
        found["login"] = described(violations)
    log_in(page, portal, staff_account)
    for name, path in {
        "changelist": "/ar/admin/initiatives/initiative/",
        "change form": f"/ar/admin/initiatives/initiative/{initiative.pk}/change/",
    }.items():
        page.goto(portal(path))
        assert urlsplit(page.url).path == path, f"the admin sent the superuser to {page.url}"
        if violations := axe_violations(page):
            found[name] = described(violations)
    assert not found, "\n".join(f"{page}:\n{text}" for page, text in found.items())
