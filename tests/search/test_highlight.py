"""Highlighting in results: the words the search matched are marked, each one whole."""

import pytest

from search.normalize import index_text, normalize
from search.templatetags.highlight import highlight


def searched(query: str) -> list[str]:
    return normalize(query).split()


@pytest.mark.parametrize(
    "text, query, marked",
    [
        ("سوق القرب مولاي الحسن بأزمور", "أزمور", "بأزمور"),
        ("محطة معالجة المياه العادمة بأزمور", "أزمور", "بأزمور"),
        ("طلب توسيع المدار الحضري لأزمور", "أزمور", "لأزمور"),
        ("تجهيز جناح لمستشفى أزمور الإقليمي", "مستشفى", "لمستشفى"),
        ("بناء مدرسة وملعب", "ملعب", "وملعب"),
    ],
)
def test_a_word_with_a_one_letter_proclitic_is_marked_whole(text, query, marked):
    assert highlight(text, searched(query)) == text.replace(marked, f"<mark>{marked}</mark>")


def test_the_highlight_marks_what_the_index_finds_and_nothing_else():
    """A word is marked exactly when its indexed forms hold the searched word: the
    proclitic of a short word is not taken off, for the index keeps it on."""
    text = "قرب مستشفى وقت لقاء لأزمور"
    for word in text.split():
        for form in index_text(word).split():
            assert highlight(text, [form]).count("<mark>") >= 1, form
    assert highlight(text, searched("قت")) == text  # «وقت» is not «و» + «قت»
    assert highlight(text, searched("قاء")) == text


@pytest.mark.parametrize(
    "text, query, marked",
    [
        ("بناء مَدرسة جديدة", "مدرسة", "مَدرسة"),
        ("بناء مَدْرَسَةٍ جديدة", "مدرسة", "مَدْرَسَةٍ"),
        ("طريق بِهشتوكة", "هشتوكة", "بِهشتوكة"),
        ("طريق ازمـــور", "ازمور", "ازمـــور"),
        ("مبادرة الرحمٰن", "الرحمن", "الرحمٰن"),
        ("Re\u0301fection e\u0301cole primaire", "école", "e\u0301cole"),
    ],
)
def test_a_vocalised_word_is_marked_whole(text, query, marked):
    assert highlight(text, searched(query)) == text.replace(marked, f"<mark>{marked}</mark>")


def test_part_of_a_vocalised_word_is_never_marked():
    # «كُلفت» is not «لفت»: the search does not find it, and nothing in it is marked.
    assert highlight("كُلفت الجماعة", searched("لفت")) == "كُلفت الجماعة"
