"""Every interface string reads in Arabic and French, and the compiled catalogues match.

English is the language of the source strings: an empty English translation shows the
string itself, which is right. Arabic and French must translate every entry, and no
entry may be left fuzzy (gettext ignores those: the visitor would see English).
"""

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(
    path
    for path in Path(settings.BASE_DIR).glob("**/locale/*/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)


def name(path: Path) -> str:
    return str(path.relative_to(settings.BASE_DIR))


def test_the_catalogues_are_found():
    languages = {path.parts[-3] for path in CATALOGUES}

    assert {"ar", "fr", "en"} <= languages


@pytest.mark.parametrize("path", [p for p in CATALOGUES if p.parts[-3] in ("ar", "fr")], ids=name)
def test_every_entry_is_translated(path):
    catalogue = polib.pofile(str(path))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert missing == [], f"{len(missing)} untranslated in {name(path)}: {missing[:5]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy in {name(path)}: {fuzzy[:5]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=name)
def test_the_compiled_catalogue_matches_its_source(path):
    source = polib.pofile(str(path))
    compiled = polib.mofile(str(path.with_suffix(".mo")))
    expected = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0, "")
        for entry in source.translated_entries()
    }
    found = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0, "")
        for entry in compiled
        if entry.msgid
    }

    assert found == expected, f"run `make messages` to compile {name(path)}"
