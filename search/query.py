"""Turn what a visitor typed into ranked documents the public may see."""

from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Document, Word
from .normalize import cleaned
from .normalize import tokens as text_tokens

MAX_QUERY_LENGTH = 200
MAX_TOKENS = 8
MIN_TOKEN_LENGTH = 2
# Shorter words have too few letters for a typo to be told from another word.
MIN_FUZZY_LENGTH = 4
CANDIDATES = 100
SQLITE_CANDIDATES = 20000


@dataclass
class Query:
    text: str = ""
    tokens: list[str] = field(default_factory=list)
    message: str = ""

    @cached_property
    def forms(self) -> dict[str, list[str]]:
        """Each word with the forms it is searched under (corrections()), looked up once
        for both the search and the highlighting."""
        return {word: corrections(word) for word in self.tokens}


def parse(raw: str | None) -> Query:
    """Clean what was typed: capped, control characters read as spaces, words normalised."""
    raw = raw or ""
    message = ""
    if len(raw) > MAX_QUERY_LENGTH:
        raw = raw[:MAX_QUERY_LENGTH]
        message = _("Your search was long; only its first 200 characters were used.")
    text = cleaned(raw).strip()
    words = [t for t in text_tokens(text) if len(t) >= MIN_TOKEN_LENGTH]
    words = list(dict.fromkeys(words))
    if len(words) > MAX_TOKENS:
        words = words[:MAX_TOKENS]
        message = message or ngettext(
            "Your search had many words; only its first %(count)d was used.",
            "Your search had many words; only its first %(count)d were used.",
            MAX_TOKENS,
        ) % {"count": MAX_TOKENS}
    if text and not words:
        message = _("Type at least two letters or digits to search.")
    return Query(text=text, tokens=words, message=message)


def public_documents():
    """Only what published() lets the public see, as recorded when each was indexed; demo
    records only where the deployment shows them (DEMO_DATA)."""
    documents = Document.objects.filter(is_public=True)
    return documents if settings.DEMO_DATA else documents.filter(is_demo=False)


def prefix_query(words: list[str], operator: str = " & ") -> SearchQuery:
    # Tokens hold letters and digits only, so they cannot inject tsquery syntax.
    raw = operator.join(f"{word}:*" for word in words)
    return SearchQuery(raw, search_type="raw", config="simple")


def search(query: Query, kinds: list[str] | None = None):
    """Matching public documents, best first: title before summary before body,
    exact (full-text) matches before fuzzy (trigram) ones."""
    documents = public_documents()
    if kinds:
        documents = documents.filter(kind__in=kinds)
    if not query.tokens:
        return documents.none()
    return matching(documents, query.forms)


def matching(documents, forms_of: dict[str, list[str]]):
    """The documents holding each word (or one of its forms), best first, by the database's
    own means."""
    if connection.vendor == "postgresql":
        return postgresql_search(documents, forms_of)
    return simple_search(documents, forms_of)


def postgresql_search(documents, forms_of: dict[str, list[str]]):
    words = list(forms_of)
    forms = list(forms_of.values())
    condition = Q()
    for alternatives in forms:
        condition &= Q(vector=prefix_query(alternatives, operator=" | "))
    everything = prefix_query(words)
    matches = documents.filter(condition)
    if all(alternatives == [word] for word, alternatives in zip(words, forms, strict=True)):
        # Every word was found as typed: all results are exact, rank alone orders them.
        return matches.annotate(
            exact=Value(1, output_field=IntegerField()),
            rank=SearchRank(F("vector"), everything, cover_density=False),
        ).order_by("-rank", "kind", "object_id")
    return matches.annotate(
        exact=Case(When(vector=everything, then=Value(1)), default=Value(0)),
        rank=SearchRank(F("vector"), prefix_query([f for a in forms for f in a], " | ")),
    ).order_by("-exact", "-rank", "kind", "object_id")


def word_prefix(column: str, word: str) -> Q:
    """A word of the space-separated normalised text starts with `word`."""
    return Q(**{f"{column}__startswith": word}) | Q(**{f"{column}__contains": f" {word}"})


def simple_search(documents, forms_of: dict[str, list[str]]):
    """SQLite: every word (or its correction) must begin a word of the normalised text, as
    PostgreSQL's prefix matching does; rank by where the words appear."""
    words = list(forms_of)
    for word in words:
        either = Q()
        for form in forms_of[word]:
            for column in ("title", "summary", "body"):
                either |= word_prefix(column, form)
        documents = documents.filter(either)
    in_title = Q()
    in_summary = Q()
    for word in words:
        in_title &= word_prefix("title", word)
        in_summary &= word_prefix("summary", word)
    return documents.annotate(
        exact=Value(1, output_field=IntegerField()),
        rank=Case(
            When(in_title, then=Value(3.0)),
            When(in_summary, then=Value(2.0)),
            default=Value(1.0),
            output_field=FloatField(),
        ),
    ).order_by("-rank", "kind", "object_id")


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): a swap counts as one."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]


def visible_words():
    """The vocabulary this deployment's visitors may be shown: demo words only where demo
    records are shown (DEMO_DATA)."""
    return Word.objects.all() if settings.DEMO_DATA else Word.objects.filter(is_demo=False)


def corrections(word: str) -> list[str]:
    """The word itself when the index knows it, else the indexed words one typo away.

    A word found as typed is taken as meant. Only a word found nowhere is read as a
    possible typo: one letter added, missing, changed or two letters swapped (two edits
    for words of eight letters or more)."""
    vocabulary = visible_words()
    if len(word) < MIN_FUZZY_LENGTH or vocabulary.filter(word__startswith=word).exists():
        return [word]
    allowed = 2 if len(word) >= 8 else 1
    if connection.vendor == "postgresql":
        candidates = (
            vocabulary.filter(word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .order_by("-similarity")
            .values_list("word", flat=True)[:CANDIDATES]
        )
    else:
        candidates = vocabulary.filter(word__startswith=word[0]).values_list("word", flat=True)[
            :SQLITE_CANDIDATES
        ]
    close = [c for c in candidates if edit_distance(word, c) <= allowed]
    return close or [word]


def matching_ids(raw: str, kind: str):
    """Ids of the records of one kind that match, or None when the query is empty."""
    query = parse(raw)
    if not query.tokens:
        return None
    return search(query, [kind]).order_by().values("object_id")
