"""The interface really reads in Arabic: the catalogue loads and every rule is translated."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation

ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
RULES = [
    (model, rule)
    for app in ("communes", "initiatives", "governance")
    for model in apps.get_app_config(app).get_models()
    for rule in model._meta.constraints
]


def arabic_and_untranslated(message) -> tuple[str, str]:
    with translation.override("ar"):
        arabic = str(message)
    with translation.override(None):
        untranslated = str(message)
    return arabic, untranslated


def test_the_arabic_catalogue_loads():
    arabic, untranslated = arabic_and_untranslated(admin.site.site_header)

    assert arabic != untranslated
    assert ARABIC_LETTER.search(arabic)


@pytest.mark.parametrize("model, rule", RULES, ids=[rule.name for _, rule in RULES])
def test_every_rule_explains_itself_in_arabic(model, rule):
    arabic, untranslated = arabic_and_untranslated(rule.violation_error_message)

    assert arabic != untranslated
    assert ARABIC_LETTER.search(arabic)
