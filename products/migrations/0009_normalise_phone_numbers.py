"""Phone numbers stored as the forms now store them: without spaces, dots, dashes or parentheses.

A number that is still not a Vietnamese one once compacted is left as it was (the producer's next edit asks for
a correction). The rows change by `update()`, so without a history row: the number is the same, only written
compactly. The rules are copied here, so that a later change in products.phones does not change this migration.
"""

import re

from django.db import migrations

SEPARATORS = re.compile(r"[\s.\-()]")
VALID = re.compile(r"\A(\+84|0)[0-9]{8,10}\Z")


def normalise_phones(apps, schema_editor):
    Producer = apps.get_model("products", "Producer")
    for pk, phone in Producer.objects.exclude(phone="").values_list("pk", "phone").iterator():
        compact = SEPARATORS.sub("", phone)
        if compact != phone and VALID.match(compact):
            Producer.objects.filter(pk=pk).update(phone=compact)


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0008_search_text"),
    ]

    operations = [
        migrations.RunPython(normalise_phones, migrations.RunPython.noop),
    ]
