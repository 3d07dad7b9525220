"""Arabic and Latin text reduced to the form people mean, for indexing and for queries.

The same function runs on what is indexed and on what visitors type, so that hamza,
taa marbuta, alef maqsura, diacritics, tatweel, Eastern Arabic digits, accents and a
leading definite article never stand between a query and the record it means.
"""

import re
import unicodedata

# أ إ آ ٱ → ا ; ة → ه ; ى → ي ; ؤ → و ; ئ → ي
LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        # Moroccan /g/ letters are kept as themselves but fold to the letter they stand
        # next to in most spellings, so «ڭ» and «ك» meet.
        "ڭ": "ك",
        "ݣ": "ك",
        # Arabic-Indic and Eastern Arabic-Indic digits → 0–9
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
# French ligatures, which neither NFKC nor accent stripping takes apart: œuvre → oeuvre.
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
# Harakat U+064B–U+0652, dagger alef U+0670, tatweel U+0640.
MARK_CHARACTERS = "".join(chr(c) for c in (*range(0x064B, 0x0653), 0x0670, 0x0640))
MARKS = re.compile(f"[{MARK_CHARACTERS}]")
ARTICLES = ("وال", "بال", "لل", "ال")
# A token is a run of letters or digits; everything else (punctuation, symbols, emoji,
# SQL or regex metacharacters) separates tokens and is never searched for.
TOKEN = re.compile(r"[^\W_]+")
MIN_STEM = 2


class FormatCharacters(dict):
    """A str.translate() table that removes format characters (Unicode category Cf: the
    zero-width non-joiner and joiner, bidi marks, the soft hyphen), which sit inside a word
    without ending it; each character is looked up once."""

    def __missing__(self, code: int):
        self[code] = None if unicodedata.category(chr(code)) == "Cf" else code
        return self[code]


INVISIBLE = FormatCharacters()
# What else is not text (controls such as a tab, a newline or NUL, unassigned and private
# characters) and the line and paragraph separators: a space, between two words.
SEPARATING = {"Cc", "Cs", "Co", "Cn", "Zl", "Zp"}


def strip_article(token: str) -> str:
    for article in ARTICLES:
        if token.startswith(article) and len(token) - len(article) >= MIN_STEM:
            return token[len(article) :]
    return token


def fold(text: str) -> str:
    """Format characters removed, Unicode NFKC, Arabic letter variants folded, marks
    removed, Latin lower-cased and its ligatures written out."""
    text = unicodedata.normalize("NFKC", text.translate(INVISIBLE))
    text = MARKS.sub("", text).translate(LETTERS).lower().translate(LIGATURES)
    # Latin accents: decompose, then drop the combining marks (é → e). Arabic has none
    # left at this point, so this touches Latin letters only.
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def cleaned(text: str) -> str:
    """What was typed, as fold() reads it: format characters removed, and every other
    character that is not text a space, so that a tab between two words still separates
    them, as it does in the index."""
    text = text.translate(INVISIBLE)
    return "".join(" " if unicodedata.category(ch) in SEPARATING else ch for ch in text)


def tokens(text: str) -> list[str]:
    """The searchable words of a text, each folded and without its definite article."""
    return [strip_article(token) for token in TOKEN.findall(fold(text or ""))]


def normalize(text: str) -> str:
    return " ".join(tokens(text))


# One-letter proclitics: and, with, for, so, like (و ب ل ف ك), glued to the next word.
PROCLITICS = "وبلفك"
MIN_PROCLITIC_STEM = 4


def indexed_forms(token: str) -> list[str]:
    """The forms a normalised word is indexed under: itself, and without a one-letter
    proclitic (when enough of the word is left), so that «لمستشفى» is found by «مستشفى».
    The highlighting of results accepts exactly these forms."""
    if token[0] in PROCLITICS and len(token) - 1 >= MIN_PROCLITIC_STEM:
        return [token, strip_article(token[1:])]
    return [token]


def index_text(text: str) -> str:
    """What is indexed: the normalised words, each with its forms (indexed_forms()). Only
    the indexed side gets the extra forms: a query word keeps its exact meaning."""
    return " ".join(form for token in tokens(text) for form in indexed_forms(token))
