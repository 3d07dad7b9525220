"""Records found by any of their names, however a volunteer spelled them.

Names are compared by search.normalize (hamza, taa marbuta, accents, case and the
definite article do not matter) and without spaces. A name shared by two records finds
neither: the import never guesses, and never creates a commune, a sector or a partner.
"""

from django.utils import translation

from communes.models import Commune
from initiatives.models import Initiative, Partner, Sector
from search.normalize import normalize

from .columns import LANGUAGES, key_of

AMBIGUOUS = object()

# Words that often stand before a commune's name: «جماعة», «الجماعة الحضرية ل…»,
# «commune rurale de …» (normalised, so «الجماعة» is «جماعه»).
COMMUNE_WORDS = {"جماعه", "حضريه", "قرويه", "commune", "urbaine", "rurale", "de", "d", "cu", "cr"}

# Other ways of writing a status or an origin than the value and the labels.
STATUS_SYNONYMS = {
    Initiative.Status.PROPOSED: ["مقترح", "proposé", "projet"],
    Initiative.Status.PLANNED: ["مبرمج", "مبرمجه", "programmé", "prévu", "prévue"],
    Initiative.Status.IN_PROGRESS: [
        "قيد الإنجاز",
        "في طور التنفيذ",
        "قيد التنفيذ",
        "en cours de réalisation",
        "ongoing",
    ],
    Initiative.Status.STALLED: ["متوقف", "متوقفة", "متعثر", "bloqué", "bloquée", "suspendu"],
    Initiative.Status.COMPLETED: ["منجز", "مكتمل", "achevé", "terminé", "terminée", "done"],
    Initiative.Status.CANCELLED: ["ملغى", "ملغي", "annulé", "canceled"],
}
ORIGIN_SYNONYMS = {
    Initiative.Origin.PAC: ["PAC", "برنامج عمل الجماعة"],
    Initiative.Origin.FOUNDATION: ["المؤسسة", "fondation", "foundation"],
    Initiative.Origin.CITIZEN: ["مواطنين", "citoyens", "citizens"],
    Initiative.Origin.OTHER: ["أخرى", "autre"],
}


class Names:
    """Look records up by any of their names."""

    def __init__(self, records, names_of):
        self.records = {}
        for record in records:
            for name in names_of(record):
                key = key_of(str(name or ""))
                if not key:
                    continue
                known = self.records.get(key)
                self.records[key] = record if known in (None, record) else AMBIGUOUS

    def find(self, name: str):
        """The record, None when no record has that name, AMBIGUOUS when several do."""
        return self.records.get(key_of(name))


def _translated_names(record, field="name"):
    return [getattr(record, f"{field}_{language}") for language in LANGUAGES]


class CommuneNames(Names):
    def __init__(self):
        super().__init__(
            Commune.objects.all(),
            lambda c: [
                *_translated_names(c),
                c.slug,
                c.tifinagh_name,
                c.hcp_code,
                *c.alternative_name_list,
            ],
        )

    def find(self, name: str):
        found = super().find(name)
        if found is not None:
            return found
        # «الجماعة الحضرية لأزمور», «Commune rurale de Haouzia»: the name after the words.
        words = normalize(name).split()
        while words and words[0] in COMMUNE_WORDS:
            words = words[1:]
        if not words:
            return None
        found = super().find(" ".join(words))
        if found is None and words[0].startswith("ل") and len(words[0]) > 1:
            found = super().find(" ".join([words[0][1:], *words[1:]]))
        return found


def sector_names() -> Names:
    return Names(Sector.objects.all(), lambda s: [*_translated_names(s), s.slug, s.dac_code])


def partner_names() -> Names:
    return Names(Partner.objects.all(), lambda p: [*_translated_names(p), p.slug])


def choice_names(choices, synonyms: dict) -> Names:
    """A choice found by its value or its label in any language: «منجزة», «achevée»."""

    def names_of(value):
        labels = []
        for language in LANGUAGES:
            with translation.override(language):
                labels.append(str(choices(value).label))
        return [value, value.replace("_", " "), *labels, *synonyms.get(value, [])]

    return Names(choices.values, names_of)
