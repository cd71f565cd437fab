import datetime

from django.db import migrations


def forwards(apps, schema_editor):
    """148's classification (its six groups), 148 ending when 1489 takes effect, and the rule set 148 + 1489."""
    from products.classification import CLASSIFICATION_148, load_classification
    from rating.catalogue import CODE_148, CODE_1489, CRITERIA_FROM, RULE_SETS

    load_classification(apps.get_model("products", "ProductCategory"), apps.get_model("products", "ProductSet"),
                        CLASSIFICATION_148)  # fmt: skip
    RuleSet = apps.get_model("rating", "RuleSet")
    procedure = ("classification", "rating_levels", "pre_assessment_level", "legal_basis", "unconfirmed")
    for code, fields in RULE_SETS.items():
        rule_set = RuleSet.objects.filter(code=code).first()
        if rule_set is None:
            continue
        for name in procedure:
            setattr(rule_set, name, fields[name])
        if code == CODE_148 and rule_set.effective_to is None:
            rule_set.effective_to = datetime.date.fromisoformat(fields["effective_to"])
        rule_set.save()
    fields = {key: value for key, value in RULE_SETS[CODE_1489].items()}
    amended, _created = RuleSet.objects.get_or_create(code=CODE_1489, defaults=fields)
    source = RuleSet.objects.filter(code=CRITERIA_FROM[CODE_1489]).first()
    if source is not None and amended.criteria_from_id is None:
        amended.criteria_from = source
        amended.save(update_fields=["criteria_from"])


class Migration(migrations.Migration):
    dependencies = [("rating", "0006_rule_set_procedure"), ("products", "0004_list_order_indexes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
