"""The search page: typed results, highlights, counts, and never an error."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from search.query import parse
from tests.public.pages import Page


def test_results_are_typed_counted_and_highlighted(client, corpus):
    response = client.get("/ar/search/", {"q": "أزمور"})
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["page"].paginator.count == len(response.context["results"])
    kinds = {kind for kind, _record in response.context["results"]}
    assert kinds == {"commune", "initiative"}
    assert "<mark>أزمور</mark>" in html
    assert f'href="/ar/initiatives/{corpus["hospital"].slug}/"' in html


def test_the_header_search_box_leads_to_the_search_page(client, corpus):
    html = client.get("/fr/").content.decode()
    assert 'action="/fr/search/"' in html


def test_an_empty_result_helps_the_visitor(client, corpus):
    response = client.get("/en/search/", {"q": "zzzzqqq"})
    assert response.context["results"] == []
    assert 'href="/en/communes/"' in response.content.decode()


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_spelling_tip_marks_each_example_with_its_own_language(client, corpus, language):
    page = Page(client.get(f"/{language}/search/", {"q": "zzzzqqq"}))

    examples = [bdi for bdi in page.all("bdi") if bdi.inside("div", class_="empty")]
    tip = examples[0].parents[-1]
    with translation.override(language):
        sentence = gettext(
            "Names can be typed in Arabic or in Latin letters: %(arabic)s or %(latin)s."
        )
    assert tip.tag == "li"
    assert tip.text == sentence % {"arabic": "أزمور", "latin": "Azemmour"}
    assert [(bdi.text, bdi.attrs.get("lang"), bdi.attrs.get("dir")) for bdi in examples] == [
        ("أزمور", "ar", "rtl"),
        ("Azemmour", "fr", "ltr"),
    ]


def test_the_initiatives_list_uses_the_same_engine(client, corpus):
    response = client.get("/ar/initiatives/", {"q": "المستشفى"})
    listed = [initiative.slug for initiative in response.context["page"].object_list]
    assert listed == ["hospital"]


@pytest.mark.parametrize(
    "q",
    [
        "",
        "م",
        "مدرسة" * 2000,
        "\x00\x01\x1b",
        "!!! ??? ...",
        "' OR 1=1; DROP TABLE search_document; --",
        ".*[a-z]+(?<=x)\\",
        "%",
        "_",
        "%_%",
        "مدرسة école school",
        "🏫🚰",
        "\u202eطريق",
        "&|!:*()",
    ],
)
def test_bad_input_gives_a_normal_page(client, corpus, q):
    response = client.get("/ar/search/", {"q": q})
    assert response.status_code == 200


def test_a_long_query_is_capped_with_a_message(client, corpus):
    response = client.get("/fr/search/", {"q": "école " * 1000})
    assert response.status_code == 200
    assert response.context["query"].message
    assert len(response.context["query"].text) <= 200


def test_words_beyond_the_eighth_are_dropped_with_a_message(client, corpus):
    eight = "مدرسة طريق ماء صحة سوق ملعب حديقة قنطرة"
    response = client.get("/ar/search/", {"q": eight})
    assert response.context["query"].message == ""

    response = client.get("/ar/search/", {"q": eight + " مستشفى"})
    assert response.context["query"].tokens == parse(eight).tokens
    assert "إلا أول 8 كلمات" in response.content.decode()

    response = client.get("/fr/search/", {"q": "a1 b2 c3 d4 e5 f6 g7 h8 i9"})
    assert "seuls ses 8 premiers" in response.content.decode()


def test_the_search_page_costs_few_queries(client, corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get("/ar/search/", {"q": "أزمور"})


@pytest.mark.parametrize("indexed_with_demo", [True, False])
def test_demo_records_are_found_only_where_the_deployment_shows_them(
    client, settings, make_initiative, make_update, indexed_with_demo
):
    settings.DEMO_DATA = indexed_with_demo
    real = make_initiative(title_ar="مدرسة حقيقية", is_published=True)
    demo = make_initiative(title_ar="مدرسة تجريبية", is_demo=True, is_published=True)
    make_update(initiative=demo, title_ar="زيارة مدرسة تجريبية", is_published=True)

    settings.DEMO_DATA = False
    hidden = client.get("/ar/search/", {"q": "مدرسة"})
    settings.DEMO_DATA = True
    shown = client.get("/ar/search/", {"q": "مدرسة"})

    # The count and the results agree: no page of results announced and then empty.
    assert [record for _kind, record in hidden.context["results"]] == [real]
    assert hidden.context["page"].paginator.count == 1
    assert {record.pk for kind, record in shown.context["results"] if kind == "initiative"} == {
        real.pk,
        demo.pk,
    }
    assert shown.context["page"].paginator.count == 3


def test_search_results_ask_search_engines_not_to_index_them(client, corpus):
    html = client.get("/ar/search/", {"q": "أزمور"}).content.decode()
    list_page = client.get("/ar/initiatives/").content.decode()

    assert '<meta name="robots" content="noindex">' in html
    assert "noindex" not in list_page


def test_the_foundations_people_are_found_by_name_and_role(
    client, make_person, make_body, django_capture_on_commit_callbacks
):
    """A journalist looks up who speaks for the foundation: by name, in either script, or
    by the role, and lands on the foundation's page."""
    bureau = make_body(name_ar="المكتب", name_fr="Bureau")
    president = make_person(full_name_ar="عبد اللطيف البقالي", full_name_fr="Abdellatif Bekkali")
    president.memberships.create(body=bureau, role="president")
    unlisted = make_person(full_name_ar="عبد الله البقالي")  # in no body: not on the page

    for query in ["البقالي", "بقالي", "Bekkali", "رئيس", "président"]:
        response = client.get("/ar/search/", {"q": query})
        people = [record for kind, record in response.context["results"] if kind == "person"]
        assert people == [president], query
    html = client.get("/fr/search/", {"q": "Bekkali"}).content.decode()
    assert 'href="/fr/foundation/#bodies-title"' in html
    with translation.override("fr"):
        role = gettext("president")
    assert f"{role} — Bureau" in html
    assert unlisted.pk not in {
        r.pk
        for k, r in client.get("/ar/search/", {"q": "عبد الله"}).context["results"]
        if k == "person"
    }

    president.memberships.all().delete()
    assert not [kind for kind, _ in client.get("/ar/search/", {"q": "Bekkali"}).context["results"]]


def test_no_result_is_said_in_words_in_arabic(client, db):
    html = client.get("/ar/search/", {"q": "زززززز"}).content.decode()

    assert "لا توجد أي نتيجة" in html
    assert "0 نتيجة" not in html


def marks(page: Page) -> list[str]:
    return [mark.text for mark in page.all("mark")]


def test_a_place_name_with_a_one_letter_proclitic_is_marked_whole(client, make_initiative):
    """«بأزمور» is found by «أزمور»: its whole word is marked, never «أزمور» alone (a
    <mark> inside an Arabic word breaks the joining of its letters)."""
    titles = [
        "سوق القرب مولاي الحسن بأزمور",
        "محطة معالجة المياه العادمة بأزمور",
        "طلب توسيع المدار الحضري لأزمور",
    ]
    for title in titles:
        make_initiative(title_ar=title, is_published=True)
    make_initiative(title_ar="تجهيز جناح لمستشفى أزمور", is_published=True)

    town = Page(client.get("/ar/search/", {"q": "أزمور"}))
    hospital = Page(client.get("/ar/search/", {"q": "مستشفى"}))

    headings = [h2.text for h2 in town.all("h2")]
    assert set(titles) <= set(headings)
    assert sorted(marks(town)) == sorted(["بأزمور", "بأزمور", "لأزمور", "أزمور"])
    assert marks(hospital) == ["لمستشفى"]


def test_a_vocalised_word_is_marked_whole(client, make_initiative):
    make_initiative(
        title_ar="بناء مَدرسة بِهشتوكة", summary_ar="كُلفت الجماعة بالأشغال.", is_published=True
    )

    school = Page(client.get("/ar/search/", {"q": "مدرسة"}))
    place = Page(client.get("/ar/search/", {"q": "هشتوكة"}))

    assert marks(school) == ["مَدرسة"]
    assert marks(place) == ["بِهشتوكة"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_arabic_only_update_reads_right_to_left_on_a_latin_page(
    client, make_initiative, make_update, language
):
    """An update and its initiative written in Arabic only fall back to their Arabic on a
    French or English page: each text is marked Arabic and right to left."""
    road = make_initiative(title_ar="تهيئة طريق دوار الغربية", title_fr="", is_published=True)
    make_update(
        initiative=road,
        title_ar="توقف أشغال الطريق",
        title_fr="",
        body_ar="لاحظ المتطوعون توقف الأشغال منذ شهرين.",
        is_published=True,
    )

    page = Page(client.get(f"/{language}/search/", {"q": "الأشغال"}))

    [body] = [p for p in page.all("p") if p.text == "لاحظ المتطوعون توقف الأشغال منذ شهرين."]
    [initiative] = [bdi for bdi in page.all("bdi") if bdi.text == "تهيئة طريق دوار الغربية"]
    assert (body.attrs.get("lang"), body.attrs.get("dir")) == ("ar", "rtl")
    assert (initiative.attrs.get("lang"), initiative.attrs.get("dir")) == ("ar", "rtl")
    assert initiative.inside("p", class_="meta")


@pytest.mark.parametrize("between", ["\t", "\n", "\x00"])
def test_two_words_with_a_tab_or_newline_between_them_are_both_searched(
    client, make_initiative, between
):
    road = make_initiative(title_ar="طريق سيدي علي نحو أزمور", is_published=True)

    response = client.get("/ar/search/", {"q": f"ازمور{between}سيدي"})

    assert [record for _kind, record in response.context["results"]] == [road]
    assert sorted(marks(Page(response))) == ["أزمور", "سيدي"]


def test_a_word_with_a_soft_hyphen_is_marked_whole(client, make_initiative):
    make_initiative(title_fr="Réhabi\u00adlitation du souk", is_published=True)

    page = Page(client.get("/fr/search/", {"q": "réhabilitation"}))

    assert marks(page) == ["Réhabi\u00adlitation"]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_demo_initiative_and_its_updates_are_marked_demo_in_results(
    client, settings, make_initiative, make_update, language
):
    """As on the initiative cards: a visitor never takes a generated record for a real one."""
    settings.DEMO_DATA = True
    make_initiative(title_ar="مدرسة حقيقية", title_fr="École réelle", is_published=True)
    demo = make_initiative(
        title_ar="مدرسة تجريبية", title_fr="École fictive", is_demo=True, is_published=True
    )
    make_update(initiative=demo, title_ar="زيارة مدرسة", title_fr="Visite école", is_published=True)

    page = Page(client.get(f"/{language}/search/", {"q": "مدرسة" if language == "ar" else "école"}))

    with translation.override(language):
        demo_badge = gettext("demo")
    badged = {
        " ".join(a.text for a in page.all("a") if a.parents[-1] is h2): [
            span.text for span in page.all("span", class_="demo") if span.parents[-1] is h2
        ]
        for h2 in page.all("h2")
        if h2.inside("ol", class_="results")
    }
    titles = {
        "ar": ["مدرسة حقيقية", "مدرسة تجريبية", "زيارة مدرسة"],
        "fr": ["École réelle", "École fictive", "Visite école"],
    }[language]
    assert badged == {titles[0]: [], titles[1]: [demo_badge], titles[2]: [demo_badge]}


def test_a_word_with_a_french_ligature_is_marked_for_its_written_out_form(client, make_initiative):
    make_initiative(title_fr="Main-d'œuvre locale", is_published=True)

    page = Page(client.get("/fr/search/", {"q": "oeuvre"}))

    assert marks(page) == ["œuvre"]


def test_a_corrected_word_is_shown_as_the_records_write_it(client, corpus):
    response = client.get("/ar/search/", {"q": "مستشفىى"})  # one letter too many
    html = response.content.decode()

    assert response.context["corrected"] == ["مستشفي"]  # folded: ى → ي
    with translation.override("ar"):
        said = gettext("Also searched for close spellings:")
    assert f"{said} <bdi>مستشفى</bdi>" in html
    assert "<bdi>مستشفي</bdi>" not in html


def test_a_correction_the_page_does_not_show_is_announced_without_its_spelling(
    client, corpus, monkeypatch
):
    from search import views

    monkeypatch.setattr(views, "written_forms", lambda searched, records: [])

    html = client.get("/en/search/", {"q": "hospitall"}).content.decode()

    assert "Close spellings of your words were also searched." in html
