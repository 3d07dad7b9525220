import re
from html import escape

from django import template
from django.utils.safestring import mark_safe

from search.normalize import indexed_forms, tokens

register = template.Library()
WORD = re.compile(r"([^\W_]+)")


def matches(word: str, searched: tuple[str, ...]) -> bool:
    """Whether the search found this word of a text: one of the forms it is indexed under
    begins with a searched word, as the search itself matches (search/query.py)."""
    return any(form.startswith(searched) for token in tokens(word) for form in indexed_forms(token))


@register.filter
def highlight(text, words):
    """Wrap in <mark> the words of `text` that the search matched (by their normalised
    forms, a one-letter proclitic included: «بأزمور» is marked whole for «أزمور»), escaping
    everything else."""
    if not text:
        return ""
    words = tuple(words or ())
    parts = WORD.split(str(text))
    html = []
    for index, part in enumerate(parts):
        # The parts are plain strings: escaped as django.utils.html.escape() does.
        escaped = escape(part)
        # Odd positions are the words captured by the split.
        if index % 2 and words and matches(part, words):
            html.append(f"<mark>{escaped}</mark>")
        else:
            html.append(escaped)
    return mark_safe("".join(html))  # noqa: S308 (every piece is escaped above)
