"""Normalisation: the same words for what is indexed and what is typed."""

import pytest

from search.normalize import index_text, normalize


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("أزمور", "ازمور"),  # hamza above
        ("إزمور", "ازمور"),  # hamza below
        ("آزمور", "ازمور"),  # madda
        ("ٱزمور", "ازمور"),  # wasla
        ("مبادرة", "مبادره"),  # taa marbuta
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("مؤسسة", "موسسه"),  # waw with hamza
        ("بيئة", "بييه"),  # yeh with hamza
        ("مَدْرَسَةٌ", "مدرسه"),  # harakat
        ("رحمٰن", "رحمن"),  # dagger alef
        ("ازمـــور", "ازمور"),  # tatweel
        ("٢٠٢٥", "2025"),  # Arabic-Indic digits
        ("۲۰۲۵", "2025"),  # Eastern Arabic-Indic digits
        ("ﻻ", "لا"),  # presentation form, folded by NFKC
        ("ECOLE", "ecole"),  # Latin lower case
        ("Hôpital Élémentaire", "hopital elementaire"),  # accents
        ("ڭنطرة", "كنطره"),  # Moroccan gaf meets kaf
        ("Main-d'œuvre", "main d oeuvre"),  # French ligatures written out
        ("ŒUVRE", "oeuvre"),
        ("ex æquo", "ex aequo"),
        ("ÆQUO", "aequo"),
    ],
)
def test_each_rule_folds_a_spelling_to_the_meant_word(typed, meant):
    assert normalize(typed) == meant


@pytest.mark.parametrize(
    "with_article, without",
    [
        ("المدرسة", "مدرسة"),
        ("والمدرسة", "مدرسة"),
        ("بالمدرسة", "مدرسة"),
        ("للمدرسة", "مدرسة"),
    ],
)
def test_a_leading_article_does_not_prevent_a_match(with_article, without):
    assert normalize(with_article) == normalize(without)


def test_a_short_word_keeps_its_letters():
    # "ال" alone, or a word too short to hold an article, is left as it is.
    assert normalize("ال") == "ال"
    assert normalize("الي") == "الي"


@pytest.mark.parametrize("noise", ["%", "_", "' OR 1=1 --", "😀", "()&|!:*<>", "\x00\x1b"])
def test_symbols_and_metacharacters_never_become_search_words(noise):
    assert all(character.isalnum() or character == " " for character in normalize(noise))


def test_indexed_text_also_holds_words_without_a_one_letter_proclitic():
    indexed = index_text("لمستشفى ومدرسة")
    assert "مستشفي" in indexed.split()
    assert "مدرسه" in indexed.split()
    # A query keeps the word as typed.
    assert normalize("لمستشفى") == "لمستشفي"


@pytest.mark.parametrize("invisible", ["\u200c", "\u200d", "\u200f", "\u00ad", "\u2060"])
def test_a_format_character_inside_a_word_leaves_it_whole(invisible):
    # Zero-width non-joiner and joiner, right-to-left mark, soft hyphen, word joiner: pasted
    # from a word processor, invisible on the page.
    assert normalize(f"مدر{invisible}سة") == normalize("مدرسة")
    assert normalize(f"Réhabi{invisible}litation") == "rehabilitation"
