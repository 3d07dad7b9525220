"""Documents record whether they are demo records, so that a deployment that hides demo
data never finds them, whatever DEMO_DATA was when they were indexed."""

from django.db import migrations, models


def mark_demo_documents(apps, schema_editor):
    Document = apps.get_model("search", "Document")
    Initiative = apps.get_model("initiatives", "Initiative")
    Update = apps.get_model("initiatives", "Update")
    demo = Initiative.objects.filter(is_demo=True).values("pk")
    Document.objects.filter(kind="initiative", object_id__in=demo).update(is_demo=True)
    updates = Update.objects.filter(initiative__is_demo=True).values("pk")
    Document.objects.filter(kind="update", object_id__in=updates).update(is_demo=True)


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0005_tallies"),
        ("search", "0002_postgresql_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="is_demo",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_demo_documents, migrations.RunPython.noop),
    ]
