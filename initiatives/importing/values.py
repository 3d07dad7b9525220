"""What a spreadsheet cell says, read the way volunteers write it.

Each reader takes the text of one cell and returns a Python value, or raises ValueError
with a sentence, in the active language, that tells the editor how to write it instead.

Amounts. Spaces (of any width) and the Arabic thousands separator group digits; «DH»,
«MAD», «درهم» are dropped. Of «.» and «,»: when both appear, the last one is the decimal
separator ("1.250.000,50", "1,250,000.50"); when one appears several times it groups
thousands ("1.250.000", "1,250,000"); when it appears once, it groups thousands if exactly
three digits follow it ("1.250" is 1250) and separates decimals otherwise ("1250000.50",
"12,5"). Grouped digits must come in threes, and there are at most two decimals, so a
typing slip is refused rather than read as another amount.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from azemmour_portal.dates import EARLIEST
from azemmour_portal.digits import DIGITS
from sources.models import DatePrecision

# Invisible marks that Excel and word processors leave around right-to-left text, and the
# NUL character, which no form accepts and PostgreSQL cannot store.
INVISIBLE = re.compile("[\x00\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
CURRENCY = re.compile(r"(?i)\b(mad|dhs?|dirhams?)\b\.?|درهما?|دراهم|د\.م\.?")
AMOUNT = re.compile(r"-?\d[\d.,]*")


def clean(text) -> str:
    """A cell's text without invisible marks or surrounding spaces, digits made Western.

    Morocco writes Western digits even in Arabic text, so titles are folded too.
    """
    if text is None:
        return ""
    return INVISIBLE.sub("", str(text)).translate(DIGITS).strip()


def amount(text: str) -> Decimal:
    """An amount of dirhams (the rule is in the module's docstring)."""
    compact = SPACES.sub("", CURRENCY.sub("", clean(text)))
    if not AMOUNT.fullmatch(compact) or compact.endswith((".", ",")):
        raise ValueError(_("write an amount in dirhams in figures, e.g. 1.250.000 or 1250000,50"))
    dots, commas = compact.count("."), compact.count(",")
    if dots and commas:
        decimal_mark = "." if compact.rfind(".") > compact.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
    elif dots + commas == 0:
        decimal_mark = group_mark = None
    else:
        mark = "." if dots else ","
        single_group = dots + commas == 1 and len(compact) - compact.rfind(mark) - 1 == 3
        if dots + commas > 1 or single_group:
            decimal_mark, group_mark = None, mark
        else:
            decimal_mark, group_mark = mark, None
    whole, _mark, decimals = compact.partition(decimal_mark) if decimal_mark else (compact, "", "")
    if decimal_mark and (decimal_mark in decimals or group_mark and group_mark in decimals):
        raise ValueError(_("the decimal separator appears in the wrong place"))
    if group_mark:
        groups = whole.lstrip("-").split(group_mark)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise ValueError(_("digits are grouped by three, e.g. 1.250.000"))
        whole = whole.replace(group_mark, "")
    if len(decimals) > 2:
        raise ValueError(_("an amount has at most two decimals (centimes)"))
    return Decimal(f"{whole}.{decimals}" if decimals else whole)


def percentage(text: str) -> int:
    """A progress percentage, "45", "45%", "٤٥٪" or "45,5 %" (rounded to a whole number)."""
    compact = SPACES.sub("", clean(text)).removesuffix("%").replace(",", ".")
    try:
        value = Decimal(compact)
    except InvalidOperation:
        raise ValueError(_("write a percentage between 0 and 100, e.g. 45 or 45%")) from None
    if not value.is_finite():
        raise ValueError(_("write a percentage between 0 and 100, e.g. 45 or 45%"))
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


DATE_FORMATS = [
    # (pattern, groups in the order year, month, day; how precise the date is)
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?"), (1, 2, 3), DatePrecision.DAY),
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: .*)?"), (3, 2, 1), DatePrecision.DAY),
    (re.compile(r"(\d{4})[-/.](\d{1,2})"), (1, 2, None), DatePrecision.MONTH),
    (re.compile(r"(\d{1,2})[-/.](\d{4})"), (2, 1, None), DatePrecision.MONTH),
    (re.compile(r"(\d{4})"), (1, None, None), DatePrecision.YEAR),
]


def partial_date(text: str) -> tuple[datetime.date, str]:
    """A date and how precise it is: "2024-03-15" or "15/03/2024" (day), "03/2024" or
    "2024-03" (month), "2024" (year). Day before month, as Morocco writes it."""
    compact = clean(text)
    for pattern, (year, month, day), precision in DATE_FORMATS:
        if match := pattern.fullmatch(compact):
            parts = [int(match.group(i)) if i else 1 for i in (year, month, day)]
            try:
                date = datetime.date(*parts)
            except ValueError:
                break
            if date < EARLIEST:
                raise ValueError(
                    _("a date before %(year)d is a typing error here: check the year")
                    % {"year": EARLIEST.year}
                )
            return date, precision
    raise ValueError(_("write a date as day/month/year (15/03/2024) or 2024-03-15"))


LIST_SEPARATORS = re.compile(r"[;,،؛\n]")
# Between funding lines: «;», «؛», «،», a new line, or a «,» that is followed by a name
# rather than by digits (a «,» inside an amount stays where it is).
FUNDING_SEPARATORS = re.compile(r"[;؛،\n]|,(?=\s*[^\d\s])")


def names(text: str) -> list[str]:
    """ "Azemmour; الحوزية، Haouzia" → the names, in order, without repeats."""
    found = [part.strip() for part in LIST_SEPARATORS.split(clean(text))]
    return list(dict.fromkeys(part for part in found if part))


def funding_lines(text: str) -> list[tuple[str, str]]:
    """ "INDH: 1.250.000; الجماعة: 500 000" → [(partner, amount text)]. The amount may be
    missing ("INDH"), when the partner is known but not its share."""
    lines = []
    for part in FUNDING_SEPARATORS.split(clean(text)):
        name, _colon, figure = part.rpartition(":") if ":" in part else (part, "", "")
        if name.strip() or figure.strip():
            lines.append((name.strip(), figure.strip()))
    return lines
