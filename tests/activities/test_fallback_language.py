"""The foundation's work not yet translated shows its Arabic on French and English pages;
the element that holds each text says so (lang="ar" dir="rtl"), as the initiatives' pages
do (tests/public/test_fallback_language.py)."""

import pytest

from tests.public.pages import Page

LATIN = ["fr", "en"]


def marked(element) -> bool:
    return element.attrs.get("lang") == "ar" and element.attrs.get("dir") == "rtl"


def holding(page: Page, tag: str, text: str):
    """The one <tag> whose text is exactly `text`."""
    found = [element for element in page.all(tag) if element.text == text]
    assert len(found) == 1, f"expected one <{tag}> reading {text!r}, found {len(found)}"
    return found[0]


@pytest.mark.parametrize("language", LATIN)
def test_an_untranslated_sessions_topic_and_trainer_are_marked(client, make_session, language):
    session = make_session(
        topic_fr="", topic_en="", topic_ar="إعداد المشاريع", trainer_ar="سعيد الحمداوي"
    )
    programme = session.programme

    listing = Page(client.get(f"/{language}/foundation/trainings/"))
    detail = Page(client.get(f"/{language}/foundation/trainings/{programme.slug}/"))

    assert marked(holding(listing, "a", "إعداد المشاريع"))
    assert marked(holding(detail, "h3", "إعداد المشاريع"))
    assert marked(holding(detail, "bdi", "سعيد الحمداوي"))


@pytest.mark.parametrize("language", LATIN)
def test_an_untranslated_programme_summary_is_marked_in_the_list(client, make_programme, language):
    make_programme(is_published=True, summary_ar="تقوية قدرات الفاعلين الجمعويين.")

    listing = Page(client.get(f"/{language}/foundation/trainings/"))

    assert marked(holding(listing, "span", "تقوية قدرات الفاعلين الجمعويين."))


@pytest.mark.parametrize("language", LATIN)
def test_an_untranslated_proposal_step_note_is_marked(client, make_proposal, make_step, language):
    proposal = make_proposal(is_published=True)
    make_step(proposal=proposal, note_ar="ملاحظة حول هذه المرحلة.")

    page = Page(client.get(f"/{language}/foundation/proposals/{proposal.slug}/"))

    assert marked(holding(page, "div", "ملاحظة حول هذه المرحلة."))


@pytest.mark.parametrize("language", LATIN)
def test_an_untranslated_dossier_action_and_answer_are_marked(
    client, make_dossier, make_action, language
):
    dossier = make_dossier(is_published=True)
    make_action(
        dossier=dossier,
        description_ar="طلب إصلاح الطريق.",
        answer_ar="وعدت الجماعة بالإصلاح.",
    )

    page = Page(client.get(f"/{language}/foundation/advocacy/{dossier.slug}/"))

    assert marked(holding(page, "div", "طلب إصلاح الطريق."))
    assert marked(holding(page, "blockquote", "وعدت الجماعة بالإصلاح."))


@pytest.mark.parametrize("language", LATIN)
def test_an_untranslated_news_body_is_marked(client, make_news, language):
    item = make_news(is_published=True, body_fr="", body_en="", body_ar="نص الإعلان الكامل.")

    page = Page(client.get(f"/{language}/foundation/news/{item.slug}/"))

    assert marked(holding(page, "div", "نص الإعلان الكامل."))


@pytest.mark.parametrize("language", LATIN)
def test_an_untranslated_next_event_is_marked_on_the_commune_page(
    client, make_commune, make_event, language
):
    commune = make_commune()
    event = make_event(
        communes=[commune], is_published=True, title_ar="لقاء تواصلي", title_fr="", title_en=""
    )

    page = Page(client.get(f"/{language}/communes/{commune.slug}/"))

    assert marked(page.one("a", href=f"/{language}/foundation/events/{event.slug}/"))


def test_text_on_an_arabic_page_is_not_marked(client, make_session):
    session = make_session(topic_ar="إعداد المشاريع")

    detail = Page(client.get(f"/ar/foundation/trainings/{session.programme.slug}/"))

    assert "lang" not in holding(detail, "h3", "إعداد المشاريع").attrs
