from functools import lru_cache
from html import escape
from itertools import groupby

from django import template
from django.utils.safestring import mark_safe

from search.normalize import fold, indexed_forms, tokens

register = template.Library()


@lru_cache(maxsize=1024)
def in_word(character: str) -> bool:
    """Letters and digits, and what fold() takes out of a word (harakat, the dagger alef,
    tatweel, accents written as combining marks): a word of the text ends where a word of
    the index ends, so that «مَدرسة» is compared, and marked, whole."""
    return character.isalnum() or not fold(character)


def parts(text: str):
    """(is_word, part) for each run of word characters and of other characters in text."""
    for is_word, characters in groupby(text, key=in_word):
        yield is_word, "".join(characters)


def matches(word: str, searched: tuple[str, ...]) -> bool:
    """Whether the search found this word of a text: one of the forms it is indexed under
    begins with a searched word, as the search itself matches (search/query.py)."""
    return any(form.startswith(searched) for token in tokens(word) for form in indexed_forms(token))


@register.filter
def highlight(text, words):
    """Wrap in <mark> the words of `text` that the search matched (by their normalised
    forms, a one-letter proclitic included: «بأزمور» is marked whole for «أزمور»), escaping
    everything else. A word is marked whole or not at all: a <mark> inside an Arabic word
    would break the joining of its letters."""
    if not text:
        return ""
    words = tuple(words or ())
    html = []
    for is_word, part in parts(str(text)):
        # The parts are plain strings: escaped as django.utils.html.escape() does.
        escaped = escape(part)
        if is_word and words and matches(part, words):
            html.append(f"<mark>{escaped}</mark>")
        else:
            html.append(escaped)
    return mark_safe("".join(html))  # noqa: S308 (every piece is escaped above)


# The texts of a result that its page shows and that the search read.
SHOWN_FIELDS = ("title", "name", "full_name", "summary", "body")


def written_forms(searched, records) -> list[str]:
    """Each searched word as the results write it: «مستشفى» for the folded «مستشفي» that a
    typo was corrected to, found in the titles and texts of the page's records; a word the
    page does not show is left out."""
    found = {}
    for record in records:
        for name in SHOWN_FIELDS:
            text = getattr(record, name, None)
            if not isinstance(text, str):
                continue
            for is_word, word in parts(text):
                for form in searched:
                    if is_word and form not in found and matches(word, (form,)):
                        found[form] = word
    return [found[form] for form in searched if form in found]
