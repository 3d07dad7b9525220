"""Search finds what people mean, on SQLite and on PostgreSQL, and only what is public."""

from io import StringIO

import pytest
from django.core.management import call_command

from search.models import Document
from search.query import edit_distance, parse, search


def found(text: str) -> list[tuple[str, int]]:
    return list(search(parse(text)).values_list("kind", "object_id"))


def initiatives_found(text: str) -> set[int]:
    return {object_id for kind, object_id in found(text) if kind == "initiative"}


@pytest.mark.parametrize(
    "query",
    ["مدرسة", "المدرسة", "مدرسه", "مَدْرَسَة", "école", "ECOLE", "ecole primaire"],
)
def test_the_school_is_found_however_it_is_typed(corpus, query):
    assert corpus["school"].pk in initiatives_found(query)


@pytest.mark.parametrize("query", ["مستشفى", "مستشفي", "المستشفى", "hopital", "Hôpital"])
def test_the_hospital_is_found_with_or_without_alef_maqsura_and_accents(corpus, query):
    assert initiatives_found(query) == {corpus["hospital"].pk}


@pytest.mark.parametrize("query", ["أزمور", "ازمور", "آزمور", "Azemmour", "AZEMMOUR"])
def test_a_commune_is_found_by_any_of_its_spellings(corpus, query):
    assert ("commune", corpus["azemmour"].pk) in found(query)


@pytest.mark.parametrize("query", ["الحوزية", "حوزية", "Haouzia", "el haouzia"])
def test_arabic_and_latin_names_of_a_commune_meet_through_its_alternative_names(corpus, query):
    results = found(query)
    assert ("commune", corpus["haouzia"].pk) in results
    # The commune's initiatives are found by its name too.
    assert ("initiative", corpus["school"].pk) in results


def test_a_word_of_the_title_ranks_before_a_word_of_the_body(corpus):
    # "محطة" is in the road's summary; the hospital's title has "مستشفى" and its
    # summary "المستشفى": title matches come first.
    results = found("مستشفى")
    assert results[0] == ("initiative", corpus["hospital"].pk)


@pytest.mark.parametrize(
    "typo, meant",
    [
        ("مسشتفى", "hospital"),
        ("مستسفى", "hospital"),
        ("hopitl", "hospital"),
        ("مدرصة", "school"),
        # Two letters swapped near the start of a short word: few trigrams in common.
        ("مردسة", "school"),
    ],
)
def test_a_one_letter_typo_still_finds_the_record(corpus, typo, meant):
    assert corpus[meant].pk in initiatives_found(typo)


def test_words_must_all_match(corpus):
    assert initiatives_found("مدرسة مستشفى") == set()
    assert initiatives_found("مستشفى أزمور") == {corpus["hospital"].pk}


def test_unpublished_records_are_never_found(corpus):
    assert corpus["draft"].pk not in initiatives_found("سرية")
    assert corpus["draft"].pk not in initiatives_found("secrète")
    updates = {object_id for kind, object_id in found("ملاحظة") if kind == "update"}
    assert corpus["hidden_update"].pk not in updates


def test_a_published_update_is_found(corpus):
    assert ("update", corpus["update"].pk) in found("توقف الأشغال")


def test_an_update_of_an_unpublished_initiative_is_not_found(corpus, make_update):
    hidden = make_update(initiative=corpus["draft"], title_ar="زيارة فريدة", is_published=True)
    assert ("update", hidden.pk) not in found("فريدة")


def test_the_index_follows_edits_and_deletions(corpus):
    school = corpus["school"]
    school.title_fr = "Construction du collège"
    school.save()
    assert school.pk in initiatives_found("collège")

    school.communes.set([corpus["azemmour"]])
    assert school.pk in initiatives_found("Azemmour")
    assert school.pk not in initiatives_found("Haouzia")

    school.delete()
    assert not Document.objects.filter(kind="initiative", object_id=school.pk).exists()


def test_rebuilding_the_index_gives_the_same_results(corpus):
    before = found("مدرسة")
    Document.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Search index rebuilt" in out.getvalue()
    assert found("مدرسة") == before


@pytest.mark.parametrize(
    "a, b, distance",
    [("مدرسه", "مدرسه", 0), ("مدرصه", "مدرسه", 1), ("مسشتفي", "مستشفي", 1), ("ab", "ba", 1),
     ("hopitl", "hopital", 1), ("kitten", "sitting", 3)],
)  # fmt: skip
def test_edit_distance_counts_a_swap_as_one_edit(a, b, distance):
    assert edit_distance(a, b) == distance


def test_queries_are_capped_and_cleaned():
    query = parse("مدرسة" * 3000)
    assert len(query.text) <= 200
    assert query.message
    assert parse("\x00\x01مدرسة\x7f").tokens == ["مدرسه"]
    assert parse("!!!").tokens == []
    assert parse("!!!").message


def test_a_word_of_a_draft_is_never_offered_as_a_correction(corpus, make_initiative):
    """A correction is shown to the visitor («also searched for close spellings»): a
    word only an unpublished record has would give that record away."""
    make_initiative(title_ar="مخطط زركاوي", title_fr="Plan Zarkawi", is_published=False)

    assert parse("zarkawy").forms == {"zarkawy": ["zarkawy"]}
    assert parse("زرقاوي").forms == {"زرقاوي": ["زرقاوي"]}


def test_a_word_only_hidden_demo_records_have_does_not_stop_its_typo_correction(
    settings, make_initiative
):
    """With demo data hidden, a correct word known only from demo records must not be
    taken as "known" while the public finds nothing under it."""
    settings.DEMO_DATA = False
    real = make_initiative(title_ar="مستوصف دوار الغربية", is_published=True)
    make_initiative(title_ar="مستوصفات تجريبية", is_demo=True, is_published=True)

    # "مستوصفا" is one letter from the real word; as a prefix of the demo word it used to
    # be taken as meant, and found nothing.
    assert real.pk in initiatives_found("مستوصفا")


def test_a_word_a_real_record_shares_with_a_demo_one_is_real(settings, make_initiative):
    from search.models import Word

    settings.DEMO_DATA = False
    make_initiative(title_ar="خزان تجريبي", is_demo=True, is_published=True)
    assert Word.objects.get(word="خزان").is_demo
    real = make_initiative(title_ar="خزان الماء", is_published=True)

    assert not Word.objects.get(word="خزان").is_demo
    assert real.pk in initiatives_found("خزاان")  # its typo is corrected to the real word


@pytest.mark.parametrize(
    "between", ["\t", "\n", "\r\n", "\x00", "\x0b", "\x85", "\u2028", "\u2029"]
)
def test_a_control_character_between_two_words_separates_them(between):
    query = parse(f"ازمور{between}سيدي")
    assert query.tokens == ["ازمور", "سيدي"]
    assert query.text.split() == ["ازمور", "سيدي"]


def test_a_word_with_a_soft_hyphen_is_found_typed_whole_or_as_pasted(make_initiative):
    souk = make_initiative(title_fr="Réhabi\u00adlitation du souk hebdomadaire", is_published=True)

    assert souk.pk in initiatives_found("réhabilitation")
    assert souk.pk in initiatives_found("Réhabi\u00adlitation")


def test_a_french_ligature_is_found_written_out_and_the_other_way(make_initiative):
    workforce = make_initiative(title_fr="Main-d'œuvre locale pour le chantier", is_published=True)
    plan = make_initiative(title_fr="Mise en oeuvre du plan communal", is_published=True)

    assert initiatives_found("oeuvre") == {workforce.pk, plan.pk}
    assert initiatives_found("Œuvre") == {workforce.pk, plan.pk}
