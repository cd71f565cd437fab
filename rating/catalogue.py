"""Loads rule sets and their scoring sheets from data files (rating/data/)."""

import json
from decimal import Decimal
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CRITERIA_1048 = DATA_DIR / "criteria_1048.json"

# The numbers and the procedure each rule set defines (QĐ 1048/2019, QĐ 148/2023, QĐ 148 as amended by QĐ 1489/2025;
# sources in shared/docs/ocop-2026.md and ocop-domain.md §4). Where a source is silent the value is a default that an
# administrator can change in the admin, and `unconfirmed` says so on every page that shows the rule set.
CODE_1048 = "1048/QĐ-TTg"
CODE_148 = "148/QĐ-TTg"
CODE_1489 = "148+1489/QĐ-TTg"
RULE_SETS = {
    CODE_1048: {
        "name": "Quyết định 1048/QĐ-TTg ngày 21/8/2019",
        "effective_from": "2019-08-21",
        "effective_to": "2023-02-23",
        "part_maxima": {"A": 35, "B": 25, "C": 40},
        "council_sizes": {"district": [5, 7], "province": [9, 11], "central": [9, 11]},
        "forward_thresholds": {"district": 50, "province": 90},
        "recognised_stars": {"province": [3, 4], "central": [5]},
        "classification": CODE_1048,
        "rating_levels": ["commune", "district", "province", "central"],
        "pre_assessment_level": "",
        "legal_basis": "Quyết định 1048/QĐ-TTg ngày 21/8/2019, Phụ lục II và III",
        "unconfirmed": "",
    },
    CODE_148: {
        "name": "Quyết định 148/QĐ-TTg ngày 24/02/2023",
        "effective_from": "2023-02-24",
        "effective_to": "2025-07-05",
        "part_maxima": {"A": 40, "B": 25, "C": 35},
        "council_sizes": {"district": [5, 7], "province": [9, 11], "central": [9, 11]},
        "forward_thresholds": {"district": 70, "province": 90},
        "recognised_stars": {"district": [3], "province": [4], "central": [5]},
        "classification": CODE_148,
        "rating_levels": ["commune", "district", "province", "central"],
        "pre_assessment_level": "",
        "legal_basis": "Quyết định 148/QĐ-TTg ngày 24/02/2023",
        "unconfirmed": "Số thành viên hội đồng và điểm chuyển cấp trên của cấp huyện (70) là giá trị mặc định, "
        "chưa được xác nhận theo văn bản 148; danh mục bộ sản phẩm và phiếu chấm điểm (Phụ lục I, III) phải được "
        "nạp từ bản chính thức.",
    },
    CODE_1489: {
        "name": "Quyết định 148/QĐ-TTg, sửa đổi bởi Quyết định 1489/QĐ-TTg ngày 06/07/2025",
        "effective_from": "2025-07-06",
        "effective_to": None,
        "part_maxima": {"A": 40, "B": 25, "C": 35},
        "council_sizes": {"province": [9, 11], "central": [9, 11]},
        "forward_thresholds": {"province": 90},
        "recognised_stars": {"province": [3, 4], "central": [5]},
        "classification": CODE_148,
        "rating_levels": ["province", "central"],
        "pre_assessment_level": "commune",
        "legal_basis": "Quyết định 148/QĐ-TTg ngày 24/02/2023; Quyết định 1489/QĐ-TTg ngày 06/07/2025 sửa đổi "
        "Phụ lục II (quy trình hai cấp: tỉnh và trung ương)",
        "unconfirmed": "Số thành viên hội đồng cấp tỉnh (9–11) là giá trị mặc định; danh sách tiêu chí do UBND xã "
        "đánh giá sơ bộ, biểu mẫu và thời hạn của 1489 chưa có trong nguồn: đánh dấu trong phiếu khi nạp từ bản "
        "chính thức.",
    },
}
# The marks a criterion may carry (QĐ 148): mandatory for 3★, bonus points, pre-assessed by the commune (QĐ 1489).
CRITERION_MARKS = ("mandatory_for_3", "bonus", "pre_assessed")
# A rule set whose sheets are another's: 1489 amends only the procedure of 148.
CRITERIA_FROM = {CODE_1489: CODE_148}


def ensure_rule_sets(rule_set_model):
    """Create the known rule sets if missing (an existing one keeps what an administrator changed)."""
    known = {field.name for field in rule_set_model._meta.get_fields()}  # an early migration's model has fewer
    made = {}
    for code, fields in RULE_SETS.items():
        defaults = {name: value for name, value in fields.items() if name in known}
        made[code], _created = rule_set_model.objects.get_or_create(code=code, defaults=defaults)
    for code, source in CRITERIA_FROM.items():
        if "criteria_from" in known and made[code].criteria_from_id is None:
            made[code].criteria_from = made[source]
            made[code].save(update_fields=["criteria_from"])
    return made


def load_sheets(models, data, rule_set):
    """Replace the sheets of `rule_set` by those in `data` (the layout of criteria_1048.json).

    `models` maps names to model classes (historical ones in a migration): ProductSet, Sheet, Part,
    CriterionGroup, Criterion, Option. Returns the number of sheets loaded.
    """
    product_sets = {
        s.number: s for s in models["ProductSet"].objects.filter(scheme=getattr(rule_set, "classification", CODE_1048))
    }
    marks = {field.name for field in models["Criterion"]._meta.get_fields()}  # an early migration's model has fewer
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
                        **{mark: bool(criterion_data.get(mark)) for mark in CRITERION_MARKS if mark in marks},
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
    return load_sheets(models, read(), rule_sets[CODE_1048])
