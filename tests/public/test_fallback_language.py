"""A record not yet translated shows its Arabic on French and English pages; the element
that holds it says so (lang="ar" dir="rtl"), so that it reads right to left and a screen
reader voices it in Arabic. A translated record, and any record on an Arabic page, carry
no such mark."""

import pytest

from tests.public.pages import Page

ONLY_ARABIC = {"title_fr": "", "title_en": "", "summary_fr": "", "summary_en": ""}


def marked(element) -> bool:
    return element.attrs.get("lang") == "ar" and element.attrs.get("dir") == "rtl"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_untranslated_initiatives_arabic_is_marked_on_a_latin_page(
    client, make_initiative, language
):
    initiative = make_initiative(
        is_published=True, title_ar="تأهيل الطريق الإقليمية", **ONLY_ARABIC
    )

    page = Page(client.get(f"/{language}/initiatives/{initiative.slug}/"))

    assert page.one("h1").text == "تأهيل الطريق الإقليمية" and marked(page.one("h1"))
    assert marked(page.one("p", class_="lead"))
    card_link = Page(client.get(f"/{language}/initiatives/")).one(
        "a", href=f"/{language}/initiatives/{initiative.slug}/"
    )
    assert marked(card_link)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_text_in_the_pages_own_language_is_not_marked(client, make_initiative, language):
    initiative = make_initiative(is_published=True)

    heading = Page(client.get(f"/{language}/initiatives/{initiative.slug}/")).one("h1")

    assert "lang" not in heading.attrs and "dir" not in heading.attrs
