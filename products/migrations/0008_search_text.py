"""The folded name the lists search (products.search): a column on producers and products, filled for the rows
that exist (later rows get it from save() and the bulk writes)."""

from django.db import migrations, models

from products.search import fold

BATCH = 1000


def fill(apps, schema_editor):
    for name in ("Producer", "Product"):
        model = apps.get_model("products", name)
        changed = []
        for row in model.objects.only("pk", "name").iterator(chunk_size=BATCH):
            row.search_text = fold(row.name)
            changed.append(row)
            if len(changed) == BATCH:
                model.objects.bulk_update(changed, ["search_text"])
                changed = []
        model.objects.bulk_update(changed, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0007_status_submitted_for_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="producer",
            name="search_text",
            field=models.CharField(blank=True, default="", editable=False, max_length=255),
        ),
        migrations.AddField(
            model_name="product",
            name="search_text",
            field=models.CharField(blank=True, default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
