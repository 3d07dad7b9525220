"""The typo vocabulary holds the words of public documents only, and marks those found in
demo records only: it is rebuilt from the documents (search/index.py keeps it so)."""

from django.db import migrations, models


def vocabulary_of_public_documents(apps, schema_editor):
    Word = apps.get_model("search", "Word")
    Document = apps.get_model("search", "Document")
    connection = schema_editor.connection
    Word.objects.all().delete()
    # Real records' words first: a word a demo record shares with a real one is real.
    for is_demo in (False, True):
        if connection.vendor == "postgresql":
            # PostgreSQL's documents keep their words in the vector alone.
            documents = (
                f"SELECT vector FROM {Document._meta.db_table} "
                f"WHERE is_public AND {'' if is_demo else 'NOT '}is_demo"
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {Word._meta.db_table} (word, is_demo) "
                    "SELECT word, %s FROM ts_stat(%s) WHERE length(word) <= 100 "
                    "ON CONFLICT (word) DO NOTHING",
                    [is_demo, documents],
                )
            continue
        words = set()
        texts = Document.objects.filter(is_public=True, is_demo=is_demo).values_list(
            "title", "summary", "body"
        )
        for text in texts.iterator():
            words.update(word for field in text for word in field.split() if len(word) <= 100)
        Word.objects.bulk_create(
            [Word(word=word, is_demo=is_demo) for word in sorted(words)],
            batch_size=2000,
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_document_is_demo"),
    ]

    operations = [
        migrations.AddField(
            model_name="word",
            name="is_demo",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(vocabulary_of_public_documents, migrations.RunPython.noop),
    ]
