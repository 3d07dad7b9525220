"""PostgreSQL only: pg_trgm, a GIN index for full-text matching of public documents and a
trigram index of the vocabulary, where typos find their correction.

SQLite, the embedded default, has neither; search there matches the same normalised
text with LIKE, so these operations do nothing on it.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    "CREATE INDEX IF NOT EXISTS search_word_trgm ON search_word USING gin (word gin_trgm_ops)",
    # Only public documents are ever searched: the partial index holds just those.
    "CREATE INDEX IF NOT EXISTS search_document_vector_gin "
    "ON search_document USING gin (vector) WHERE is_public",
]
DROP = [
    "DROP INDEX IF EXISTS search_word_trgm",
    "DROP INDEX IF EXISTS search_document_vector_gin",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(run(INDEXES), run(DROP)),
    ]
