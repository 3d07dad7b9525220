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
    else:
        # Arabic bytes of Windows-1256 are almost never valid UTF-8, so UTF-8 goes first.
        candidates = ["utf-8", "cp1256", "cp1252"]
    for encoding in candidates:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Windows-1256 reads a French «É» as «ة»: without two Arabic letters in a row
        # anywhere, the file is French (Windows-1252), whose accents are the same bytes.
        if encoding == "cp1256" and not ARABIC_WORD.search(text):
            continue
        return text, encoding
    raise ImportFileError(_("The file's text encoding is not recognised: save it as CSV UTF-8."))


def is_xlsx(content: bytes) -> bool:
    return content[:4] == b"PK\x03\x04"


def read_table(content: bytes) -> Table:
    """The table in a CSV or XLSX file, or ImportFileError saying why there is none."""
    if not content.strip():
        raise ImportFileError(_("The file is empty."))
    if is_xlsx(content):
        return _table(_xlsx_rows(content), encoding="xlsx", delimiter="")
    text, encoding = decode(content)
    delimiter = _delimiter(text)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return _table(rows, encoding=encoding, delimiter=delimiter)


def _delimiter(text: str) -> str:
    head = text[:20000]

    def recognised(delimiter):
        rows = list(csv.reader(io.StringIO(head), delimiter=delimiter))[:HEADER_SEARCH_ROWS]
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
        return [[_xlsx_text(cell) for cell in row] for row in sheet.iter_rows()]
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
