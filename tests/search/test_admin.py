"""The admin's lists find records spelled as volunteers type them, drafts included."""

import pytest
from django.urls import reverse


def found(client, model: str, term: str) -> set[str]:
    response = client.get(reverse(f"admin:initiatives_{model}_changelist"), {"q": term})
    assert response.status_code == 200
    return {str(record) for record in response.context["cl"].result_list}


@pytest.mark.parametrize(
    "term",
    ["مستشفى", "مستشفي", "مُسْتَشْفَى", "ازمور مستشفى", "hopital", "تجهيز"],
)
def test_an_initiative_is_found_whatever_hamza_yaa_or_marks_are_typed(staff_client, corpus, term):
    assert str(corpus["hospital"]) in found(staff_client, "initiative", term)


def test_a_draft_is_found_too_and_a_word_it_does_not_hold_finds_nothing(staff_client, corpus):
    assert found(staff_client, "initiative", "مدرسه سريه") == {str(corpus["draft"])}
    assert found(staff_client, "initiative", "مستشفيات") == set()  # no typo corrections


def test_an_update_is_found_by_its_words_folded(staff_client, corpus):
    assert found(staff_client, "update", "الاشغال") == {str(corpus["update"])}


def test_the_initiative_picker_of_an_update_forgives_spelling_too(staff_client, corpus):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "initiatives",
            "model_name": "update",
            "field_name": "initiative",
            "term": "مستشفي",
        },
    )

    assert {int(result["id"]) for result in response.json()["results"]} == {corpus["hospital"].pk}
