"""A source's note on its date in each language: an existing note becomes the Arabic one,
as modeltranslation takes the original field for the default language."""

from django.db import migrations, models


def keep_existing_notes(apps, schema_editor):
    Source = apps.get_model("sources", "Source")
    Source.objects.exclude(date_note="").update(date_note_ar=models.F("date_note"))


def note_field():
    return models.CharField(
        blank=True,
        help_text="What the source says of its date when it is not a clean date.",
        max_length=200,
        null=True,
        verbose_name="note on the date",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0001_initial"),
    ]

    operations = [
        migrations.AddField(model_name="source", name="date_note_ar", field=note_field()),
        migrations.AddField(model_name="source", name="date_note_en", field=note_field()),
        migrations.AddField(model_name="source", name="date_note_fr", field=note_field()),
        migrations.RunPython(keep_existing_notes, migrations.RunPython.noop),
    ]
