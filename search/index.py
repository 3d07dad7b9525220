"""Build and refresh the search documents of initiatives, monitoring updates, communes,
the foundation's work (proposals, advocacy dossiers, training programmes, events, news)
and the members of its bodies."""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Value
from django.utils import translation

from activities.models import Dossier, Event, NewsItem, Proposal, TrainingProgramme
from communes.models import Commune
from governance.models import Person
from initiatives.models import Initiative, Update

from .models import Document, Word
from .normalize import index_text

LANGUAGES = ("ar", "fr", "en")
BATCH = 2000


def joined(*parts) -> str:
    return index_text(" ".join(str(part) for part in parts if part))


def translations(obj, field: str) -> list[str]:
    return [getattr(obj, f"{field}_{lang}") or "" for lang in LANGUAGES]


def commune_names(commune) -> list[str]:
    return [*translations(commune, "name"), commune.alternative_names, commune.tifinagh_name]


def initiative_document(initiative) -> dict:
    places = [name for commune in initiative.communes.all() for name in commune_names(commune)]
    return {
        "title": joined(*translations(initiative, "title")),
        "summary": joined(*translations(initiative, "summary")),
        "body": joined(
            *translations(initiative, "description"),
            *translations(initiative.sector, "name"),
            *places,
            initiative.origin_reference,
        ),
    }


def update_document(update) -> dict:
    return {
        "title": joined(*translations(update, "title")),
        "summary": joined(*translations(update, "body")),
        "body": joined(*translations(update.initiative, "title")),
    }


def commune_document(commune) -> dict:
    return {
        "title": joined(*commune_names(commune)),
        "summary": joined(*translations(commune, "description")),
        "body": "",
    }


def activity_document(obj, body: str = "description") -> dict:
    """A record of the foundation's own work (activities app), with its communes' names."""
    communes = obj.communes.all() if hasattr(obj, "communes") else []
    return {
        "title": joined(*translations(obj, "title")),
        "summary": joined(*translations(obj, "summary")),
        "body": joined(
            *translations(obj, body),
            *(name for commune in communes for name in commune_names(commune)),
        ),
    }


def person_document(person) -> dict:
    """A member of the foundation's bodies, found by name, role or body (the foundation's
    page names them): each role in every language, as a journalist may type it."""
    roles = []
    for membership in person.memberships.all():
        for language in LANGUAGES:
            with translation.override(language):
                roles.append(str(membership.get_role_display()))
        roles += translations(membership.body, "name")
    return {
        "title": joined(*translations(person, "full_name")),
        "summary": joined(*roles),
        "body": joined(*translations(person, "bio")),
    }


# The members of the foundation's bodies.
PERSON = "person"

# The foundation's own work. Document.kind is a plain column: these kinds need no change to
# the search tables, and the results page shows them with one template of their own.
ACTIVITIES = {
    "proposal": Proposal,
    "dossier": Dossier,
    "training": TrainingProgramme,
    "event": Event,
    "news": NewsItem,
}


SOURCES = {
    Document.Kind.INITIATIVE: (
        lambda: Initiative.objects.select_related("sector").prefetch_related("communes"),
        initiative_document,
    ),
    Document.Kind.UPDATE: (
        lambda: Update.objects.select_related("initiative"),
        update_document,
    ),
    Document.Kind.COMMUNE: (lambda: Commune.objects.all(), commune_document),
    "proposal": (lambda: Proposal.objects.prefetch_related("communes"), activity_document),
    "dossier": (lambda: Dossier.objects.prefetch_related("communes"), activity_document),
    "training": (lambda: TrainingProgramme.objects.all(), activity_document),
    "event": (lambda: Event.objects.prefetch_related("communes"), activity_document),
    "news": (lambda: NewsItem.objects.all(), lambda item: activity_document(item, body="body")),
    PERSON: (lambda: Person.objects.prefetch_related("memberships__body"), person_document),
}


# Which of these ids the public may see: decided by published(), the portal's one rule.
# Demo records count as public here; Document.is_demo keeps them apart (search/query.py).
PUBLIC = {
    Document.Kind.INITIATIVE: lambda ids: set(
        Initiative.objects.published(demo=True).filter(pk__in=ids).values_list("pk", flat=True)
    ),
    Document.Kind.UPDATE: lambda ids: set(
        Update.objects.published(demo=True).filter(pk__in=ids).values_list("pk", flat=True)
    ),
    Document.Kind.COMMUNE: set,  # communes are always public
    **{
        kind: lambda ids, model=model: set(
            model.objects.published().filter(pk__in=ids).values_list("pk", flat=True)
        )
        for kind, model in ACTIVITIES.items()
    },
    # On the foundation's page: whoever holds or held a role in one of its bodies.
    PERSON: lambda ids: set(
        Person.objects.filter(pk__in=ids, memberships__isnull=False).values_list("pk", flat=True)
    ),
}


def weighted_vector(title: str, summary: str, body: str):
    """PostgreSQL's full-text vector of a document: title A, summary B, body C."""
    return (
        SearchVector(Value(title), weight="A", config="simple")
        + SearchVector(Value(summary), weight="B", config="simple")
        + SearchVector(Value(body), weight="C", config="simple")
    )


def is_demo(kind: str, obj) -> bool:
    """Whether a record is demo data: a demo initiative, or an update of one."""
    if kind == Document.Kind.INITIATIVE:
        return obj.is_demo
    if kind == Document.Kind.UPDATE:
        return obj.initiative.is_demo
    return False


def document(kind: str, obj, is_public: bool, texts: dict) -> Document:
    """On PostgreSQL the document keeps its vector alone: the words live there, and a
    narrow row lets a search that ranks thousands of matches read few pages. On SQLite
    it keeps the normalised text, which the search matches with LIKE."""
    flags = {"is_public": is_public, "is_demo": is_demo(kind, obj)}
    if connection.vendor == "postgresql":
        return Document(kind=kind, object_id=obj.pk, vector=weighted_vector(**texts), **flags)
    return Document(kind=kind, object_id=obj.pk, **flags, **texts)


@transaction.atomic
def index_objects(kind: str, objects: Iterable) -> int:
    """Write (or rewrite) the documents of these records."""
    _queryset, build = SOURCES[kind]
    objects = list(objects)
    public = PUBLIC[kind]([obj.pk for obj in objects])
    texts = [build(obj) for obj in objects]
    documents = [
        document(kind, obj, obj.pk in public, text)
        for obj, text in zip(objects, texts, strict=True)
    ]
    ids = [obj.pk for obj in objects]
    Document.objects.filter(kind=kind, object_id__in=ids).delete()
    Document.objects.bulk_create(documents, batch_size=BATCH)
    add_words(
        (text, doc.is_demo) for text, doc in zip(texts, documents, strict=True) if doc.is_public
    )
    return len(documents)


def add_words(texts: Iterable[tuple[dict, bool]]):
    """The words of public documents, each given with whether it is a demo record, into
    the vocabulary: a word of a real record as real (even if a demo record had it first),
    a word of demo records only as demo."""
    real, demo_only = set(), set()
    for text, is_demo in texts:
        words = {word for field in text.values() for word in field.split() if len(word) <= 100}
        (demo_only if is_demo else real).update(words)
    demo_only -= real
    _upsert_real_words(sorted(real))
    Word.objects.bulk_create(
        [Word(word=word, is_demo=True) for word in sorted(demo_only)],
        batch_size=BATCH,
        ignore_conflicts=True,
    )


def _upsert_real_words(words: list[str]):
    """Insert the words, or mark those known only from demo records as real, in one
    statement a batch that finds each word by its unique index: an UPDATE … WHERE word IN
    (…) may be planned on the trigram index, whose pending entries a long transaction
    (a bulk load) makes slower with every batch. A word already real is not rewritten."""
    table = connection.ops.quote_name(Word._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(words), 500):
            chunk = words[start : start + 500]
            rows = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (word, is_demo) VALUES {rows} "
                f"ON CONFLICT (word) DO UPDATE SET is_demo = %s WHERE {table}.is_demo",
                [value for word in chunk for value in (word, False)] + [False],
            )


def index_ids(kind: str, ids: Iterable[int]) -> int:
    queryset, _build = SOURCES[kind]
    ids = list(ids)
    total = 0
    for start in range(0, len(ids), BATCH):
        total += index_objects(kind, queryset().filter(pk__in=ids[start : start + BATCH]))
    return total


def remove(kind: str, object_id: int):
    Document.objects.filter(kind=kind, object_id=object_id).delete()


def rebuild(progress=None) -> dict[str, int]:
    """Index every record again, from scratch."""
    Word.objects.all().delete()
    counts = {}
    for kind in SOURCES:
        queryset, _build = SOURCES[kind]
        Document.objects.filter(kind=kind).delete()
        ids = list(queryset().order_by("pk").values_list("pk", flat=True))
        done = 0
        for start in range(0, len(ids), BATCH):
            done += index_ids(kind, ids[start : start + BATCH])
            if progress:
                progress(kind, done, len(ids))
        counts[kind] = done
    return counts
