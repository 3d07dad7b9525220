"""The initiatives list: each filter, their combinations, sorting, paging and facet counts."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.utils import timezone

from communes.models import Commune
from initiatives.models import Initiative
from tests.public.pages import Page

Status = Initiative.Status
Origin = Initiative.Origin


@dataclass
class Spec:
    title: str
    places: str
    sector: str
    status: str
    origin: str
    start: datetime.date | None
    end: datetime.date | None
    budget: int | None
    progress: int
    funders: list = field(default_factory=list)
    implementer: str | None = None


@dataclass
class Row:
    """What the test knows about an initiative, to compute expectations by hand."""

    initiative: Initiative
    communes: set
    sector: str
    status: str
    origin: str
    partners: set

    @property
    def slug(self):
        return self.initiative.slug


@pytest.fixture
def district(make_commune, make_sector, make_partner, make_initiative, make_funding):
    """Seven published initiatives in three communes, and one draft that must never count."""
    today = timezone.localdate()
    past, future = today - datetime.timedelta(days=20), today + datetime.timedelta(days=90)
    communes = {name: make_commune(slug=f"commune-{name}") for name in "abc"}
    sectors = {name: make_sector(slug=name) for name in ("education", "roads")}
    partners = {name: make_partner(slug=name) for name in ("region", "indh", "ormva")}
    specs = {
        "school": Spec(
            "Ecole primaire de Sidi Ali", "a", "education", Status.PLANNED, Origin.PAC,
            start=datetime.date(2022, 3, 1), end=future, budget=100_000, progress=0,
            funders=["region"], implementer="region",
        ),
        "road": Spec(
            "Route de Haouzia", "ab", "roads", Status.IN_PROGRESS, Origin.INDH,
            start=datetime.date(2023, 5, 1), end=past, budget=500_000, progress=40,
            funders=["region", "indh"],
        ),
        "clinic": Spec(
            "Centre de santé", "b", "education", Status.COMPLETED, Origin.PAC,
            start=datetime.date(2021, 1, 10), end=datetime.date(2022, 12, 31), budget=300_000,
            progress=100, implementer="ormva",
        ),
        "well": Spec(
            "Puits de Chtouka", "c", "roads", Status.CANCELLED, Origin.STATE,
            start=datetime.date(2023, 2, 1), end=datetime.date(2023, 12, 31), budget=None,
            progress=10,
        ),
        "youth": Spec(
            "Maison des jeunes", "c", "education", Status.STALLED, Origin.CITIZEN,
            start=None, end=future, budget=50_000, progress=20, implementer="ormva",
        ),
        "lighting": Spec(
            "Eclairage public", "b", "roads", Status.PROPOSED, Origin.OTHER,
            start=datetime.date(2024, 6, 1), end=None, budget=1_000_000, progress=0,
            funders=["indh"], implementer="region",
        ),
        "library": Spec(
            "Bibliotheque communale", "a", "education", Status.IN_PROGRESS, Origin.FOUNDATION,
            start=datetime.date(2022, 9, 1), end=None, budget=300_000, progress=60,
            funders=["indh"],
        ),
    }  # fmt: skip
    rows = {}
    for key, spec in specs.items():
        initiative = make_initiative(
            communes=[communes[c] for c in spec.places],
            slug=key,
            title_fr=spec.title,
            summary_fr="Forage et équipement d'un puits." if key == "well" else "Un projet.",
            title_ar={"school": "مدرسة ابتدائية بسيدي علي"}.get(key, f"مبادرة {key}"),
            sector=sectors[spec.sector],
            status=spec.status,
            origin=spec.origin,
            start_date=spec.start,
            planned_end_date=spec.end,
            planned_budget=None if spec.budget is None else Decimal(spec.budget),
            progress=spec.progress,
            implementing_body=partners[spec.implementer] if spec.implementer else None,
            is_published=True,
        )
        for funder in spec.funders:
            make_funding(initiative=initiative, partner=partners[funder])
        rows[key] = Row(
            initiative,
            {f"commune-{c}" for c in spec.places},
            spec.sector,
            spec.status,
            spec.origin,
            set(spec.funders) | ({spec.implementer} if spec.implementer else set()),
        )
    draft = make_initiative(
        communes=[communes["a"]],
        slug="draft",
        sector=sectors["education"],
        status=Status.IN_PROGRESS,
        origin=Origin.PAC,
        start_date=datetime.date(2022, 1, 1),
        planned_end_date=past,
        planned_budget=Decimal(400_000),
        progress=50,
    )
    make_funding(initiative=draft, partner=partners["region"])
    return rows


def listed(client, query: str = "", language: str = "ar") -> list[str]:
    response = client.get(f"/{language}/initiatives/?{query}")
    assert response.status_code == 200
    return Page(response).initiative_slugs(language)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"school", "road", "clinic", "well", "youth", "lighting", "library"}),
        ("commune=commune-a", {"school", "road", "library"}),
        ("commune=commune-b", {"road", "clinic", "lighting"}),
        ("sector=education", {"school", "clinic", "youth", "library"}),
        ("status=in_progress", {"road", "library"}),
        ("origin=pac", {"school", "clinic"}),
        ("start_year=2022", {"school", "library"}),
        ("budget_min=300000", {"road", "clinic", "lighting", "library"}),
        ("budget_max=100000", {"school", "youth"}),
        ("budget_min=100000&budget_max=300000", {"school", "clinic", "library"}),
        ("q=route", {"road"}),
        ("q=مدرسة", {"school"}),
        ("q=forage", {"well"}),
        ("q=Centre+santé", {"clinic"}),
        ("commune=commune-a&sector=education", {"school", "library"}),
        ("commune=commune-b&status=completed", {"clinic"}),
        ("partner=region&commune=commune-b", {"road", "lighting"}),
        ("sector=roads&late=on", {"road"}),
        ("commune=commune-c&status=planned", set()),
    ],
)
def test_filters_return_exactly_the_matching_published_initiatives(
    client, district, query, expected
):
    slugs = listed(client, query)

    assert set(slugs) == expected
    assert len(slugs) == len(set(slugs))


@pytest.mark.parametrize("partner", ["region", "indh", "ormva"])
def test_partner_filter_matches_funders_and_implementers_once_each(client, district, partner):
    expected = [row.slug for row in district.values() if partner in row.partners]

    slugs = listed(client, f"partner={partner}")

    assert sorted(slugs) == sorted(expected)


def test_late_filter_keeps_only_unfinished_initiatives_past_their_planned_end(client, district):
    today = timezone.localdate()
    expected = {
        row.slug
        for row in district.values()
        if row.initiative.planned_end_date
        and row.initiative.planned_end_date < today
        and row.status not in (Status.COMPLETED, Status.CANCELLED)
    }

    assert set(listed(client, "late=on")) == expected == {"road"}


def by(key):
    return lambda district: [
        row.slug for row in sorted(district.values(), key=lambda row: key(row.initiative))
    ]


SORTS = {
    "": by(lambda i: (-i.published_at.timestamp(), -i.pk)),
    "sort=newest": by(lambda i: (-i.published_at.timestamp(), -i.pk)),
    "sort=budget": by(lambda i: (i.planned_budget is None, -(i.planned_budget or 0), -i.pk)),
    "sort=progress": by(lambda i: (i.progress is None, -(i.progress or 0), -i.pk)),
    "sort=least-progress": by(lambda i: (i.progress is None, i.progress or 0, -i.pk)),
}


@pytest.mark.parametrize("query", SORTS)
def test_sort_orders_the_list(client, district, query):
    assert listed(client, query) == SORTS[query](district)


def test_budget_sort_puts_unknown_budgets_last(client, district):
    assert listed(client, "sort=budget")[-1] == "well"


@pytest.mark.parametrize("sort", ["progress", "least-progress"])
def test_progress_sorts_put_unknown_progress_last(client, make_initiative, sort):
    unknown = make_initiative(progress=None, is_published=True)
    for progress in (0, 40, 100):
        make_initiative(progress=progress, is_published=True)

    assert listed(client, f"sort={sort}")[-1] == unknown.slug


def test_name_sort_follows_the_titles_in_the_pages_language(client, district):
    expected = [row.slug for row in sorted(district.values(), key=lambda r: r.initiative.title_fr)]

    assert listed(client, "sort=name", language="fr") == expected


def test_name_sort_follows_the_titles_shown_when_a_translation_is_missing(client, make_initiative):
    for title in ("جسر الوادي", "بئر الدوار", "تأهيل الطريق"):
        make_initiative(title_ar=title, title_fr="", title_en="", is_published=True)

    response = client.get("/en/initiatives/?sort=name")

    shown = [initiative.title for initiative in response.context["page"].object_list]
    assert shown == ["بئر الدوار", "تأهيل الطريق", "جسر الوادي"]


@pytest.fixture
def many(make_commune, make_sector, make_initiative):
    commune, sector = make_commune(), make_sector()
    return [
        make_initiative(communes=[commune], sector=sector, is_published=True) for _ in range(25)
    ]


def test_second_page_shows_the_rest(client, many):
    newest_first = [
        i.slug for i in sorted(many, key=lambda i: (i.published_at, i.pk), reverse=True)
    ]

    first, second = listed(client, "page=1"), listed(client, "page=2")

    assert first == newest_first[:20]
    assert second == newest_first[20:]


@pytest.mark.parametrize("page, number", [("abc", 1), ("999", 2), ("-1", 2), ("", 1)])
def test_odd_page_numbers_give_a_normal_page(client, many, page, number):
    response = client.get(f"/ar/initiatives/?page={page}")

    assert response.status_code == 200
    assert response.context["page"].number == number
    assert len(Page(response).initiative_slugs("ar")) == (20 if number == 1 else 5)


# Facets ----------------------------------------------------------------------------------

FACET_OF = {
    "commune": lambda row: row.communes,
    "sector": lambda row: {row.sector},
    "status": lambda row: {row.status},
    "origin": lambda row: {row.origin},
    "partner": lambda row: row.partners,
}


def expected_facets(district, selection: dict) -> dict[str, dict[str, int]]:
    """Standard faceting: each facet counts the selection without its own filter."""
    counts = {}
    for name, values_of in FACET_OF.items():
        rows = [
            row
            for row in district.values()
            if all(value in FACET_OF[key](row) for key, value in selection.items() if key != name)
        ]
        tally: dict[str, int] = {}
        for row in rows:
            for value in values_of(row):
                tally[value] = tally.get(value, 0) + 1
        if name in selection:
            tally.setdefault(selection[name], 0)
        counts[name] = tally
    return counts


def facet_counts(response) -> dict[str, dict[str, int]]:
    return {
        name: {value: n for value, _label, n in options}
        for name, options in response.context["facets"].items()
    }


@pytest.mark.parametrize(
    "selection",
    [
        {},
        {"commune": "commune-a"},
        {"commune": "commune-b", "sector": "roads"},
        {"partner": "indh"},
        {"status": "in_progress", "origin": "indh"},
        {"commune": "commune-c", "status": "planned"},
    ],
    ids=lambda selection: "&".join(f"{k}={v}" for k, v in selection.items()) or "none",
)
def test_facet_counts_follow_the_selection_without_their_own_filter(client, district, selection):
    query = "&".join(f"{key}={value}" for key, value in selection.items())

    response = client.get(f"/ar/initiatives/?{query}")

    assert facet_counts(response) == expected_facets(district, selection)


def test_facet_counts_are_shown_in_the_options(client, district):
    expected = expected_facets(district, {"commune": "commune-a"})
    names = dict(Commune.objects.values_list("slug", "name_ar"))

    page = Page(client.get("/ar/initiatives/?commune=commune-a"))

    options = page.options("f-commune")
    assert options.pop("") != ""
    # Each name isolated (FSI … PDI), so that a Latin name's brackets keep the count outside.
    assert options == {
        slug: f"\u2068{names[slug]}\u2069 ({n})" for slug, n in expected["commune"].items()
    }
    statuses = page.options("f-status")
    statuses.pop("")
    assert {value: text.rsplit(" ", 1)[1] for value, text in statuses.items()} == {
        value: f"({n})" for value, n in expected["status"].items()
    }
    assert page.one("option", value="commune-a").has(selected="")


# Bad input -------------------------------------------------------------------------------

EVERYTHING = {"school", "road", "clinic", "well", "youth", "lighting", "library"}


@pytest.mark.parametrize(
    "query",
    [
        "status=banana",
        "budget_min=-5",
        "budget_max=99999999999999999999",
        "budget_min=abc",
        "commune=nowhere",
        "commune=جماعة-لا-توجد",
        "commune=' OR '1'='1",
        "start_year=abc",
        "start_year=2023.5",
        "start_year=99999",
        "sort=zzz",
        "sort=name;DROP TABLE initiatives_initiative",
        "q=" + "x" * 10_000,
        "q=%00",
        "status=planned&status=zzz",
        "origin=%00",
        "commune=%00",
        "sector=roads%00",
        "partner=%00",
        "commune=commune-a&commune=commune-b",
        "late=on&late=",
        # Django's checkbox read any text but "false" as ticked: late=0 meant «late only».
        "late=0",
        "late=no",
        "late=off",
        "late=maybe",
    ],
)
def test_a_filter_not_understood_is_reported_and_left_out(client, district, query):
    response = client.get(f"/ar/initiatives/?{query}")

    assert response.status_code == 200
    assert Page(response).all("div", class_="form-errors")
    assert set(Page(response).initiative_slugs("ar")) == EVERYTHING


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=🏫🚰", set()),
        ("q=%01%02%1b%7f", set()),
        ("q=' OR 1=1 --", set()),
        ("q=%25", set()),
        ("q=_", set()),
        ("q=\u202eطريق", set()),
        ("page=abc", EVERYTHING),
        ("page=999", EVERYTHING),
        ("late=on&page=0", {"road"}),
        ("late=true", {"road"}),
        ("late=false", EVERYTHING),
        ("late=", EVERYTHING),
        ("commune=commune-b&commune=commune-b", {"road", "clinic", "lighting"}),
    ],
)
def test_unusual_input_gives_a_normal_page(client, district, query, expected):
    response = client.get(f"/ar/initiatives/?{query}")

    assert response.status_code == 200
    assert set(Page(response).initiative_slugs("ar")) == expected


@pytest.mark.parametrize(
    "query, chosen",
    [
        ("", None),
        ("page=2&sort=budget", None),
        ("commune=commune-a", 1),
        ("commune=commune-a&late=on&page=2", 2),
    ],
)
def test_the_filters_stay_folded_above_the_results_saying_how_many_are_chosen(
    client, district, query, chosen
):
    """On a phone an open panel pushes the results two screens down: it is folded whatever
    the address, its summary counting the filters in use (the stylesheet shows it on a screen
    wide enough to show it beside the results)."""
    page = Page(client.get(f"/en/initiatives/?{query}"))

    panel = page.one("details", class_="filters")
    assert not panel.has(open="")
    summary = page.one("summary").text
    if chosen is None:
        assert "chosen" not in summary
    else:
        assert f"({chosen} chosen)" in summary


def test_a_filter_given_twice_with_different_values_is_named_not_silently_dropped(client, district):
    errors = Page(client.get("/en/initiatives/?commune=commune-a&commune=commune-b")).one(
        "div", class_="form-errors"
    )

    assert "Commune: Given twice, with different values: choose one." in errors.text


def test_the_filters_open_to_show_a_filter_not_understood(client, district):
    page = Page(client.get("/en/initiatives/?budget_min=abc"))

    assert page.one("details", class_="filters").has(open="")


@pytest.mark.parametrize("query", ["budget_max=999999999999999", "budget_min=1e400"])
def test_an_amount_too_large_is_said_plainly_once(client, district, query):
    english = Page(client.get(f"/en/initiatives/?{query}")).one("div", class_="form-errors").text
    arabic = Page(client.get(f"/ar/initiatives/?{query}")).one("div", class_="form-errors").text

    assert english.count("This amount is too large") == 1
    assert "1e+50" not in english and "digits" not in english
    assert "أرقام لا أكثر" not in arabic


def test_each_visit_gets_its_own_filters_in_its_own_language(client, district):
    """The filters' form class is made once for every visit: a visit's errors and language
    stay its own."""
    wrong = Page(client.get("/fr/initiatives/?budget_min=abc"))
    arabic = Page(client.get("/ar/initiatives/"))
    french = Page(client.get("/fr/initiatives/?budget_min=12"))

    def label(page):
        return page.one("label", **{"for": "f-budget_min"}).text

    assert wrong.all("div", class_="form-errors")
    assert not arabic.all("div", class_="form-errors")
    assert not french.all("div", class_="form-errors")
    assert label(arabic) == "الميزانية من (درهم)"
    assert label(french) == label(wrong) == "Budget à partir de (DH)"
    assert french.one("input", id="f-budget_min").attrs["value"] == "12"
    assert arabic.one("input", id="f-budget_min").attrs["value"] == ""
