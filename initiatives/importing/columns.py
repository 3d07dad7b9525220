"""The columns an import file may have, each named in Arabic, French and English.

A header cell may give any of the three names (or several of them joined by "/", as the
template does), the model field's name, or its label as the admin shows it in any
language; case, accents, hamza and the definite article do not matter.
"""

import csv
import functools
import io
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from search.normalize import normalize

LANGUAGES = ("ar", "fr", "en")


@dataclass(frozen=True)
class Column:
    key: str
    ar: str
    fr: str
    en: str
    help: str = ""  # what to write in it, shown on the import page
    # Further spellings met in volunteers' files.
    aliases: tuple[str, ...] = ()

    def name(self, language: str | None = None) -> str:
        """The column's name in a language (the active one by default)."""
        language = (language or get_language() or "ar")[:2]
        return getattr(self, language if language in LANGUAGES else "ar")

    @property
    def names(self) -> tuple[str, str, str]:
        return (self.ar, self.fr, self.en)

    @property
    def header(self) -> str:
        """The template's header cell: the three names, any of which is accepted alone."""
        return " / ".join(self.names)


TEXT = _("Text. The Arabic title and summary are required for a new initiative.")
AMOUNT = _("In dirhams: 1.250.000, 1 250 000, 1,250,000 or 1250000,50.")
DATE = _("15/03/2024 or 2024-03-15; 03/2024 or 2024 when only the month or the year is known.")

COLUMNS = (
    Column(
        "reference",
        "المرجع",
        "référence",
        "reference",
        _(
            "Required. The initiative's lasting reference, its address on the portal (Latin "
            "letters, digits and hyphens): an existing reference updates that initiative, a "
            "new one creates it as a draft."
        ),
        ("ref", "slug", "identifiant"),
    ),
    Column("title_ar", "العنوان بالعربية", "titre en arabe", "title in Arabic", TEXT),
    Column("title_fr", "العنوان بالفرنسية", "titre en français", "title in French", TEXT),
    Column("title_en", "العنوان بالإنجليزية", "titre en anglais", "title in English", TEXT),
    Column("summary_ar", "الملخص بالعربية", "résumé en arabe", "summary in Arabic", TEXT),
    Column("summary_fr", "الملخص بالفرنسية", "résumé en français", "summary in French", TEXT),
    Column("summary_en", "الملخص بالإنجليزية", "résumé en anglais", "summary in English", TEXT),
    Column(
        "communes",
        "الجماعات",
        "communes",
        "communes",
        _(
            "Required for a new initiative. One or more communes, by any of their names or "
            "spellings, separated by «;», «،» or «,»."
        ),
        ("الجماعة", "commune"),
    ),
    Column(
        "sector",
        "القطاع",
        "secteur",
        "sector",
        _("Required for a new initiative. A sector of the portal, by its name in any language."),
    ),
    Column(
        "status",
        "الحالة",
        "statut",
        "status",
        _("A status of the portal, in any of the three languages, e.g. «منجزة» or «en cours»."),
        ("état", "وضعية"),
    ),
    Column(
        "progress",
        "نسبة الإنجاز",
        "avancement",
        "progress",
        _("A percentage from 0 to 100: 45 or 45%."),
        ("taux d'avancement",),
    ),
    Column(
        "planned_budget",
        "الميزانية المتوقعة",
        "budget prévu",
        "planned budget",
        AMOUNT,
        ("budget",),
    ),
    Column("spent_amount", "المبلغ المصروف", "montant dépensé", "amount spent", AMOUNT),
    Column("start_date", "تاريخ البداية", "date de début", "start date", DATE),
    Column(
        "planned_end_date", "تاريخ الانتهاء المتوقع", "date de fin prévue", "planned end date", DATE
    ),
    Column(
        "implementing_body",
        "الجهة المنفذة",
        "organisme exécutant",
        "implementing body",
        _("A partner of the portal, by its name in any language."),
    ),
    Column(
        "origin",
        "الأصل",
        "origine",
        "origin",
        _("An origin of the portal, e.g. «برنامج عمل الجماعة», «INDH» or «autre»."),
    ),
    Column(
        "origin_reference",
        "مرجع الأصل",
        "référence d'origine",
        "origin reference",
        _("Text, e.g. the item of the commune action programme or the deliberation number."),
    ),
    Column(
        "fundings",
        "التمويلات",
        "financements",
        "fundings",
        _(
            "«partner: amount; partner: amount». A named partner's line is created or its "
            "amount changed; the lines of partners not named are kept."
        ),
        ("التمويل", "financement"),
    ),
)
BY_KEY = {column.key: column for column in COLUMNS}
# The model field behind each column, where there is one: its labels are accepted too.
FIELDS = {
    column.key: "slug" if column.key == "reference" else column.key
    for column in COLUMNS
    if column.key != "fundings"
}


def key_of(text: str) -> str:
    """How a name is compared: normalised, without spaces (so «بن حمدوش» meets «بنحمدوش»)."""
    return normalize(text).replace(" ", "")


@functools.cache
def _spellings() -> dict[str, str]:
    spellings: dict[str, set[str]] = {}

    def add(text, key):
        spellings.setdefault(key_of(str(text)), set()).add(key)

    for column in COLUMNS:
        for text in (*column.names, *column.aliases, column.key):
            add(text, column.key)
        field = FIELDS.get(column.key)
        if field:
            for language in LANGUAGES:
                with translation.override(language):
                    add(Initiative._meta.get_field(field).verbose_name, column.key)
    # A spelling shared by two columns would be a guess: it names neither.
    return {text: keys.pop() for text, keys in spellings.items() if len(keys) == 1 and text}


def column_for(header_cell: str) -> str | None:
    """The column a header cell names, or None. "المرجع / référence" names one column."""
    spellings = _spellings()
    found = {spellings.get(key_of(part)) for part in header_cell.replace("|", "/").split("/")}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def template_csv() -> bytes:
    """An empty import file: the header row, each cell in the three languages.

    UTF-8 with a byte-order mark, which is what makes Excel open Arabic text correctly.
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(column.header for column in COLUMNS)
    return buffer.getvalue().encode("utf-8-sig")
