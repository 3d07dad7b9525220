"""What an initiative's card says of its communes, and the addresses cards link to."""

import pytest
from django.test import override_settings
from django.urls import (
    NoReverseMatch,
    clear_script_prefix,
    include,
    path,
    reverse,
    set_script_prefix,
)
from django.utils import translation

from azemmour_portal.addresses import slug_address


@pytest.fixture
def shared(make_commune, make_initiative, make_update):
    """An initiative of two communes (listed in the communes' order, not the links'), one
    without a French name, and a monitoring update on it."""
    second = make_commune(name_ar="الحوزية", name_fr="Haouzia", slug="haouzia", display_order=2)
    first = make_commune(name_ar="أزمور", name_fr="", slug="azemmour", display_order=1)
    initiative = make_initiative(
        communes=[second, first],
        title_ar="مستوصف قروي",
        title_fr="Dispensaire rural",
        is_published=True,
    )
    make_initiative(communes=[second], title_ar="طريق", title_fr="Route", is_published=True)
    update = make_update(
        initiative=initiative, title_ar="زيارة مستوصف", title_fr="Visite", is_published=True
    )
    return {"initiative": initiative, "update": update}


def card_of(html: str, title: str) -> str:
    start = html.index(title)
    return html[start : html.index("</article>", start)]


def test_a_card_names_each_commune_in_order_with_the_languages_comma(client, shared):
    arabic = client.get("/ar/initiatives/").content.decode()
    french = client.get("/fr/initiatives/").content.decode()

    assert "أزمور، الحوزية" in card_of(arabic, "مستوصف قروي")
    # No French name: the Arabic one, as everywhere else on the French pages.
    assert "أزمور, Haouzia" in card_of(french, "Dispensaire rural")
    assert "· Haouzia" in card_of(french, "Route")


def test_search_results_name_the_communes_of_initiatives_and_of_updates(client, shared):
    response = client.get("/ar/search/", {"q": "مستوصف"})
    html = response.content.decode()
    kinds = [kind for kind, _record in response.context["results"]]

    assert sorted(kinds) == ["initiative", "update"]
    assert html.count("أزمور، الحوزية") == 2


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_record_addresses_are_the_ones_reverse_gives(language):
    with translation.override(language):
        for view, slug in [
            ("initiatives:detail", "ecole-sidi-ali-2"),
            ("communes:detail", "azemmour"),
            ("activities:proposal", "A_b-9"),
        ]:
            expected = reverse(view, kwargs={"slug": slug})
            assert slug_address(view, slug) == expected
            assert expected.startswith(f"/{language}/")


def test_addresses_follow_the_script_prefix():
    with translation.override("fr"):
        slug_address("communes:detail", "haouzia")
        set_script_prefix("/portal/")
        try:
            assert slug_address("communes:detail", "haouzia") == "/portal/fr/communes/haouzia/"
        finally:
            clear_script_prefix()
        assert slug_address("communes:detail", "haouzia") == "/fr/communes/haouzia/"


def test_a_slug_the_address_cannot_hold_is_refused_as_reverse_refuses_it():
    with translation.override("ar"):
        for slug in ["مدرسة", "a/b", "a b", ""]:
            with pytest.raises(NoReverseMatch):
                slug_address("initiatives:detail", slug)


def elsewhere(request, slug):
    raise AssertionError("never called")


# The initiatives' pages at another address: a URL configuration for the test below.
urlpatterns = [
    path("elsewhere/", include(([path("<slug:slug>/", elsewhere, name="detail")], "initiatives")))
]


def test_addresses_follow_a_change_of_url_configuration():
    with translation.override("ar"):
        assert slug_address("initiatives:detail", "x") == "/ar/initiatives/x/"
        with override_settings(ROOT_URLCONF=__name__):
            assert slug_address("initiatives:detail", "x") == "/elsewhere/x/"
        assert slug_address("initiatives:detail", "x") == "/ar/initiatives/x/"
