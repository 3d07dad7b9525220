"""The interface really reads in Arabic: the catalogue loads and every rule is translated."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation

ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
RULES = [
    (model, rule)
    for app in ("communes", "initiatives", "governance", "sources")
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


def test_the_admins_date_picker_names_the_months_and_days_as_morocco_does(staff_client):
    from django.urls import reverse
    from django.utils import translation

    with translation.override("ar"):
        url = reverse("admin:jsi18n")
    # The catalogue's strings are written \uXXXX-escaped.
    catalogue = re.sub(
        r"\\u([0-9a-f]{4})",
        lambda escape: chr(int(escape.group(1), 16)),
        staff_client.get(url).content.decode(),
    )

    for moroccan in ["ماي", "يوليوز", "غشت", "شتنبر", "نونبر", "دجنبر"]:
        assert f'"{moroccan}"' in catalogue
    for elsewhere in ["مايو", "أغسطس", "سبتمبر", "نوفمبر", "ديسمبر"]:
        assert elsewhere not in catalogue
    assert '"Sunday": "الأحد"' in catalogue and '"Friday": "الجمعة"' in catalogue


def test_the_user_admin_is_arabic_where_djangos_catalogue_is_not(staff_client):
    html = staff_client.get("/ar/admin/auth/user/add/").content.decode()

    assert "Password-based authentication" not in html and "Enabled" not in html
    assert "الدخول بكلمة المرور" in html


def test_a_formsets_limits_read_in_arabic():
    from django import forms

    Photos = forms.formset_factory(
        forms.Form, max_num=3, validate_max=True, min_num=1, validate_min=True
    )
    management = {"form-INITIAL-FORMS": "0", "form-MAX_NUM_FORMS": "3", "form-MIN_NUM_FORMS": "1"}

    with translation.override("ar"):
        too_many = Photos({**management, "form-TOTAL_FORMS": "4"}).non_form_errors()
        too_few = Photos({**management, "form-TOTAL_FORMS": "0"}).non_form_errors()

    for errors, number in ((too_many, "3"), (too_few, "1")):
        assert len(errors) == 1 and number in errors[0] and ARABIC_LETTER.search(errors[0])
