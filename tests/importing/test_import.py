"""The import: rows become initiatives and fundings, all of them or none."""

import datetime
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from initiatives.importing import initiatives_import, read_table
from initiatives.models import Funding, Initiative, Partner, Sector
from search.models import Document
from search.query import parse, search
from tests.helpers import in_arabic, violation_in_arabic
from tests.importing.sample import csv_bytes, rows
from workflow.states import State

HEADER = ["المرجع", "العنوان بالعربية", "الملخص بالعربية", "الجماعات", "القطاع"]


def run(content: bytes, *, language="ar", **options):
    with translation.override(language):
        return initiatives_import(table=read_table(content), **options)


def utf8(*lines: str, bom=False) -> bytes:
    return ("\ufeff" if bom else "").encode() + ("\r\n".join(lines) + "\r\n").encode()


def test_an_excel_file_in_windows_1256_imports_right(district):
    # 500 rows go through the admin page in test_admin.py; here each value is checked.
    made = rows(
        60,
        communes=["ازمور", "Haouzia", "سيدي علي بنحمدوش"],
        sectors=["الماء والتطهير", "Routes"],
        partners=["INDH", "المكتب الوطني للكهرباء والماء الصالح للشرب"],
    )
    content = csv_bytes(made, encoding="cp1256", delimiter=";")

    report = run(content)

    assert report.rejected == []
    assert report.counts["create"] == 60
    assert Initiative.objects.count() == 60
    first = Initiative.objects.get(slug="imp-00001")
    assert first.title_ar == "تأهيل المسلك القروي رقم 1"
    assert first.title_fr == "Réhabilitation de la piste rurale n° 1"
    assert first.planned_budget == Decimal("200000")  # "200.000"
    assert first.spent_amount == Decimal("100000")  # "100 000"
    assert first.start_date == datetime.date(2023, 2, 2)  # "02/02/2023"
    assert first.communes.get() == district["haouzia"]
    assert first.state == State.DRAFT
    assert first.fundings.get().partner == district["onee"]
    assert Funding.objects.count() == 60


def test_arabic_indic_digits_and_grouped_amounts(district):
    content = utf8(
        ",".join(
            [*HEADER, "الحالة", "نسبة الإنجاز", "الميزانية المتوقعة", "تاريخ البداية", "التمويلات"]
        ),
        'r-1,تأهيل ٣ كلم,ملخص,أزمور,الطرق,متعثرة,٤٥٪,"١٬٢٥٠٬٠٠٠",١٥/٠٣/٢٠٢٤,"INDH: 1.250.000"',
    )

    run(content)

    initiative = Initiative.objects.get(slug="r-1")
    assert initiative.title_ar == "تأهيل 3 كلم"  # Morocco writes Western digits
    assert (initiative.progress, initiative.planned_budget) == (45, Decimal("1250000"))
    assert initiative.start_date == datetime.date(2024, 3, 15)
    assert initiative.fundings.get().amount == Decimal("1250000")


@pytest.mark.parametrize("bom", [False, True])
def test_utf8_with_or_without_a_byte_order_mark(district, bom):
    content = utf8(",".join(HEADER), "r-1,طريق,ملخص,أزمور,الطرق", bom=bom)

    report = run(content)

    assert report.counts["create"] == 1
    assert Initiative.objects.get().title_ar == "طريق"


def test_a_semicolon_separated_file_in_french(district):
    content = utf8(
        "référence;titre en arabe;résumé en arabe;communes;secteur;statut;budget prévu",
        "r-1;طريق;ملخص;Azemmour, Haouzia;Routes;en cours;1 250 000,50",
    )

    report = run(content, language="fr")

    assert report.rejected == []
    initiative = Initiative.objects.get()
    assert set(initiative.communes.all()) == {district["azemmour"], district["haouzia"]}
    assert initiative.status == Initiative.Status.IN_PROGRESS
    assert initiative.planned_budget == Decimal("1250000.50")


@pytest.mark.parametrize(
    "spelling, commune",
    [
        ("ازمور", "azemmour"),
        ("آزمور", "azemmour"),
        ("Azemmour", "azemmour"),
        ("AZEMOUR", "azemmour"),
        ("الجماعة الحضرية لأزمور", "azemmour"),
        ("حوزية", "haouzia"),
        ("Commune rurale de Haouzia", "haouzia"),
        ("سيدي علي بنحمدوش", "sidi-ali"),
        ("Sidi-Ali Ben Hamdouche", "sidi-ali"),
        ("sidi-ali-ben-hamdouch", "sidi-ali"),
    ],
)
def test_communes_are_found_by_any_of_their_spellings(district, spelling, commune):
    report = run(utf8(",".join(HEADER), f"r-1,طريق,ملخص,{spelling},الطرق"))

    assert report.rejected == []
    assert Initiative.objects.get().communes.get() == district[commune]


@pytest.mark.parametrize(
    "written, status",
    [
        ("منجزة", "completed"),
        ("achevée", "completed"),
        ("completed", "completed"),
        ("in_progress", "in_progress"),
        ("قيد الإنجاز", "in_progress"),
        ("Annulé", "cancelled"),
    ],
)
def test_statuses_in_any_of_the_three_languages(district, written, status):
    run(utf8(",".join([*HEADER, "status"]), f"r-1,طريق,ملخص,أزمور,الطرق,{written}"))

    assert Initiative.objects.get().status == status


def test_an_update_changes_only_the_cells_given_and_is_recorded_in_the_history(
    district, make_initiative, superuser
):
    initiative = make_initiative(
        slug="route-1",
        communes=[district["azemmour"]],
        sector=district["roads"],
        progress=10,
        planned_budget=Decimal("500000"),
        summary_ar="ملخص أصلي.",
    )
    content = utf8("reference,title_ar,progress,planned_budget,summary_ar", "route-1,,60%,,")

    report = run(content, user=superuser, reason="import: progress.csv")

    assert report.counts["update"] == 1
    [row] = report.rows
    assert [(c.label, c.old, c.new) for c in row.changes] == [("نسبة الإنجاز", "10%", "60%")]
    initiative.refresh_from_db()
    assert initiative.progress == 60
    assert initiative.planned_budget == Decimal("500000")  # empty cell: unchanged
    assert initiative.summary_ar == "ملخص أصلي."
    assert list(initiative.communes.all()) == [district["azemmour"]]
    latest = initiative.history.latest()
    assert latest.history_user == superuser
    assert latest.history_change_reason == "import: progress.csv"
    assert set(latest.diff_against(latest.prev_record).changed_fields) == {"progress"}


def test_the_preview_shows_old_and_new_values_and_the_fundings(district, make_initiative):
    initiative = make_initiative(
        slug="route-1", communes=[district["azemmour"]], status="planned", progress=None
    )
    Funding.objects.create(initiative=initiative, partner=district["indh"], amount=100000)
    content = utf8(
        "reference,status,communes,fundings",
        'route-1,منجزة,"أزمور، الحوزية","INDH: 150.000; ONEE: 20.000"',
    )

    report = run(content, dry_run=True)

    with translation.override("ar"):
        indh, onee = (
            translation.gettext("funding by %(partner)s") % {"partner": partner}
            for partner in (district["indh"], district["onee"])
        )
    assert [(c.label, c.old, c.new) for c in report.rows[0].changes] == [
        ("الحالة", "مبرمجة", "منجزة"),
        ("الجماعات", "أزمور", "أزمور، الحوزية"),
        (indh, "100.000", "150.000"),
        (onee, "—", "20.000"),
    ]
    initiative.refresh_from_db()
    assert initiative.status == "planned"  # a dry run writes nothing
    assert initiative.fundings.get().amount == Decimal("100000")


def test_fundings_of_partners_not_named_are_kept(district, make_initiative):
    initiative = make_initiative(slug="route-1", communes=[district["azemmour"]])
    Funding.objects.create(initiative=initiative, partner=district["indh"], amount=100000)

    run(utf8("reference,fundings", "route-1,ONEE: 20.000"))

    assert {(f.partner.slug, f.amount) for f in initiative.fundings.all()} == {
        ("indh", Decimal("100000")),
        ("onee", Decimal("20000")),
    }


def test_importing_the_same_file_twice_changes_nothing_the_second_time(district):
    content = utf8(
        ",".join([*HEADER, "status", "progress", "fundings"]),
        "r-1,طريق,ملخص,أزمور,الطرق,en cours,45,INDH: 1.000",
    )
    run(content)
    history = Initiative.objects.get().history.count()

    report = run(content)

    assert report.counts["unchanged"] == 1
    assert Initiative.objects.get().history.count() == history


def test_one_bad_row_writes_nothing_and_the_preview_names_it_in_arabic(district, make_initiative):
    make_initiative(slug="route-1", communes=[district["azemmour"]], progress=10)
    content = utf8(
        "المرجع,العنوان بالعربية,الملخص بالعربية,الجماعات,القطاع,الحالة,نسبة الإنجاز,"
        "الميزانية المتوقعة",
        "route-1,,,,,,50,",
        "new-1,طريق جديدة,ملخص,أزمور,الطرق,متعثرة,20,",
        "new-2,طريق أخرى,ملخص,أزمور,الطرق,متعثرة,20,-5",
    )

    report = run(content)

    assert not report.written
    assert Initiative.objects.count() == 1
    assert Initiative.objects.get().progress == 10
    [rejected] = report.rejected
    assert (rejected.line, rejected.reference) == (4, "new-2")
    negative = violation_in_arabic(Initiative, "initiative_planned_budget_not_negative")
    assert rejected.errors == [negative]  # the rule names its field itself
    assert [row.action for row in report.rows] == ["update", "create", "reject"]


def test_every_reason_of_a_rejected_row_is_given(district):
    content = utf8(
        "reference,title_ar,communes,sector,status,planned_budget,start_date,fundings",
        "r-1,,Casablanca,Pêche,peut-être,beaucoup,31/02/2024,Banque mondiale: 5",
    )

    report = run(content, language="en")

    errors = report.rows[0].errors
    assert errors[0].startswith("communes: no commune") and "«Casablanca»" in errors[0]
    assert errors[1] == "sector: «Pêche»: no sector of the portal has this name"
    assert [error.split(":")[0] for error in errors] == [
        "communes",
        "sector",
        "status",
        "planned budget",
        "start date",
        "fundings",
        "title in Arabic",  # the cells that could be read are validated too
        "summary in Arabic",
    ]


def test_a_new_initiative_needs_its_arabic_title_summary_commune_and_sector(district):
    report = run(utf8("reference,title_fr", "r-1,Route"), language="en")

    errors = report.rows[0].errors
    assert "communes: An initiative needs at least one commune." in errors
    assert any(error.startswith("title in Arabic:") for error in errors)
    assert any(error.startswith("summary in Arabic:") for error in errors)
    assert "sector: An initiative needs a sector." in errors


def test_reference_data_is_never_created(district):
    before = (Sector.objects.count(), Partner.objects.count())

    report = run(
        utf8(",".join([*HEADER, "fundings"]), "r-1,طريق,ملخص,أزمور,قطاع جديد,شريك جديد: 5")
    )

    assert len(report.rejected) == 1
    assert (Sector.objects.count(), Partner.objects.count()) == before


def test_a_reference_given_twice_is_refused_on_its_second_row(district):
    report = run(
        utf8(",".join(HEADER), "r-1,طريق,ملخص,أزمور,الطرق", "R-1 ,طريق,ملخص,أزمور,الطرق"),
        language="en",
    )

    assert [row.action for row in report.rows] == ["create", "reject"]
    assert report.rows[1].errors == ["The reference «r-1» is already used on row 2."]


def test_a_row_without_a_reference_is_refused(district):
    report = run(utf8(",".join(HEADER), ",طريق,ملخص,أزمور,الطرق"))

    assert report.rows[0].action == "reject"


def test_dates_keep_their_precision_and_their_order_is_checked(district):
    report = run(
        utf8(
            ",".join([*HEADER, "start_date", "planned_end_date"]),
            "r-1,طريق,ملخص,أزمور,الطرق,2024,06/2026",
            "r-2,طريق,ملخص,أزمور,الطرق,2024-05-01,2023-01-01",
        )
    )

    assert report.rows[0].action == "create"
    expected = violation_in_arabic(Initiative, "initiative_planned_end_after_start")
    assert any(expected in error for error in report.rows[1].errors)


def test_a_date_before_1956_is_refused_naming_its_column(district):
    report = run(
        utf8(",".join([*HEADER, "start_date"]), "r-1,طريق,ملخص,أزمور,الطرق,15/03/1924"),
        language="en",
    )

    assert report.rows[0].action == "reject"
    assert report.rows[0].errors == [
        "start date: «15/03/1924»: a date before 1956 is a typing error here: check the year"
    ]


def test_a_reference_in_arabic_is_refused_saying_which_letters_it_may_hold(district):
    report = run(utf8(",".join(HEADER), "طريق-أزمور,طريق,ملخص,أزمور,الطرق"), language="en")

    assert report.rows[0].action == "reject"
    (error,) = report.rows[0].errors  # and not Django's message about a "slug" too
    assert "«طريق-أزمور» can hold only Latin letters, digits and hyphens" in error
    assert not Initiative.objects.exists()


def test_a_correspondent_imports_only_into_their_communes(
    district, make_correspondent, make_initiative
):
    correspondent = make_correspondent(district["azemmour"])
    make_initiative(slug="in-haouzia", communes=[district["haouzia"]], status="in_progress")
    content = utf8(
        ",".join([*HEADER, "progress"]),
        "mine,طريق,ملخص,أزمور,الطرق,",
        "theirs,طريق,ملخص,الحوزية,الطرق,",
        "in-haouzia,,,,,50",
    )

    report = run(content, user=correspondent)

    assert [row.action for row in report.rows] == ["create", "reject", "reject"]
    assert report.rows[1].errors == [
        in_arabic(
            "You may import only into your communes, not into %(communes)s.", communes="الحوزية"
        )
    ]
    assert report.rows[2].errors == [in_arabic("This initiative is in none of your communes.")]
    assert not Initiative.objects.filter(slug="mine").exists()  # all or nothing


def test_a_correspondent_may_not_take_an_initiative_from_another_commune(
    district, make_correspondent, make_initiative
):
    correspondent = make_correspondent(district["azemmour"])
    shared = make_initiative(
        slug="shared", communes=[district["azemmour"], district["haouzia"]], status="stalled"
    )
    content = utf8("reference,communes,progress", "shared,أزمور,60")

    report = run(
        utf8("reference,communes,progress", "shared,أزمور، الحوزية,50"), user=correspondent
    )
    assert report.rows[0].action == "update"  # naming both keeps both: allowed

    report = run(content, user=correspondent)

    assert report.rows[0].errors == [
        in_arabic("You may not remove this initiative from %(communes)s.", communes="الحوزية")
    ]
    assert set(shared.communes.all()) == {district["azemmour"], district["haouzia"]}


def test_a_row_whose_status_and_progress_disagree_is_refused_with_the_rule(district):
    content = utf8(
        ",".join([*HEADER, "الحالة", "نسبة الإنجاز"]),
        "r-1,طريق,ملخص,أزمور,الطرق,منجزة,40",
        "r-2,طريق,ملخص,أزمور,الطرق,مبرمجة,90",
    )

    report = run(content)

    assert not report.written and not Initiative.objects.exists()
    assert [row.errors for row in report.rejected] == [
        [unescape(violation_in_arabic(Initiative, "initiative_completed_at_100"))],
        [unescape(violation_in_arabic(Initiative, "initiative_not_started_at_0"))],
    ]


def test_a_correspondent_may_not_change_a_published_initiative_by_import(
    district, make_correspondent, make_initiative
):
    """What the public reads was reviewed by the bureau: an author's workbook changes
    drafts, and a published initiative only where it changes nothing."""
    correspondent = make_correspondent(district["azemmour"])
    make_initiative(
        slug="published",
        communes=[district["azemmour"]],
        status="in_progress",
        progress=20,
        is_published=True,
    )
    make_initiative(
        slug="published-too",
        communes=[district["azemmour"]],
        status="in_progress",
        is_published=True,
    )
    make_initiative(slug="draft", communes=[district["azemmour"]], status="in_progress")
    content = utf8(
        ",".join([*HEADER, "progress"]),
        "published,,,,,50",
        "draft,,,,,50",
        "published-too,,,,,150",  # a value refused too: the lock is said first
    )

    report = run(content, user=correspondent, language="en")

    assert [row.action for row in report.rows] == ["reject", "update", "reject"]
    for row in (report.rows[0], report.rows[2]):
        assert row.errors[0].startswith("This initiative is published: only the bureau")
    assert Initiative.objects.get(slug="published").progress == 20


def test_a_row_that_breaks_two_rules_is_refused_with_both(district):
    content = utf8(
        ",".join([*HEADER, "الحالة", "نسبة الإنجاز", "start_date", "planned_end_date"]),
        "r-1,طريق,ملخص,أزمور,الطرق,منجزة,40,2024-05-01,2023-01-01",
    )

    [row] = run(content).rows

    assert row.action == "reject"
    for name in ("initiative_completed_at_100", "initiative_planned_end_after_start"):
        expected = unescape(violation_in_arabic(Initiative, name))
        assert any(expected in error for error in row.errors), name


def test_imported_initiatives_and_the_updates_of_a_renamed_one_are_found_by_search(
    district, make_initiative, make_update
):
    initiative = make_initiative(
        slug="route-1", communes=[district["azemmour"]], sector=district["roads"], is_published=True
    )
    update = make_update(initiative=initiative, is_published=True)
    content = utf8(
        "reference,title_ar,title_fr,summary_ar,communes,sector",
        "route-1,محطة تحلية مياه البحر,Station de dessalement,,,",
        "r-2,بناء قنطرة على الواد,Construction d'un pont,ملخص,أزمور,الطرق",
    )

    report = run(content)

    assert report.written
    found = set(search(parse("تحلية")).values_list("kind", "object_id"))
    assert {("initiative", initiative.pk), ("update", update.pk)} <= found
    bridge = Initiative.objects.get(slug="r-2")  # a draft: indexed, not yet public
    assert Document.objects.filter(kind="initiative", object_id=bridge.pk, is_public=False)


def test_an_imports_queries_grow_by_at_most_32_a_row(district):
    """Each row's constraints are checked in one query, its search documents written once
    at the end: some 30 queries a row, not a hundred (a file of the admin's largest size
    must be read and written within the app server's 30 s)."""

    def queries(n: int) -> int:
        made = rows(n, communes=["ازمور"], sectors=["الطرق"], partners=["INDH"])
        with CaptureQueriesContext(connection) as captured:
            report = run(csv_bytes(made))
        assert report.written
        Initiative.objects.all().delete()
        return len(captured)

    assert queries(20) - queries(10) <= 32 * 10
