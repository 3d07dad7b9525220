import re
from html import escape

from django import template
from django.utils.safestring import mark_safe

from search.normalize import fold, strip_article

register = template.Library()
WORD = re.compile(r"([^\W_]+)")


@register.filter
def highlight(text, words):
    """Wrap in <mark> the words of `text` that the search matched (by their normalised
    form), escaping everything else."""
    if not text:
        return ""
    words = tuple(words or ())
    parts = WORD.split(str(text))
    html = []
    for index, part in enumerate(parts):
        # The parts are plain strings: escaped as django.utils.html.escape() does.
        escaped = escape(part)
        # Odd positions are the words captured by the split.
        if index % 2 and words and strip_article(fold(part)).startswith(words):
            html.append(f"<mark>{escaped}</mark>")
        else:
            html.append(escaped)
    return mark_safe("".join(html))  # noqa: S308 (every piece is escaped above)
