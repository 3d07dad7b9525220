"""The figures a journalist quotes match the records: programmes, communes, the district."""

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from azemmour_portal.templatetags.portal import number
from initiatives import tallies
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative
from tests.public.pages import Page

Status = Initiative.Status


def section(html: str, title_id: str) -> str:
    match = re.search(rf'<section aria-labelledby="{title_id}">(.*?)</section>', html, re.S)
    assert match, f"no section {title_id}"
    return match.group(1)


@pytest.fixture
def programme(make_commune, make_initiative):
    commune = make_commune()
    parent = make_initiative(communes=[commune], is_published=True)
    children = [
        make_initiative(
            communes=[commune],
            parent=parent,
            planned_budget=Decimal(budget),
            progress=progress,
            is_published=True,
        )
        for budget, progress in ((100, 100), (300, 0))
    ]
    hidden = make_initiative(
        communes=[commune],
        parent=parent,
        title_ar="مشروع فرعي غير منشور",
        planned_budget=Decimal(600),
        progress=100,
    )
    return SimpleNamespace(parent=parent, children=children, hidden=hidden)


def test_programme_progress_is_weighted_by_the_published_projects_budgets(client, programme):
    expected = sum(c.progress * c.planned_budget for c in programme.children) / sum(
        c.planned_budget for c in programme.children
    )

    response = client.get(f"/ar/initiatives/{programme.parent.slug}/")

    assert expected == 25
    assert response.context["programme_progress"] == pytest.approx(25)
    projects = section(response.content.decode(), "children-title")
    assert "<bdi>25%</bdi>" in projects


@pytest.mark.parametrize(
    "language",
    ["ar", "fr", "en"],
)
def test_programme_progress_bar_carries_a_machine_readable_value(client, programme, language):
    response = client.get(f"/{language}/initiatives/{programme.parent.slug}/")

    bars = Page(response).within("progress", ("section", {"aria_labelledby": "children-title"}))
    assert len(bars) == 1
    assert re.fullmatch(r"\d+(\.\d+)?", bars[0].attrs["value"])
    assert float(bars[0].attrs["value"]) == 25


def test_programme_lists_only_its_published_projects(client, programme):
    response = client.get(f"/fr/initiatives/{programme.parent.slug}/")

    page = Page(response)
    listed = page.initiative_slugs(
        "fr", container=("section", {"aria_labelledby": "children-title"})
    )
    assert sorted(listed) == sorted(child.slug for child in programme.children)
    assert programme.hidden.title_ar not in response.content.decode()
    assert "25\xa0%" in section(response.content.decode(), "children-title")


@pytest.fixture
def communes(make_commune, make_sector, make_initiative):
    """Two communes; an initiative spans both; a draft in the first must change nothing."""
    first, second, empty = make_commune(), make_commune(), make_commune()
    education, water = make_sector(), make_sector()
    past = timezone.localdate() - datetime.timedelta(days=5)
    rows = [
        # communes, sector, status, budget, progress, planned end
        ([first], education, Status.COMPLETED, 200_000, 100, None),
        ([first], education, Status.IN_PROGRESS, 300_000, 40, past),
        ([first], water, Status.PLANNED, None, 0, None),
        ([first, second], water, Status.COMPLETED, 500_000, 100, None),
        ([second], education, Status.STALLED, 250_000, 10, None),
    ]
    initiatives = [
        make_initiative(
            communes=places,
            sector=sector,
            status=status,
            planned_budget=None if budget is None else Decimal(budget),
            progress=progress,
            planned_end_date=end,
            is_published=True,
        )
        for places, sector, status, budget, progress, end in rows
    ]
    make_initiative(
        communes=[first],
        sector=education,
        status=Status.COMPLETED,
        planned_budget=Decimal(5_000_000),
        progress=100,
        planned_end_date=past,
    )
    return SimpleNamespace(
        first=first, second=second, empty=empty, initiatives=initiatives, sectors=[education, water]
    )


def expected_figures(initiatives):
    budgets = [i.planned_budget for i in initiatives if i.planned_budget is not None]
    completed = [
        i.planned_budget for i in initiatives if i.status == Status.COMPLETED and i.planned_budget
    ]
    return {
        "count": len(initiatives),
        "planned": sum(budgets),
        "execution_rate": 100 * sum(completed) / sum(budgets),
        "mean_progress": sum(i.progress for i in initiatives) / len(initiatives),
    }


@pytest.mark.parametrize("which", ["first", "second"])
def test_commune_figures_match_its_published_initiatives(client, communes, which):
    commune = getattr(communes, which)
    mine = [i for i in communes.initiatives if commune in i.communes.all()]
    expected = expected_figures(mine)

    response = client.get(f"/ar/communes/{commune.slug}/")

    figures = response.context["figures"]
    assert figures["count"] == expected["count"]
    assert figures["planned"] == expected["planned"]
    assert float(figures["execution_rate"]) == pytest.approx(float(expected["execution_rate"]))
    assert float(figures["mean_progress"]) == pytest.approx(expected["mean_progress"])
    shown = Page(response).within("bdi", ("dl", {"class_": "figures"}))
    amount = f"{expected['planned']:,}".replace(",", ".") + " درهم"
    assert [bdi.text for bdi in shown][:3] == [
        str(expected["count"]),
        amount,
        f"{round(expected['execution_rate'])}%",
    ]


def test_commune_figures_by_status_and_sector_match_its_initiatives(client, communes):
    mine = [i for i in communes.initiatives if communes.first in i.communes.all()]

    response = client.get(f"/ar/communes/{communes.first.slug}/")

    by_status = {value: rest for value, _label, *rest in response.context["by_status"]}
    for status in Status.values:
        rows = [i for i in mine if i.status == status]
        budgets = [i.planned_budget for i in rows if i.planned_budget is not None]
        assert by_status[status] == [len(rows), sum(budgets) if budgets else None, len(budgets)]
    by_sector = {s.slug: (s.n, s.planned) for s in response.context["by_sector"]}
    assert by_sector == {
        sector.slug: (
            len([i for i in mine if i.sector == sector]),
            sum(i.planned_budget or 0 for i in mine if i.sector == sector),
        )
        for sector in communes.sectors
    }


def test_late_list_of_a_commune_holds_its_late_initiatives(client, communes):
    today = timezone.localdate()
    late = [
        i.slug
        for i in communes.initiatives
        if communes.first in i.communes.all() and i.is_late(today)
    ]

    response = client.get(f"/ar/communes/{communes.first.slug}/")

    assert [i.slug for i in response.context["late"]] == late
    assert len(late) == 1


def test_a_late_end_known_only_to_the_year_is_shown_as_that_year(
    client, make_commune, make_initiative
):
    commune = make_commune()
    make_initiative(
        communes=[commune],
        status=Status.STALLED,
        planned_end_date=datetime.date(2017, 1, 1),
        planned_end_precision="year",
        is_published=True,
    )

    page = Page(client.get(f"/ar/communes/{commune.slug}/"))
    item = page.one("section", **{"aria-labelledby": "late-title"}).text

    assert "2017" in item
    assert "يناير" not in item


@pytest.mark.parametrize("which", ["first", "second"])
def test_initiative_in_two_communes_appears_once_on_each_commune_page(client, communes, which):
    shared = communes.initiatives[3]
    commune = getattr(communes, which)

    page = Page(client.get(f"/ar/communes/{commune.slug}/"))

    linked = page.initiative_slugs("ar", container=("main", {}))
    assert linked.count(shared.slug) == 1


def test_communes_index_counts_and_totals_each_communes_published_initiatives(client, communes):
    response = client.get("/ar/communes/")

    shown = {c.slug: (c.initiative_count, c.planned_total) for c in response.context["communes"]}
    for commune in (communes.first, communes.second, communes.empty):
        mine = [i for i in communes.initiatives if commune in i.communes.all()]
        budgets = [i.planned_budget for i in mine if i.planned_budget is not None]
        assert shown[commune.slug] == (len(mine), sum(budgets) if budgets else None)


def test_home_figures_count_each_initiative_once(client, communes):
    response = client.get("/ar/")

    figures = response.context["figures"]
    assert figures["count"] == len(communes.initiatives)
    assert figures["planned"] == sum(i.planned_budget or 0 for i in communes.initiatives)
    counts = {c.slug: c.initiative_count for c in response.context["communes"]}
    assert counts[communes.first.slug] == 4
    assert counts[communes.second.slug] == 2


def test_the_district_share_completed_says_it_counts_initiatives_not_money(client, communes):
    """The commune pages give the share of the budget completed: the district's figure,
    a share of initiatives, must not read as the same measure."""
    completed = sum(1 for i in communes.initiatives if i.status == "completed")
    share = f"{round(100 * completed / len(communes.initiatives))}"

    assert figure(client.get("/en/"), "Initiatives completed").startswith(share)


def figure(response, term: str) -> str:
    """The text of the figure a <dl class="figures"> gives for a term."""
    html = response.content.decode()
    match = re.search(rf"<dt>{re.escape(term)}</dt><dd>(.*?)</dd>", section_of_figures(html), re.S)
    assert match, f"no figure {term!r}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def section_of_figures(html: str) -> str:
    match = re.search(r'<dl class="figures">(.*?)</dl>', html, re.S)
    assert match, "no figures"
    return match.group(1)


def test_a_sum_no_initiative_records_is_not_shown_as_zero_dirhams(
    client, make_commune, make_initiative
):
    commune = make_commune()
    make_initiative(communes=[commune], planned_budget=None, is_published=True)

    home = client.get("/en/")
    page = client.get(f"/en/communes/{commune.slug}/")
    sheet = client.get(f"/en/communes/{commune.slug}/fact-sheet/")

    assert figure(home, "Amount spent") == "no amount recorded"
    assert figure(home, "Planned budget") == "no amount recorded"
    assert figure(page, "Planned budget") == "no amount recorded"
    assert figure(sheet, "Amount spent") == "no amount recorded"
    assert "MAD\xa00" not in page.content.decode() + sheet.content.decode()


def table(response, caption: str) -> dict[str, list[str]]:
    """The rows of the table with that caption: first cell → the other cells' text."""
    html = response.content.decode()
    match = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", html, re.S)
    assert match, f"no table {caption!r}"
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S):
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row)
        ]
        if cells:
            rows[cells[0]] = cells[1:]
    return rows


def test_a_table_row_without_a_recorded_amount_says_so(client, make_commune, make_initiative):
    commune = make_commune()
    initiative = make_initiative(communes=[commune], planned_budget=None, is_published=True)
    with translation.override("en"):
        sector, planned, completed = (
            str(initiative.sector),
            str(Status.PLANNED.label),
            str(Status.COMPLETED.label),
        )

    page = client.get(f"/en/communes/{commune.slug}/")
    sheet = client.get(f"/en/communes/{commune.slug}/fact-sheet/")

    assert table(page, "By status")[planned] == ["1", "no amount recorded"]
    # No initiative: no amount to record either.
    assert table(page, "By status")[completed] == ["0", "—"]
    assert table(page, "By sector")[sector] == ["1", "no amount recorded"]
    assert table(sheet, "Initiatives by status")[planned] == ["1", "no amount recorded"]
    assert table(sheet, "Planned budget by sector")[sector] == [
        "1",
        "no amount recorded",
        "no amount recorded",
    ]


def test_a_known_spent_amount_is_shown_in_dirhams(client, make_commune, make_initiative):
    make_initiative(communes=[make_commune()], spent_amount=Decimal(75_000), is_published=True)

    assert figure(client.get("/en/"), "Amount spent") == (
        "MAD\xa075,000 (for 1 initiative whose spending is recorded)"
    )


@pytest.mark.parametrize("path", ["/en/", "/en/communes/{slug}/fact-sheet/"])
def test_an_amount_spent_says_how_many_initiatives_it_covers(
    client, make_commune, make_initiative, path
):
    commune = make_commune()
    for spent in ("40000", "60000", None):
        make_initiative(
            communes=[commune], spent_amount=Decimal(spent) if spent else None, is_published=True
        )

    response = client.get(path.format(slug=commune.slug))

    assert figure(response, "Amount spent") == (
        "MAD\xa0100,000 (for 2 initiatives whose spending is recorded)"
    )


def test_the_fact_sheet_tables_say_how_many_initiatives_each_amount_spent_covers(
    client, make_commune, make_sector, make_initiative
):
    commune, sector = make_commune(), make_sector()
    for spent in ("40000", "60000", None):
        make_initiative(
            communes=[commune],
            sector=sector,
            spent_amount=Decimal(spent) if spent else None,
            is_published=True,
        )
    with translation.override("en"):
        sector_name, commune_name = str(sector), str(commune)

    sheet = client.get(f"/en/communes/{commune.slug}/fact-sheet/")

    covered = "MAD\xa0100,000 (for 2 with a recorded amount spent)"
    assert table(sheet, "Planned budget by sector")[sector_name][2] == covered
    # Another commune's fact sheet: its table lists this one among the others.
    other = client.get(f"/en/communes/{make_commune().slug}/fact-sheet/")
    assert table(other, "Planned versus spent, commune by commune")[commune_name][1] == covered


def test_the_mean_progress_says_how_many_initiatives_it_is_taken_over(
    client, make_commune, make_initiative
):
    commune = make_commune()
    make_initiative(communes=[commune], progress=100, is_published=True)
    make_initiative(communes=[commune], progress=None, status=Status.STALLED, is_published=True)

    english = figure(client.get(f"/en/communes/{commune.slug}/"), "Mean progress")
    arabic = client.get(f"/ar/communes/{commune.slug}/")

    assert english == "100% (of 1 initiative whose progress is recorded)"
    with translation.override("ar"):
        one = translation.ngettext(
            "(of %(shown)s initiative whose progress is recorded)",
            "(of %(shown)s initiatives whose progress is recorded)",
            1,
        ) % {"shown": 1}
        term = translation.gettext("Mean progress")
    assert one != "(of 1 initiative whose progress is recorded)"
    assert figure(arabic, term).endswith(one)


def test_the_change_log_joins_its_counts_with_the_languages_comma(client, communes):
    arabic = client.get("/ar/changes/").content.decode()
    french = client.get("/fr/changes/").content.decode()

    status = re.search(r'<p role="status">(.*?)</p>', arabic, re.S).group(1)
    assert "، " in status and ", " not in status
    assert ", " in re.search(r'<p role="status">(.*?)</p>', french, re.S).group(1)


def test_the_communes_say_that_a_shared_initiative_counts_in_each(client, communes):
    # The initiative in both communes makes their counts add up to more than the district's.
    response = client.get("/en/communes/")
    counts = [c.initiative_count for c in response.context["communes"]]
    assert sum(counts) > len(communes.initiatives)

    for url in ("/en/communes/", "/en/"):
        html = client.get(url).content.decode()
        assert "counts in full in each of them" in html


@pytest.mark.parametrize(
    "language, month", [("ar", "دجنبر"), ("fr", "décembre"), ("en", "December")]
)
def test_a_commune_page_dates_its_figures_and_says_how_to_cite_them(
    client, communes, monkeypatch, language, month
):
    """A journalist quotes the page itself: its figures need a date and a citation."""
    counted = datetime.datetime(2026, 12, 3, 10, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: counted)
    page = Page(client.get(f"/{language}/communes/{communes.first.slug}/"))

    cite = page.one("footer", class_="cite")
    assert month in cite.text and "2026" in cite.text
    (time,) = page.within("time", ("footer", {"class_": "cite"}))
    assert time.attrs["datetime"] == "2026-12-03"
    assert "2026-12-03" in cite.text  # in the citation
    assert f"/{language}/communes/{communes.first.slug}/" in cite.text


@pytest.mark.parametrize(
    "path",
    ["/en/communes/{slug}/", "/en/communes/{slug}/fact-sheet/", "/en/communes/{slug}/embed/"],
)
def test_a_communes_planned_budget_says_how_many_initiatives_it_covers(
    client, make_commune, make_initiative, path
):
    commune = make_commune()
    for budget in ("1000000", "2500000", None):
        make_initiative(
            communes=[commune],
            planned_budget=Decimal(budget) if budget else None,
            is_published=True,
        )

    html = client.get(path.format(slug=commune.slug)).content.decode()

    assert re.search(
        r"MAD\xa03,500,000</bdi> <span class=\"muted\">\(for 2 initiatives whose budget is "
        r"recorded\)</span>",
        html,
    )


def test_the_districts_planned_budget_says_how_many_initiatives_it_covers(client, make_initiative):
    make_initiative(planned_budget=Decimal("1000000"), is_published=True)
    make_initiative(planned_budget=None, is_published=True)

    html = client.get("/en/").content.decode()

    assert "(for 1 initiative whose budget is recorded)" in html


def test_a_commune_page_counts_all_its_late_initiatives_not_only_those_listed(
    client, make_commune, make_initiative
):
    commune = make_commune()
    past = timezone.localdate() - datetime.timedelta(days=30)
    for _ in range(12):
        make_initiative(
            communes=[commune], status=Status.IN_PROGRESS, planned_end_date=past, is_published=True
        )
    # Past its end but done, or late but not published: not counted.
    make_initiative(
        communes=[commune], status=Status.COMPLETED, planned_end_date=past, is_published=True
    )
    make_initiative(communes=[commune], status=Status.STALLED, planned_end_date=past)
    late = Initiative.objects.published().in_commune(commune).late().count()

    response = client.get(f"/en/communes/{commune.slug}/")

    assert late == 12
    assert figure(response, "Late initiatives") == "12"
    listed = Page(response).within("li", ("section", {"aria_labelledby": "late-title"}))
    assert len(listed) == 10
    assert "See all 12 late initiatives" in section(response.content.decode(), "late-title")


def test_a_commune_page_with_few_late_initiatives_counts_them_and_links_to_them_all(
    client, communes
):
    response = client.get(f"/en/communes/{communes.first.slug}/")

    assert figure(response, "Late initiatives") == "1"
    late = section(response.content.decode(), "late-title")
    assert "All late initiatives" in late and "See all" not in late


def test_a_commune_page_without_late_initiatives_says_zero(client, communes):
    assert figure(client.get(f"/en/communes/{communes.second.slug}/"), "Late initiatives") == "0"


@pytest.fixture
def partly_budgeted(make_commune, make_sector, make_initiative):
    """A commune with three initiatives in progress, in one sector; two have a budget."""
    commune, sector = make_commune(), make_sector()
    for budget in ("1000000", "2500000", None):
        make_initiative(
            communes=[commune],
            sector=sector,
            status=Status.IN_PROGRESS,
            planned_budget=Decimal(budget) if budget else None,
            is_published=True,
        )
    with translation.override("en"):
        names = SimpleNamespace(
            commune=str(commune), sector=str(sector), status=str(Status.IN_PROGRESS.label)
        )
    return SimpleNamespace(commune=commune, names=names)


def test_a_commune_card_says_how_many_initiatives_its_planned_budget_covers(
    client, partly_budgeted
):
    page = Page(client.get("/en/communes/"))

    (card,) = [c for c in page.all("li", class_="card") if partly_budgeted.names.commune in c.text]
    assert (
        "3 initiatives · planned budget: MAD\xa03,500,000 "
        "(for 2 initiatives whose budget is recorded)" in card.text
    )


def test_the_commune_tables_say_how_many_initiatives_each_planned_budget_covers(
    client, make_commune, partly_budgeted
):
    commune, names = partly_budgeted.commune, partly_budgeted.names

    page = client.get(f"/en/communes/{commune.slug}/")
    sheet = client.get(f"/en/communes/{commune.slug}/fact-sheet/")

    covered = "MAD\xa03,500,000 (for 2 with a recorded budget)"
    assert table(page, "By status")[names.status] == ["3", covered]
    assert table(page, "By sector")[names.sector] == ["3", covered]
    assert table(sheet, "Initiatives by status")[names.status] == ["3", covered]
    assert table(sheet, "Planned budget by sector")[names.sector] == [
        "3",
        covered,
        "no amount recorded",
    ]
    # Another commune's fact sheet: its table lists this one among the others.
    other = client.get(f"/en/communes/{make_commune().slug}/fact-sheet/")
    assert table(other, "Planned versus spent, commune by commune")[names.commune] == [
        covered,
        "no amount recorded",
    ]


@pytest.fixture
def thousands(monkeypatch, partly_budgeted):
    """The figures of a commune with 1,245 initiatives (1,236 with a budget, 1,231 with a
    progress, all in progress), without making them: the tallies say so."""
    summary, communes = tallies.summary, tallies.communes

    def big_summary(*args, **kwargs):
        result = summary(*args, **kwargs)
        result["figures"] |= {
            "count": 1245,
            "planned_count": 1236,
            "mean_progress": 40,
            "progress_count": 1231,
        }
        result["statuses"][Status.IN_PROGRESS] = (1245, Decimal(3_500_000), 1236)
        return result

    def big_communes():
        result = communes()
        for commune in result:
            commune.initiative_count, commune.planned_count = 1245, 1236
        return result

    monkeypatch.setattr(tallies, "summary", big_summary)
    monkeypatch.setattr(tallies, "communes", big_communes)
    monkeypatch.setattr(InitiativeFilter, "count", lambda self, facets: 1245)
    return partly_budgeted


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_counts_in_sentences_are_grouped_as_the_figures_are(client, thousands, language):
    with translation.override(language):
        count, budgeted, with_progress = number(1245), number(1236), number(1231)
        name = str(thousands.commune)
    assert count != "1245"
    raw = re.compile(r"\b12(45|36|31)\b")

    commune = Page(client.get(f"/{language}/communes/{thousands.commune.slug}/"))
    communes = Page(client.get(f"/{language}/communes/"))
    home = Page(client.get(f"/{language}/"))
    listed = Page(client.get(f"/{language}/initiatives/"))

    figures = commune.one("dl", class_="figures").text
    assert f"{count} " in figures  # the headline count, grouped before
    assert f"{budgeted} " in figures and f"{with_progress} " in figures
    (group,) = [
        link.text
        for link in commune.within("a", ("section", {"aria_labelledby": "listed-title"}))
        if link.attrs["href"].endswith(f"status={Status.IN_PROGRESS}")
    ]
    assert f"{count} " in group  # "See all 1,245 initiatives"
    cards = [
        card.text
        for page in (communes, home)
        for card in page.all("li", class_="card")
        if name in card.text
    ]
    assert len(cards) == 2
    assert all(f"{count} " in card for card in cards)
    assert f"{budgeted} " in cards[0]
    counted = listed.one("p", class_="result-count").text
    assert f"{count} " in counted
    assert not [text for text in (figures, group, *cards, counted) if raw.search(text)]


def test_the_commune_filter_says_a_shared_initiative_counts_in_each(client, communes):
    page = Page(client.get("/en/initiatives/"))

    # The facet counts of the communes add up to more than the initiatives listed.
    options = page.options("f-commune")
    counts = [int(text.rsplit("(", 1)[1].rstrip(")")) for value, text in options.items() if value]
    assert sum(counts) > Initiative.objects.published().count()
    (note,) = [p for p in page.all("p", class_="muted") if p.inside("form")]
    assert note.text == (
        "An initiative that serves several communes counts in full in each of them, "
        "so the communes' figures add up to more than the district's."
    )


def test_an_initiatives_unknown_amounts_are_worded_as_everywhere_else(client, make_initiative):
    initiative = make_initiative(planned_budget=None, spent_amount=None, is_published=True)

    page = client.get(f"/en/initiatives/{initiative.slug}/")
    embed = client.get(f"/en/initiatives/{initiative.slug}/embed/")

    budget = section(page.content.decode(), "money-title")
    assert figure_in(budget, "Planned budget") == "no amount recorded"
    assert figure_in(budget, "Amount spent") == "no amount recorded"
    assert figure_in(embed.content.decode(), "Planned budget") == "no amount recorded"


def figure_in(html: str, term: str) -> str:
    """The text a <dl> gives for a term."""
    match = re.search(rf"<dt>{re.escape(term)}</dt><dd>(.*?)</dd>", html, re.S)
    assert match, f"no {term!r}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()
