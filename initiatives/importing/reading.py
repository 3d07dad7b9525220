"""An uploaded file as a table: encoding, delimiter and header row found, not asked for.

CSV: UTF-8 with or without a byte-order mark, UTF-16 (Excel's "Unicode text"),
Windows-1256, which is what Excel on an Arabic Windows writes, or Windows-1252 (a French
Windows) when the bytes hold no Arabic word. The delimiter is the one of «,» «;» «؛» or
tab that makes the most header cells name a known column: more reliable than
csv.Sniffer on short files whose Arabic text is full of «،». XLSX (the first sheet)
through openpyxl.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .columns import BY_KEY, column_for
from .values import clean

DELIMITERS = (",", ";", "\t", "؛")
ARABIC_WORD = re.compile("[\u0621-\u064a]{2}")
# A character of two to four bytes as UTF-8 writes it: Windows-1256 and Windows-1252 text
# almost never holds such a sequence by chance.
UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# A title or a note may stand above the header row in a hand-made spreadsheet.
HEADER_SEARCH_ROWS = 5


class ImportFileError(Exception):
    """The file as a whole cannot be read, so no row of it can be imported."""


@dataclass
class Table:
    columns: dict[str, int]  # column key → position of its cells in each row
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)
    ignored: list[str] = field(default_factory=list)  # header cells that name no column
    encoding: str = ""
    delimiter: str = ""

    def values(self, cells: list[str]) -> dict[str, str]:
        """The row's non-empty cells by column key."""
        found = {}
        for key, position in self.columns.items():
            if position < len(cells) and (text := clean(cells[position])):
                found[key] = text
        return found


def decode(content: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was written in."""
    if content.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif b"\x00" in content[:2]:
        # UTF-16 without its byte-order mark: the zero byte of an ASCII character comes
        # second (little-endian, as Windows writes it) or first.
        candidates = ["utf-16-le" if content[1:2] == b"\x00" else "utf-16-be"]
    else:
        # Arabic bytes of Windows-1256 are almost never valid UTF-8, so UTF-8 goes first.
        candidates = ["utf-8", "cp1256", "cp1252"]
    for encoding in candidates:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError as error:
            if encoding == "utf-8" and mostly_utf8(content):
                # Read as another encoding, every Arabic text of the file would be garbled.
                line = content.count(b"\n", 0, error.start) + 1
                raise ImportFileError(
                    _(
                        "Line %(line)s holds characters that are not UTF-8, unlike the rest "
                        "of the file: correct them, or save the file again as CSV UTF-8."
                    )
                    % {"line": line}
                ) from error
            continue
        # Windows-1256 reads a French «É» as «ة»: without two Arabic letters in a row
        # anywhere, the file is French (Windows-1252), whose accents are the same bytes.
        if encoding == "cp1256" and not ARABIC_WORD.search(text):
            continue
        return text, encoding
    raise ImportFileError(_("The file's text encoding is not recognised: save it as CSV UTF-8."))


def mostly_utf8(content: bytes) -> bool:
    """Whether the bytes are UTF-8 text with a few broken characters: more characters
    written as UTF-8 writes them than bytes UTF-8 cannot read."""
    broken = content.decode("utf-8", errors="replace").count("\ufffd")
    return len(UTF8_SEQUENCE.findall(content)) > broken


# What an old Excel workbook (.xls) and a password-protected one start with: the
# compound-document format of Office 97-2003, which openpyxl does not read.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WEB_PAGE = re.compile(rb"\s*(<!doctype html|<html|<table|<\?xml)", re.IGNORECASE)


def is_xlsx(content: bytes) -> bool:
    return content[:4] == b"PK\x03\x04"


def read_table(content: bytes) -> Table:
    """The table in a CSV or XLSX file, or ImportFileError saying why there is none."""
    if not content.strip():
        raise ImportFileError(_("The file is empty."))
    if is_xlsx(content):
        return _table(_xlsx_rows(content), encoding="xlsx", delimiter="")
    if content.startswith(OLE2):
        raise ImportFileError(
            _(
                "This is an old Excel workbook (.xls) or one protected by a password. "
                "Open it in Excel and save it as “Excel workbook (.xlsx)” or “CSV UTF-8”, "
                "without a password."
            )
        )
    if WEB_PAGE.match(content[:200]):
        raise ImportFileError(
            _(
                "This file is a web page, not a spreadsheet, whatever its name says. Open "
                "it in Excel and save it as “Excel workbook (.xlsx)” or “CSV UTF-8”."
            )
        )
    text, encoding = decode(content)
    delimiter = _delimiter(text)
    try:
        # newline="": the csv module itself reads every line ending (CRLF, LF, and the CR
        # alone of Excel for Mac), and line breaks inside a quoted cell.
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise ImportFileError(
            _("The file cannot be read as CSV text. Save it again as “CSV UTF-8”.")
        ) from None
    return _table(rows, encoding=encoding, delimiter=delimiter)


def _delimiter(text: str) -> str:
    head = text[:20000]

    def recognised(delimiter):
        try:
            rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
        except csv.Error:
            return 0  # the file is refused when it is read (read_table)
        rows = rows[:HEADER_SEARCH_ROWS]
        return max((sum(bool(column_for(cell)) for cell in row) for row in rows), default=0)

    scores = {delimiter: recognised(delimiter) for delimiter in DELIMITERS}
    best = max(scores.values())
    if best == 0:
        try:
            return csv.Sniffer().sniff(head, delimiters="".join(DELIMITERS)).delimiter
        except csv.Error:
            return ","
    return next(delimiter for delimiter in DELIMITERS if scores[delimiter] == best)


def _table(rows: list[list[str]], *, encoding: str, delimiter: str) -> Table:
    header_index = next(
        (
            index
            for index, row in enumerate(rows[:HEADER_SEARCH_ROWS])
            if any(column_for(cell) == "reference" for cell in row)
        ),
        None,
    )
    if header_index is None:
        raise ImportFileError(
            _(
                "No header row with a «%(reference)s» column was found in the first %(n)d "
                "rows. Start from the template file."
            )
            % {"reference": BY_KEY["reference"].name(), "n": HEADER_SEARCH_ROWS}
        )
    columns, ignored = {}, []
    for position, cell in enumerate(rows[header_index]):
        key = column_for(cell)
        if key is None:
            if clean(cell):
                ignored.append(clean(cell))
        elif key in columns:
            raise ImportFileError(
                _("The column «%(column)s» appears twice in the header row.")
                % {"column": BY_KEY[key].name()}
            )
        else:
            columns[key] = position
    body = [
        (number, row)
        for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2)
        if any(clean(cell) for cell in row)
    ]
    return Table(
        columns=columns, rows=body, ignored=ignored, encoding=encoding, delimiter=delimiter
    )


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = [[_xlsx_text(cell) for cell in row] for row in sheet.iter_rows()]
    finally:
        workbook.close()
    if unsaved := _unsaved_formulas(content, rows):
        shown = ", ".join(unsaved[:5]) + (" …" if len(unsaved) > 5 else "")
        raise ImportFileError(
            _(
                "Cells %(cells)s hold formulas whose results were not saved in the file "
                "(the program that wrote it does not calculate them). Open the file in "
                "Excel or LibreOffice and save it again, or paste the values instead of "
                "the formulas."
            )
            % {"cells": shown}
        )
    return rows


def _unsaved_formulas(content: bytes, rows: list[list[str]]) -> list[str]:
    """The cells (as «C4») holding a formula without its saved result, which openpyxl reads
    as an empty cell: the import would silently leave its field as it was."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    try:
        return [
            cell.coordinate
            for row, cells in zip(rows, workbook.worksheets[0].iter_rows(), strict=False)
            for text, cell in zip(row, cells, strict=False)
            if not text and getattr(cell, "data_type", None) == "f"
        ]
    finally:
        workbook.close()


def _xlsx_text(cell) -> str:
    """A cell's value as the text a CSV export would show."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in (getattr(cell, "number_format", "") or ""):
            return f"{number * 100:f}%"
        if number == number.to_integral():
            return f"{number.normalize():f}"
        text = f"{number:f}"
        # Three decimals would read as a thousands group ("1250.125"): a fourth digit keeps
        # them decimals, which the amount reader then refuses (at most two).
        return text + "0" if len(text.partition(".")[2]) == 3 else text
    return str(value)
