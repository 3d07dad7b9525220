from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    """The normalised text of one searchable record, in all three languages.

    On PostgreSQL `vector` holds the weighted full-text vector (title A, summary B, body C)
    under a GIN index of the public documents, created by a migration that runs on
    PostgreSQL only, and the text columns stay empty (search/index.py: a narrow row is a
    fast one). On SQLite `vector` stays empty and the normalised text columns are matched
    with a simpler LIKE.
    """

    class Kind(models.TextChoices):
        INITIATIVE = "initiative", _("initiative")
        UPDATE = "update", _("monitoring update")
        COMMUNE = "commune", _("commune")

    kind = models.CharField(max_length=20, choices=Kind)
    object_id = models.PositiveBigIntegerField()
    # Whether published() lets the public see the record (demo records included), worked
    # out when it is indexed (every save re-indexes), so that a search never joins the
    # records' tables; and whether it is a demo record, which only a deployment showing
    # demo data (DEMO_DATA) finds, whatever the setting was when it was indexed.
    is_public = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False)
    title = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_one_document")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class Word(models.Model):
    """Every distinct normalised word of the public documents: where typos find their
    correction. A draft's words stay out, so that no correction shows a visitor a word of
    an unpublished record; a word found only in demo records is marked, so that a
    deployment hiding demo data neither offers it as a correction nor takes it as known."""

    word = models.CharField(max_length=100, unique=True)
    is_demo = models.BooleanField(default=False)

    def __str__(self):
        return self.word
