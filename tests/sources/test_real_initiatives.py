"""The portal starts with the district's real initiatives, each traceable to its sources."""

import csv
import datetime
import io
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from communes.models import Commune
from initiatives.management.commands.load_initiatives import DATA_FILE
from initiatives.models import Funding, Initiative, Partner, Sector
from sources.models import Source
from tests.public.pages import Page

DATA = json.loads(DATA_FILE.read_text(encoding="utf-8"))["initiatives"]


def load(command: str) -> str:
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


@pytest.fixture
def real(db):
    load("load_district")
    load("load_initiatives")


def counts():
    return [
        model.objects.count()
        for model in (Initiative, Sector, Partner, Source, Funding, Initiative.communes.through)
    ]


def test_loading_twice_changes_nothing(real):
    before = counts()
    assert "nothing to do" in load("load_initiatives")
    assert counts() == before


def test_a_portal_loaded_before_the_notes_on_dates_gets_them_where_the_date_is_unchanged(real):
    blank = {"status_as_of_note_ar": "", "status_as_of_note_fr": "", "status_as_of_note_en": ""}
    Initiative.objects.update(**blank)
    changed = Initiative.objects.get(slug="bab-jiaf-rampart-rebuild")
    changed.status_as_of = datetime.date(2013, 6, 1)  # the bureau's correction
    changed.save()

    output = load("load_initiatives")

    noted = Initiative.objects.exclude(status_as_of_note_en="")
    assert "ramparts-emergency-plan" in {initiative.slug for initiative in noted}
    assert "bab-jiaf-rampart-rebuild" not in {initiative.slug for initiative in noted}
    assert f"{noted.count()} notes on status dates" in output
    assert noted.count() == sum(1 for item in DATA if item.get("status_as_of_note")) - 1
    assert "nothing to do" in load("load_initiatives")


def test_a_portal_loaded_before_the_funders_amounts_gets_them_where_none_was_entered(real):
    region = Funding.objects.get(
        initiative__slug="azemmour-wastewater-plant", partner__slug="region-casablanca-settat"
    )
    region.amount = None  # as loaded before the data gave it
    region.save()
    region.sources.clear()

    output = load("load_initiatives")

    region.refresh_from_db()
    assert region.amount == 29_000_000
    assert [source.url for source in region.sources.all()] == [
        "https://ar.le360.ma/economie/VLOBPO5KYJDIZDWY2QCZRPBQD4"
    ]
    assert "1 funders' amounts" in output
    assert "nothing to do" in load("load_initiatives")


def test_a_funders_amount_the_bureau_entered_is_kept(real):
    region = Funding.objects.get(
        initiative__slug="azemmour-wastewater-plant", partner__slug="region-casablanca-settat"
    )
    region.amount = 31_000_000  # the bureau's figure, from a newer source
    region.save()

    assert "nothing to do" in load("load_initiatives")
    region.refresh_from_db()
    assert region.amount == 31_000_000


def test_the_real_initiatives_need_the_communes_first(db):
    with pytest.raises(Exception, match="load_district"):
        load("load_initiatives")


def test_the_24_initiatives_are_loaded_with_their_communes(real):
    assert Initiative.objects.count() == len(DATA) == 24
    for item in DATA:
        initiative = Initiative.objects.get(slug=item["slug"])
        assert sorted(initiative.communes.values_list("slug", flat=True)) == sorted(
            item["communes"]
        )
        assert initiative.status == item["status"]
        assert initiative.is_published and not initiative.is_demo


def test_a_shared_initiative_appears_once_on_each_of_its_commune_pages(real, client):
    shared = next(item for item in DATA if len(item["communes"]) == 3)
    initiative = Initiative.objects.get(slug=shared["slug"])
    for slug in shared["communes"]:
        response = client.get(f"/ar/communes/{slug}/")
        listed = [item for _v, _l, group, _n in response.context["listed"] for item in group]
        assert listed.count(initiative) == 1
        in_commune = sum(1 for item in DATA if slug in item["communes"])
        assert response.context["figures"]["count"] == in_commune


def test_every_real_initiative_shows_its_sources(real, client):
    for item in DATA:
        response = client.get(f"/fr/initiatives/{item['slug']}/")
        html = response.content.decode()
        assert response.status_code == 200
        assert item["sources"], item["slug"]
        for source in item["sources"]:
            if source.get("url"):
                assert f'href="{source["url"]}"'.replace("&", "&amp;") in html


def test_status_as_of_is_dated_with_the_months_of_morocco(real, client):
    lighting = Initiative.objects.get(slug="rn1-street-lighting")
    assert lighting.status_as_of.month == 11  # the source is of November 2021

    html = client.get(f"/ar/initiatives/{lighting.slug}/").content.decode()

    assert "نونبر 2021" in html
    assert "نوفمبر" not in html


def test_a_progress_a_source_gives_is_recorded_with_its_date(real, client):
    # "About 85% complete in October 2025", in the plant's summary and in its key facts.
    plant = Initiative.objects.get(slug="azemmour-wastewater-plant")
    assert plant.progress == 85
    assert (plant.status_as_of.year, plant.status_as_of.month) == (2025, 10)

    html = client.get(f"/en/initiatives/{plant.slug}/").content.decode()

    assert "Progress in percent: not recorded." not in html
    assert '<progress max="100" value="85"' in html
    # The others give no percentage: none is invented.
    assert set(
        Initiative.objects.exclude(status=Initiative.Status.COMPLETED)
        .exclude(progress=None)
        .values_list("slug", flat=True)
    ) == {plant.slug}


@pytest.mark.parametrize(
    "language, note",
    [
        ("ar", "أكتوبر 2025 أو بعده"),
        ("fr", "octobre 2025 ou après"),
        ("en", "October 2025 or later"),
    ],
)
def test_a_sources_note_on_its_date_is_in_the_pages_language(real, client, language, note):
    html = client.get(f"/{language}/initiatives/azemmour-wastewater-plant/").content.decode()

    assert f"<bdi>{note}</bdi>" in html
    if language != "fr":
        assert "ou après" not in html and "non vue" not in html


def test_a_source_whose_date_has_a_note_gives_its_date_once_after_an_arabic_comma(real, client):
    """The note says what the source says of its date, the date included: it stands for
    the date instead of repeating it in brackets."""
    html = client.get("/ar/initiatives/azemmour-wastewater-plant/").content.decode()
    sources = html[
        html.index('<ol class="sources">') : html.index("</ol>", html.index('class="sources"'))
    ]

    assert "</bdi>، " in sources
    assert "</bdi>," not in sources
    assert "(<bdi>" not in sources
    assert sources.count("أكتوبر 2025") == 1


def test_each_wording_of_the_budget_is_isolated_in_its_own_language(real, client):
    """Arabic and French wordings laid out as one isolated line were reordered as one
    right-to-left run, figures landing beside the wrong source names."""
    page = Page(client.get("/fr/initiatives/azemmour-wastewater-plant/"))

    quoted = [b for b in page.all("bdi") if b.attrs.get("dir") == "auto" and b.attrs.get("lang")]
    assert [(b.text, b.attrs["lang"]) for b in quoted] == [
        ("142,1 مليون درهم", "ar"),
        # Tied to the words they quote by narrow no-break spaces.
        ("«\u202f14 مليار سنتيم\u202f» (eljadida24)", "ar"),
        ("130 مليون درهم dont 29 MDH de la Région (le360)", "ar"),
    ]


# What the French notes say of a figure: an amount not believable for a bridge, customs
# duties, an amount unknown, a cost not given.
FRENCH_REMARKS = ("montant invraisemblable", "droits de douane", "Montant et dates", "non indiqué")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_sources_wording_holds_quotations_not_the_researchers_french_notes(
    real, client, language
):
    """What explains a figure (an amount that is wrong in its source, customs duties that
    are not the cost) is in the notes, in the page's language."""
    french_notes = [item["notes"]["fr"] for item in DATA]
    for note in FRENCH_REMARKS:
        assert any(note in notes for notes in french_notes), note
    for item in DATA:
        html = client.get(f"/{language}/initiatives/{item['slug']}/").content.decode()
        for note in FRENCH_REMARKS:
            assert note not in html, (item["slug"], note)


def test_a_disagreement_between_sources_is_shown(real, client):
    item = next(item for item in DATA if item["disagreement"])
    with translation.override("fr"):
        html = client.get(f"/fr/initiatives/{item['slug']}/").content.decode()
    assert item["disagreement"]["fr"].replace("'", "&#x27;").replace('"', "&quot;") in html


def test_confidence_is_stated_and_explained(real, client):
    item = next(item for item in DATA if item["confidence"] == "low")
    html = client.get(f"/en/initiatives/{item['slug']}/").content.decode()
    assert "Confidence in these facts: low" in html


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_an_uncertain_status_date_says_what_is_uncertain_beside_it(real, client, language):
    """The source of the ramparts' collapse gives December without a year: 2016 is
    inferred, and the page must not state it as known."""
    item = next(item for item in DATA if item["slug"] == "ramparts-emergency-plan")
    page = Page(client.get(f"/{language}/initiatives/ramparts-emergency-plan/"))

    note = page.one("p", class_="as-of-note").text
    assert " ".join(item["status_as_of_note"][language].split()) in " ".join(note.split())


def test_the_downloads_carry_the_confidence_and_the_disagreement_of_the_sources(real, client):
    item = next(item for item in DATA if item["slug"] == "azemmour-wastewater-plant")
    rows = {
        row["slug"]: row
        for row in csv.DictReader(io.StringIO(streamed(client.get("/fr/initiatives/export.csv"))))
    }
    listed = {
        entry["slug"]: entry
        for entry in client.get("/api/v1/initiatives/?lang=fr&page_size=100").json()["results"]
    }

    for found in (rows[item["slug"]], listed[item["slug"]]):
        assert found["confidence"] == item["confidence"]
        assert found["budget_wording"]
    assert rows[item["slug"]]["disagreement_fr"] == item["disagreement"]["fr"]
    assert listed[item["slug"]]["disagreement"] == item["disagreement"]["fr"]
    assert rows["ramparts-emergency-plan"]["status_as_of_note_en"].startswith(
        "The source gives December without a year"
    )


def test_an_old_source_is_flagged_as_not_verified_since(real, client):
    html = client.get("/en/initiatives/bab-jiaf-rampart-rebuild/").content.decode()
    assert "Not verified since" in html


def test_an_initiative_without_source_says_so(client, make_initiative):
    initiative = make_initiative(is_published=True)
    html = client.get(f"/en/initiatives/{initiative.slug}/").content.decode()
    assert "No source is recorded for this initiative yet" in html


def test_unknown_budget_shares_are_never_invented(real, client):
    funded = Funding.objects.filter(amount__isnull=True).select_related("initiative").first()
    html = client.get(f"/en/initiatives/{funded.initiative.slug}/").content.decode()
    table = re.search(r"<table class=\"fundings\">.*?</table>", html, re.S).group(0)
    assert "no amount recorded" in table
    assert "%" not in table


def test_a_funders_amount_a_source_gives_is_shown_without_a_share_of_unknowns(real, client):
    """The Region's 29 million dirhams for the wastewater plant, according to le360; the
    other funders' amounts are not published, so no share of the whole can be worked out."""
    html = client.get("/en/initiatives/azemmour-wastewater-plant/").content.decode()
    table = re.search(r"<table class=\"fundings\">.*?</table>", html, re.S).group(0)
    region = Funding.objects.get(
        initiative__slug="azemmour-wastewater-plant", partner__slug="region-casablanca-settat"
    )

    assert region.amount == 29_000_000
    assert [source.url for source in region.sources.all()] == [
        "https://ar.le360.ma/economie/VLOBPO5KYJDIZDWY2QCZRPBQD4"
    ]
    assert "29,000,000" in table.replace("\u202f", ",").replace("\xa0", ",")
    assert "%" not in table


def test_demo_initiatives_stay_out_when_the_demo_flag_is_off(real, client, settings):
    settings.DEMO_DATA = False
    call_command("seed_demo", initiatives=30, stdout=StringIO())
    demo = Initiative.objects.filter(is_demo=True, is_published=True).first()

    assert client.get(f"/ar/initiatives/{demo.slug}/").status_code == 404
    listed = client.get("/ar/initiatives/").context["page"].paginator.count
    assert listed == Initiative.objects.filter(is_demo=False, is_published=True).count()
    home = client.get("/ar/").context["figures"]["count"]
    assert home == listed
    commune = Commune.objects.get(slug="azemmour")
    page = client.get(f"/ar/communes/{commune.slug}/").content.decode()
    assert "demo-" not in page


def test_demo_initiatives_carry_a_label_and_a_banner_when_shown(real, client, settings):
    settings.DEMO_DATA = True
    call_command("seed_demo", initiatives=5, stdout=StringIO())
    demo = Initiative.objects.filter(is_demo=True, is_published=True).first()

    html = client.get(f"/en/initiatives/{demo.slug}/").content.decode()

    assert 'class="demo-banner"' in html
    assert 'class="badge demo"' in html


def test_no_progress_is_given_that_no_source_gives(real, client):
    # The building stands, but the source says it could not yet take pupils.
    school = Initiative.objects.get(slug="ouled-rahmoune-middle-school")
    assert school.status == Initiative.Status.COMPLETED
    assert school.progress is None

    page = client.get("/en/communes/ouled-rahmoune/")
    assert page.context["figures"]["mean_progress"] is None
    assert re.search(r"<dt>Mean progress</dt><dd>\s*—\s*</dd>", page.content.decode())


def test_a_portal_loaded_with_an_unsourced_100_percent_loses_it_unless_staff_set_it(
    real, django_user_model
):
    completed = Initiative.objects.filter(status=Initiative.Status.COMPLETED)
    completed.update(progress=100)  # what earlier versions loaded
    confirmed = Initiative.objects.get(slug="azemmour-central-hospital")
    confirmed._history_user = django_user_model.objects.create_user("bureau")
    confirmed.save()  # a staff member's edit: the figure has its own story

    output = load("load_initiatives")

    progress = dict(completed.values_list("slug", "progress"))
    assert progress.pop("azemmour-central-hospital") == 100
    assert set(progress.values()) == {None}
    assert f"{len(progress)} unsourced progress figures removed" in output
    assert "nothing to do" in load("load_initiatives")


def test_a_note_on_a_status_date_is_shown_when_the_date_itself_is_unknown(real, client):
    bridge = Initiative.objects.get(slug="old-bridge-repair")
    assert bridge.status_as_of is None

    html = client.get(f"/en/initiatives/{bridge.slug}/").content.decode()

    assert "Date of this status:" in html
    assert "The article&#x27;s date was not seen." in html


def test_an_announced_start_of_a_planned_initiative_is_called_planned(real, client):
    road = Initiative.objects.get(slug="r320-road-upgrade")
    assert road.status == Initiative.Status.PLANNED and road.start_date

    html = client.get(f"/en/initiatives/{road.slug}/").content.decode()

    assert "<dt>Planned start</dt>" in html
    assert "<dt>Start</dt>" not in html
