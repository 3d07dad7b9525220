"""What several test modules share: database refusals, admin form data, Arabic pages."""

import io
import re
from contextlib import contextmanager
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.html import escape
from PIL import Image


@contextmanager
def refused_by_database(check: str | None = None):
    """The write inside must fail at the database; for a CHECK, name the constraint.

    Both SQLite and PostgreSQL name a failed CHECK constraint in their error, so naming it
    proves the intended rule refused the row, not some other one.
    """
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        yield
    if check is not None:
        assert check in str(caught.value)


def constraint(model, name: str):
    return next(c for c in model._meta.constraints if c.name == name)


def in_arabic(message, **params) -> str:
    """The message as the Arabic admin shows it: translated, filled in, then HTML-escaped."""
    with translation.override("ar"):
        # A plain msgid is looked up; a lazy message translates itself.
        text = translation.gettext(message) if type(message) is str else str(message)
        return escape(text % params if params else text)


def violation_in_arabic(model, name: str) -> str:
    return in_arabic(constraint(model, name).violation_error_message)


def html_tag(response) -> str:
    return re.search(r"<html\b[^>]*>", response.content.decode()).group(0)


def assert_refused_in_arabic(response, message: str):
    """The admin form came back (nothing saved), right to left, with the message shown."""
    assert response.status_code == 200
    tag = html_tag(response)
    assert 'lang="ar"' in tag
    assert 'dir="rtl"' in tag
    assert message in response.content.decode()


def changes_row(html: str) -> str:
    """The cell listing the changes of the newest version on an admin history page."""
    return html.split('<table id="change-history"')[1].split("</ul>")[0]


def inline_formset(prefix: str, *rows: dict, initial: int = 0) -> dict:
    """POST data of an admin inline: its management form, then one dict per row."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{field}": value for field, value in row.items()}
    return data


def translated(field: str, ar: str = "", fr: str = "", en: str = "") -> dict:
    return {f"{field}_ar": ar, f"{field}_fr": fr, f"{field}_en": en}


def commune_form(**overrides) -> dict:
    return {
        **translated("name", "جماعة جديدة", "Nouvelle commune"),
        **translated("description"),
        "slug": "nouvelle-commune",
        "kind": "rural",
        "alternative_names": "",
        "tifinagh_name": "",
        "hcp_code": "",
        "area_km2": "",
        "website": "",
        "display_order": "0",
        "latitude": "",
        "longitude": "",
        **inline_formset("census_figures"),
    } | overrides


def census_form(*, commune, **overrides) -> dict:
    return {
        "commune": commune.pk,
        "year": "2014",
        "population": "12000",
        "households": "2500",
        "source": "HCP – RGPH 2014",
        "source_url": "",
    } | overrides


def initiative_form(*, sector, communes, **overrides) -> dict:
    return {
        **translated("title", "تأهيل الطريق الإقليمية", "Réhabilitation de la route"),
        **translated("summary", "تأهيل ثلاثة كيلومترات.", "Trois kilomètres réhabilités."),
        **translated("description"),
        "slug": "rehabilitation-route",
        "communes": [commune.pk for commune in communes],
        "sector": sector.pk,
        "parent": "",
        "implementing_body": "",
        "status": "planned",
        "state": "draft",
        "progress": "0",
        "planned_budget": "",
        "spent_amount": "",
        "start_date": "",
        "start_date_precision": "day",
        "planned_end_date": "",
        "planned_end_precision": "day",
        "actual_end_date": "",
        "status_as_of": "",
        "status_as_of_precision": "day",
        "confidence": "",
        "origin": "other",
        "origin_reference": "",
        "latitude": "",
        "longitude": "",
        **inline_formset("Initiative_sources"),
        **inline_formset("fundings"),
        **inline_formset("updates"),
    } | overrides


def update_form(*, initiative, **overrides) -> dict:
    return {
        "initiative": initiative.pk,
        "observed_on": "2025-03-01",
        **translated("title", "زيارة الورش", "Visite du chantier"),
        **translated("body"),
        "status_observed": "",
        "progress_observed": "",
        "source": "site_visit",
        "source_url": "",
        "state": "draft",
        **inline_formset("photos"),
        **inline_formset("documents"),
        **inline_formset("Update_sources"),
    } | overrides


def funding_form(*, initiative, partner, **overrides) -> dict:
    return {
        "initiative": initiative.pk,
        "partner": partner.pk,
        "amount": "50000",
        **inline_formset("Funding_sources"),
    } | overrides


def person_form(**overrides) -> dict:
    return {
        **translated("full_name", "فاطمة الزهراء", "Fatima Zahra"),
        **translated("bio"),
        "slug": "fatima-zahra",
        **inline_formset("memberships"),
    } | overrides


def membership_form(*, person, body, **overrides) -> dict:
    return {
        "person": person.pk,
        "body": body.pk,
        "role": "member",
        "start_date": "",
        "end_date": "",
        "elected_at": "",
    } | overrides


def assembly_form(**overrides) -> dict:
    return {
        "kind": "ordinary",
        "date": "2025-06-01",
        **translated("place", "أزمور", "Azemmour"),
        **translated("summary"),
    } | overrides


def png(name: str, size: tuple[int, int] = (4, 3)) -> SimpleUploadedFile:
    """A real PNG image, small enough to make in every test that needs one."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color=(200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class _FormReader(HTMLParser):
    """The fields of an admin page's change form, as a browser sends them."""

    def __init__(self):
        super().__init__()
        self.fields, self.inside = [], False
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self.inside = True
        if not self.inside or "__prefix__" in (attrs.get("name") or ""):
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "first": None}
            self.select["chosen"] = False
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.fields.append((self.select["name"], value))
                self.select["chosen"] = True
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            select, self.select = self.select, None
            if not (select["chosen"] or select["multiple"] or select["first"] is None):
                self.fields.append((select["name"], select["first"]))
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text += data


def sent_by_browser(response) -> dict:
    """The POST data a browser sends from the change form of an admin page, untouched."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.fields:
        if name in data:
            data[name] = (
                [*data[name], value] if isinstance(data[name], list) else [data[name], value]
            )
        else:
            data[name] = value
    return data
