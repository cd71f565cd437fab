"""Loads rule sets and their scoring sheets from data files (rating/data/)."""

import json
from decimal import Decimal
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CRITERIA_1048 = DATA_DIR / "criteria_1048.json"

# The numbers each rule set defines (QĐ 1048/2019 and QĐ 148/2023). Where a source is silent (148's forward
# thresholds) the value is a default that an administrator can change in the admin.
RULE_SETS = {
    "1048/QĐ-TTg": {
        "name": "Quyết định 1048/QĐ-TTg ngày 21/8/2019",
        "effective_from": "2019-08-21",
        "effective_to": "2023-02-23",
        "part_maxima": {"A": 35, "B": 25, "C": 40},
        "council_sizes": {"district": [5, 7], "province": [9, 11], "central": [9, 11]},
        "forward_thresholds": {"district": 50, "province": 90},
        "recognised_stars": {"province": [3, 4], "central": [5]},
    },
    "148/QĐ-TTg": {
        "name": "Quyết định 148/QĐ-TTg ngày 24/02/2023",
        "effective_from": "2023-02-24",
        "effective_to": None,
        "part_maxima": {"A": 40, "B": 25, "C": 35},
        "council_sizes": {"district": [5, 7], "province": [9, 11], "central": [9, 11]},
        "forward_thresholds": {"district": 70, "province": 90},
        "recognised_stars": {"district": [3], "province": [4], "central": [5]},
    },
}


def ensure_rule_sets(rule_set_model):
    """Create the known rule sets if missing (an existing one keeps what an administrator changed)."""
    made = {}
    for code, fields in RULE_SETS.items():
        made[code], _created = rule_set_model.objects.get_or_create(code=code, defaults=fields)
    return made


def load_sheets(models, data, rule_set):
    """Replace the sheets of `rule_set` by those in `data` (the layout of criteria_1048.json).

    `models` maps names to model classes (historical ones in a migration): ProductSet, Sheet, Part,
    CriterionGroup, Criterion, Option. Returns the number of sheets loaded.
    """
    product_sets = {s.number: s for s in models["ProductSet"].objects.all()}
    models["Sheet"].objects.filter(
        rule_set=rule_set, product_set__number__in=[s["number"] for s in data["sets"]]
    ).delete()
    options = []
    for set_data in data["sets"]:
        sheet = models["Sheet"].objects.create(
            rule_set=rule_set, product_set=product_sets[set_data["number"]], knockout=set_data.get("knockout") or ""
        )
        order = 0
        for part_index, part_data in enumerate(set_data["parts"]):
            part = models["Part"].objects.create(
                sheet=sheet, code=part_data["code"], title=part_data["title"],
                max_points=Decimal(str(part_data["max"])), order=part_index,
            )  # fmt: skip
            for group_index, group_data in enumerate(part_data["groups"]):
                group = models["CriterionGroup"].objects.create(
                    part=part, number=group_data["number"], title=group_data["title"], order=group_index
                )
                for criterion_data in group_data["criteria"]:
                    applies_if = criterion_data.get("applies_if") or {}
                    criterion = models["Criterion"].objects.create(
                        group=group, sheet=sheet, number=criterion_data["number"], title=criterion_data["title"],
                        hint=criterion_data.get("hint") or "", max_points=Decimal(str(criterion_data["max"])),
                        notes=criterion_data.get("notes") or [],
                        knockout_note=bool(criterion_data.get("knockout_note")),
                        applies_if_criterion=applies_if.get("criterion", ""),
                        applies_if_min_points=(Decimal(str(applies_if["min_points"]))
                                               if applies_if.get("min_points") is not None else None),
                        applies_if_text=applies_if.get("text", ""),
                        stops_if_zero=bool(criterion_data.get("stops_if_zero")), order=order,
                        selection=criterion_data.get("selection") or "single",
                    )  # fmt: skip
                    order += 1
                    option_order = 0
                    for option_list in criterion_data["option_lists"]:
                        for option_data in option_list["options"]:
                            options.append(
                                models["Option"](
                                    criterion=criterion,
                                    list_label=option_list.get("label") or "",
                                    text=option_data["text"],
                                    points=Decimal(str(option_data["points"])),
                                    order=option_order,
                                )  # fmt: skip
                            )
                            option_order += 1
    models["Option"].objects.bulk_create(options, batch_size=500)
    from rating.services import forget_kept_criteria  # here: a migration loads this module before the app is ready

    forget_kept_criteria()  # SQLite may give a new sheet a removed one's key
    return len(data["sets"])


def read(path=CRITERIA_1048):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def app_models(apps=None):
    """The model classes load_sheets needs: historical ones from a migration's `apps`, else the real ones."""
    if apps is None:
        from django.apps import apps
    names = {"ProductSet": "products", "Sheet": "rating", "Part": "rating", "CriterionGroup": "rating",
             "Criterion": "rating", "Option": "rating", "RuleSet": "rating"}  # fmt: skip
    return {name: apps.get_model(app, name) for name, app in names.items()}


def load_reference_catalogue(apps=None):
    """The rule sets, and the 1048 sheets from rating/data/criteria_1048.json (safe to run again)."""
    models = app_models(apps)
    rule_sets = ensure_rule_sets(models["RuleSet"])
    return load_sheets(models, read(), rule_sets["1048/QĐ-TTg"])
