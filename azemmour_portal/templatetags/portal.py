"""Formatting for the public pages: money, numbers and percentages as each language writes them."""

import re
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.conf import settings
from django.utils.formats import date_format, get_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, pgettext

from azemmour_portal.languages import page_paths

register = template.Library()

# How each language writes an amount of dirhams around the grouped number.
CURRENCY = {"ar": "{} درهم", "fr": "{}\xa0DH", "en": "MAD\xa0{}"}
PERCENT = {"fr": "{}\xa0%"}


def grouped(value, language: str, decimal_pos: int = 0) -> str:
    """Number with the language's thousands separator and Western digits, rounded to
    `decimal_pos` decimals (a whole number by default)."""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-decimal_pos), rounding=ROUND_HALF_UP)
    if not rounded:
        rounded = abs(rounded)  # -0.004 reads "0", not "-0"
    # Python groups by three with "," and "." (in half the time of numberformat.format(),
    # for the tens of numbers on a page); each becomes the language's own in one pass.
    return f"{rounded:,.{decimal_pos}f}".translate(
        {
            ord(","): get_format("THOUSAND_SEPARATOR", language),
            ord("."): get_format("DECIMAL_SEPARATOR", language),
        }
    )


# The letters of the Arabic script (its basic block, supplement, extended-A block and
# presentation forms), and any letter: a text's language is taken from its first letter.
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
FIRST_LETTER = re.compile(r"[^\W\d_]")
IN_ARABIC = mark_safe(' lang="ar" dir="rtl"')  # noqa: S308 (constant markup, no data in it)


@register.filter
def lang_attrs(text):
    """` lang="ar" dir="rtl"` for a text in Arabic on a French or English page (a record
    not translated yet falls back to its Arabic), to put on the element that holds it: the
    text then reads right to left, and a screen reader voices it in Arabic. Empty
    otherwise."""
    if not text or get_language() == "ar":
        return ""
    return IN_ARABIC if written_in_arabic(text) else ""


def written_in_arabic(text) -> bool:
    """Whether the text's first letter is Arabic (digits and punctuation do not count)."""
    first = FIRST_LETTER.search(str(text))
    return bool(first and ARABIC_LETTER.match(first.group()))


@register.filter
def isolated(text) -> str:
    """The text between Unicode's isolates (FSI … PDI), where an element cannot hold a <bdi>
    (the label of an <option>): "الوكالة … (RADEEJ)" followed by " (3)" then keeps its
    count after it instead of inside its brackets."""
    return f"\u2068{text}\u2069"


@register.filter
def quotations(text) -> list[tuple[str, str]]:
    """ "150 مليون درهم (eljadida24) ; « estimé à 37 millions DH »" → each quotation with
    its language: Arabic, or French for the Latin script of the district's press. Each is
    then isolated on its own, so that an Arabic and a French wording laid side by side
    keep their own order instead of being reordered as one line."""
    parts = filter(None, (part.strip() for part in str(text or "").split(";")))
    return [(tied(part), "ar" if written_in_arabic(part) else "fr") for part in parts]


# A space just inside a guillemet, as French writes « this », where a line may end.
GUILLEMET_SPACE = re.compile(r"(?<=«)\s+|\s+(?=»)")


def tied(text: str) -> str:
    """The text with a narrow no-break space inside its guillemets, so that a line never
    ends on an opening guillemet nor starts with a closing one."""
    return GUILLEMET_SPACE.sub("\u202f", text)


@register.filter
def chosen_filters(form) -> int:
    """How many of a list's filters the address sets (its order is not a filter)."""
    return sum(1 for name in form.fields if name != "sort" and form.data.get(name))


@register.filter
def number(value):
    """12500 → "12.500" in Arabic, "12 500" in French, "12,500" in English."""
    if value is None or value == "":
        return ""
    return grouped(value, get_language())


@register.filter
def measure(value):
    """A measured quantity with the decimals it was recorded with, none added: an area of
    0.40 km² is "0,4" in Arabic and French, "0.4" in English, not "0"."""
    if value is None or value == "":
        return ""
    exponent = Decimal(value).normalize().as_tuple().exponent
    return grouped(value, get_language(), decimal_pos=max(0, -exponent))


@register.filter
def mad(value):
    """An amount in dirhams: "1.250.000 درهم", "1 250 000 DH", "MAD 1,250,000"."""
    if value is None or value == "":
        return ""
    language = get_language()
    return CURRENCY.get(language, CURRENCY["en"]).format(grouped(value, language))


@register.filter
def recorded_mad(value):
    """An amount in dirhams, or the words that say none is recorded: a sum that no
    initiative knows is not zero dirhams."""
    if value is None or value == "":
        return gettext("no amount recorded")
    return mad(value)


@register.filter
def percent(value):
    """A whole percentage, except that a share above 0 or below 100 never reads "0 %" or
    "100 %": it then keeps a decimal or two (0.4 %, 99.6 %, 99.96 %)."""
    if value is None or value == "":
        return ""
    language = get_language()
    value = Decimal(value)
    for decimals in (0, 1, 2):
        rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        if not (rounded == 0 < value or rounded == 100 > value):
            break
    return PERCENT.get(language, "{}%").format(grouped(value, language, decimals))


@register.simple_tag
def percent_pattern() -> str:
    """How the language writes a percentage, for the scripts to fill in: "%(value)s\xa0%" in
    French, "%(value)s%" otherwise."""
    return PERCENT.get(get_language(), "{}%").format("%(value)s")


@register.simple_tag(takes_context=True)
def page_in(context, language: str) -> str:
    """The address of the current page in another language, query string included."""
    return page_paths(context["request"])[language]


@register.filter
def names(items) -> str:
    """Join names with the language's comma: "أزمور، الحوزية" or "Azemmour, Haouzia"."""
    return pgettext("list separator", ", ").join(str(item) for item in items)


@register.filter
def partial_date(value, precision="day"):
    """A date as precisely as it is known: "2006", "نونبر 2021" or "6 نونبر 2021"."""
    if not value:
        return ""
    fmt = {"year": "Y", "month": "YEAR_MONTH_FORMAT"}.get(precision, "DATE_FORMAT")
    return date_format(value, fmt)


@register.simple_tag
def according_to(source):
    """ "according to <publication>, <date>", the publication isolated for right-to-left text."""
    if source.date_note:  # what the source says of its date, the date included
        date = source.date_note
    elif source.published_on:
        date = partial_date(source.published_on, source.published_on_precision)
    else:
        date = gettext("date unknown")
    # The translated sentence is escaped first; only the portal's own <bdi> is added.
    return mark_safe(  # noqa: S308
        conditional_escape(gettext("according to %(publication)s, %(date)s"))
        % {
            "publication": format_html("<bdi>{}</bdi>", source.publication),
            "date": conditional_escape(date),
        }
    )


@register.inclusion_tag("includes/upload_check.html")
def upload_check():
    """The script that weighs a form's chosen files in the browser before the form is sent
    (static/js/upload_check.js), with what it says when it refuses them."""
    return {
        "request_max": settings.UPLOAD_REQUEST_MAX_BYTES,
        # Translators: said as soon as a file is chosen, before anything is sent; name is
        # the file's name, size and limit are amounts the browser writes, "12.4 megabytes".
        "too_heavy": gettext(
            "«%(name)s» weighs %(size)s: at most %(limit)s are accepted for one file. "
            "Choose a lighter file."
        ),
        # Translators: said when a form is sent with files heavier together than one
        # sending can carry; size and limit are amounts the browser writes, "40.2 megabytes".
        "too_much": gettext(
            "The files chosen weigh %(size)s together, and at most %(limit)s can be sent "
            "at once. Nothing was sent: choose fewer or lighter files."
        ),
    }
