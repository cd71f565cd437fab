from django.db import migrations


def load(apps, schema_editor):
    from products.classification import load_classification

    load_classification(apps.get_model("products", "ProductCategory"), apps.get_model("products", "ProductSet"))


class Migration(migrations.Migration):
    """The QĐ 1048 Phụ lục I classification and its 26 product sets, as data."""

    dependencies = [("products", "0001_registry")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
