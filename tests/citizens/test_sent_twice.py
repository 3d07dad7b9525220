"""A form sent twice (a double tap while a slow connection sends it, a page sent again) is
recorded once: the visitor gets the same reference, the queue one submission, and the
hour's limit counts it once."""

import pytest
from django.db import IntegrityError

from citizens import services
from citizens.models import FieldReport, Suggestion
from tests.public.pages import Page

from .conftest import report_data, suggestion_data

REPORT_URL = "/ar/initiatives/route-3421/report/"
SUGGEST_URL = "/ar/suggest/"


def token_of(browser, url: str) -> str:
    """The hidden token of a fresh form page, as the browser received it."""
    (field,) = [e for e in Page(browser.get(url)).all("input") if e.attrs.get("name") == "token"]
    assert field.attrs["type"] == "hidden"
    return field.attrs["value"]


def test_a_report_sent_twice_is_recorded_once_with_one_reference(visitor, initiative):
    browser = visitor()
    form = report_data(token=token_of(browser, REPORT_URL))

    first = browser.post(REPORT_URL, form)
    second = browser.post(REPORT_URL, form)

    assert first.status_code == second.status_code == 302
    assert FieldReport.objects.count() == 1
    reference = FieldReport.objects.get().reference
    assert reference in browser.get(second.url).content.decode()


def test_a_suggestion_sent_twice_is_recorded_once(visitor, initiative, make_sector):
    browser = visitor()
    form = suggestion_data(
        commune=initiative.communes.get(),
        sector=make_sector(),
        token=token_of(browser, SUGGEST_URL),
    )

    responses = [browser.post(SUGGEST_URL, form) for _ in range(3)]

    assert {response.status_code for response in responses} == {302}
    assert Suggestion.objects.count() == 1
    # The thanks address is signed with the time it was made, so two answers a second
    # apart differ; the reference each one shows is what must be the same.
    reference = Suggestion.objects.get().reference
    for response in responses:
        assert reference in browser.get(response.url).content.decode()


def test_each_form_page_sends_its_own_submission(visitor, initiative):
    browser = visitor()

    for _ in range(2):
        browser.post(REPORT_URL, report_data(token=token_of(browser, REPORT_URL)))

    assert FieldReport.objects.count() == 2


def test_a_form_sent_again_costs_nothing_of_the_hours_limit(visitor, initiative):
    browser = visitor()
    form = report_data(token=token_of(browser, REPORT_URL))
    for _ in range(8):
        assert browser.post(REPORT_URL, form).status_code == 302

    for _ in range(4):
        fresh = report_data(token=token_of(browser, REPORT_URL))
        assert browser.post(REPORT_URL, fresh).status_code == 302

    assert FieldReport.objects.count() == 5


def test_a_form_corrected_after_an_error_is_recorded_once(visitor, initiative):
    browser = visitor()
    token = token_of(browser, REPORT_URL)

    refused = browser.post(REPORT_URL, report_data(token=token, text=""))
    # The page that comes back keeps the form's token.
    assert f'value="{token}"' in refused.content.decode()
    browser.post(REPORT_URL, report_data(token=token))
    browser.post(REPORT_URL, report_data(token=token))

    assert refused.status_code == 200
    assert FieldReport.objects.count() == 1


@pytest.mark.parametrize("token", ["not-a-token", "", "0" * 36])
def test_a_missing_or_altered_token_only_loses_the_protection(visitor, initiative, token):
    response = visitor().post(REPORT_URL, report_data(token=token))

    assert response.status_code == 302
    assert FieldReport.objects.get().form_token is None


def test_the_database_keeps_one_submission_per_form_page(initiative):
    token = "6f1c0a4e-58d1-4c9a-9a53-0d6c2b7f1e11"
    services.report_submit(initiative=initiative, kind="work_stopped", text="…", form_token=token)

    with pytest.raises(IntegrityError):
        services.report_submit(
            initiative=initiative, kind="work_stopped", text="…", form_token=token
        )
