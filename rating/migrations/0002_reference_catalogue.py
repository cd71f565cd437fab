from django.db import migrations


def load(apps, schema_editor):
    from rating.catalogue import load_reference_catalogue

    load_reference_catalogue(apps)


class Migration(migrations.Migration):
    """The rule sets 1048/QĐ-TTg and 148/QĐ-TTg, and the 26 scoring sheets of 1048 (rating/data/criteria_1048.json)."""

    dependencies = [("rating", "0001_catalogue_rounds_scoring_certificates"), ("products", "0002_classification_1048")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
