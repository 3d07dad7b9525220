"""Files as Excel and volunteers save them: their encoding, delimiter and header are found."""

import io
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from initiatives.importing import ImportFileError, read_table, template_csv
from initiatives.importing.columns import COLUMNS, column_for

ROW = ["route-1", "تأهيل الطريق", "أزمور", "45%"]


def csv_text(header, *rows, delimiter=",", newline="\r\n") -> str:
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    return newline.join(lines) + newline


@pytest.mark.parametrize(
    "content, encoding",
    [
        (csv_text(["المرجع", "العنوان بالعربية", "الجماعات", "نسبة الإنجاز"], ROW), "utf-8"),
        (
            "\ufeff" + csv_text(["المرجع", "العنوان بالعربية", "الجماعات", "نسبة الإنجاز"], ROW),
            "utf-8-sig",
        ),
    ],
)
def test_utf8_with_or_without_a_byte_order_mark(content, encoding):
    table = read_table(content.encode("utf-8"))

    assert table.encoding == encoding
    assert table.values(table.rows[0][1])["title_ar"] == "تأهيل الطريق"
    assert set(table.columns) == {"reference", "title_ar", "communes", "progress"}


def test_windows_1256_from_an_arabic_excel():
    content = csv_text(["المرجع", "العنوان بالعربية", "titre en français"], [*ROW[:2], "été"])

    table = read_table(content.encode("cp1256"))

    assert table.encoding == "cp1256"
    assert table.values(table.rows[0][1]) == {
        "reference": "route-1",
        "title_ar": "تأهيل الطريق",
        "title_fr": "été",
    }


def test_windows_1252_from_a_french_excel():
    content = csv_text(["référence", "titre en français"], ["route-1", "École élargie"])

    table = read_table(content.encode("cp1252"))

    assert table.encoding == "cp1252"
    assert table.values(table.rows[0][1])["title_fr"] == "École élargie"


def test_a_utf8_file_with_a_broken_character_is_refused_not_read_as_windows_text():
    content = csv_text(["المرجع", "العنوان بالعربية"], ROW[:2], ["route-2", "بناء مدرسة"]).encode()
    # One byte of the second row's title lost: «بناء» cut in the middle of a letter.
    broken = content.replace("بناء".encode(), "بناء".encode()[:-1], 1)

    with translation.override("en"), pytest.raises(ImportFileError) as refused:
        read_table(broken)

    assert "Line 3" in str(refused.value) and "UTF-8" in str(refused.value)


def test_utf16_of_excels_unicode_text():
    content = csv_text(["reference", "title_ar"], ROW[:2], delimiter="\t")

    table = read_table(content.encode("utf-16"))

    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.values(table.rows[0][1])["title_ar"] == "تأهيل الطريق"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "؛"])
def test_the_delimiter_is_found(delimiter):
    content = csv_text(
        ["référence", "titre en arabe", "communes"],
        ["route-1", "طريق، قنطرة", "أزمور، الحوزية"],
        delimiter=delimiter,
    )

    table = read_table(content.encode())

    assert table.delimiter == delimiter
    assert table.values(table.rows[0][1])["communes"] == "أزمور، الحوزية"


def test_headers_in_any_language_case_or_spelling():
    header = ["REFERENCE", "Titre en Francais", "القطاع", "budget prévu", "Fundings", "التمويل"]

    assert [column_for(cell) for cell in header] == [
        "reference",
        "title_fr",
        "sector",
        "planned_budget",
        "fundings",
        "fundings",
    ]


def test_every_name_of_every_column_names_it_and_no_other():
    for column in COLUMNS:
        for name in (*column.names, column.header, column.key):
            assert column_for(name) == column.key, name


def test_the_template_header_is_read_back_as_every_column():
    table = read_table(template_csv())

    assert list(table.columns) == [column.key for column in COLUMNS]
    assert table.rows == []


def test_a_title_row_above_the_header_and_blank_rows_are_skipped():
    content = "قائمة المبادرات 2024,,\r\nreference,title_ar,commentaire\r\n,,\r\nr-1,طريق,ok\r\n"

    table = read_table(content.encode())

    assert [number for number, _cells in table.rows] == [4]
    assert table.ignored == ["commentaire"]


def test_a_file_without_a_reference_column_is_refused():
    with pytest.raises(ImportFileError):
        read_table(b"titre,communes\r\nx,y\r\n")


def test_a_column_given_twice_is_refused():
    with pytest.raises(ImportFileError):
        read_table("reference,title_ar,العنوان بالعربية\r\nr,x,y\r\n".encode())


def test_an_empty_file_is_refused():
    with pytest.raises(ImportFileError):
        read_table(b"  \r\n")


def test_xlsx_cells_read_as_a_csv_export_would_show_them():
    import datetime

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["المرجع", "الميزانية المتوقعة", "نسبة الإنجاز", "تاريخ البداية", "المبلغ المصروف"]
    )
    sheet.append(["route-1", 1250000, 0.45, datetime.datetime(2024, 3, 15), 1250.125])
    sheet["C2"].number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read_table(buffer.getvalue())

    assert table.encoding == "xlsx"
    assert table.values(table.rows[0][1]) == {
        "reference": "route-1",
        "planned_budget": "1250000",
        "progress": "45.00%",
        "start_date": "2024-03-15",
        "spent_amount": "1250.1250",  # refused later: an amount has at most two decimals
    }


def xlsx_with_formulas(*, saved: bool) -> bytes:
    """A workbook whose B2 and C3 are formulas, with their results saved as Excel saves
    them, or without, as a script writing the file through openpyxl leaves them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["reference", "planned_budget", "progress"])
    sheet.append(["route-1", "=1000*3", 45])
    sheet.append(["route-2", 2000, "=B3/100"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not saved:
        return buffer.getvalue()
    results = {
        "<f>1000*3</f><v />": "<f>1000*3</f><v>3000</v>",
        "<f>B3/100</f><v />": "<f>B3/100</f><v>20</v>",
    }
    rewritten = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(rewritten, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for formula, result in results.items():
                    assert formula in text
                    text = text.replace(formula, result)
                data = text.encode()
            target.writestr(item, data)
    return rewritten.getvalue()


def test_xlsx_formulas_are_read_by_their_saved_results():
    table = read_table(xlsx_with_formulas(saved=True))

    assert [table.values(cells) for _n, cells in table.rows] == [
        {"reference": "route-1", "planned_budget": "3000", "progress": "45"},
        {"reference": "route-2", "planned_budget": "2000", "progress": "20"},
    ]


def test_xlsx_formulas_without_saved_results_are_refused_naming_their_cells():
    with translation.override("en"), pytest.raises(ImportFileError) as refused:
        read_table(xlsx_with_formulas(saved=False))

    assert "Cells B2, C3 hold formulas whose results were not saved" in str(refused.value)


def test_a_broken_xlsx_is_refused():
    with pytest.raises(ImportFileError):
        read_table(b"PK\x03\x04 not really a workbook")


@pytest.mark.parametrize("newline", ["\r", "\n", "\r\n"])
def test_every_line_ending_is_read_excel_for_macs_included(newline):
    # A quoted cell keeps its line break, whatever ends the lines.
    content = csv_text(
        ["reference", "title_ar"], ROW[:2], ["route-2", '"سطر\rثان"'], newline=newline
    )

    table = read_table(content.encode())

    assert [table.values(cells)["reference"] for _n, cells in table.rows] == ["route-1", "route-2"]


def test_utf16_without_its_byte_order_mark():
    content = csv_text(["reference", "title_ar"], ROW[:2], delimiter="\t")

    table = read_table(content.encode("utf-16-le"))

    assert table.values(table.rows[0][1])["title_ar"] == "تأهيل الطريق"


@pytest.mark.parametrize(
    "content, says",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), ".xls"),
        (b"<html><body><table><tr><td>reference</td></tr></table></body></html>", "web page"),
        (b"reference,title_ar\r\nroute-1," + b"x" * 200_000 + b"\r\n", "CSV"),
    ],
    ids=["old-xls", "html-named-xlsx", "unreadable-csv"],
)
def test_a_file_that_is_not_what_it_seems_is_refused_saying_what_to_do(content, says):
    with translation.override("en"), pytest.raises(ImportFileError) as refused:
        read_table(content)

    assert says in str(refused.value)
