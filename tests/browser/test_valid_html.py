"""The Nu Html Checker finds no error on any public page type, in Arabic and French."""

import json
import subprocess

from tests.browser.conftest import VNU
from tests.browser.pages import public_pages


def test_every_public_page_is_valid_html(portal, new_page, tmp_path):
    page = new_page()
    files = []
    for lang in ("ar", "fr"):
        for name, path in public_pages(portal.records, lang).items():
            response = page.request.get(portal(path))
            assert response.status == (404 if name == "not-found" else 200), (lang, name)
            file = tmp_path / f"{lang}-{name}.html"
            file.write_bytes(response.body())
            files.append(file)
    # One run over every file: the checker's JVM starts once.
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stdout)["messages"]
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    assert not errors, "\n".join(
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']} "
        f"[{m.get('extract', '').strip()}]"
        for m in errors
    )
