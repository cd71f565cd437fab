"""A small three-part sheet for tests that are about arithmetic, not about the QĐ 1048 texts."""

from decimal import Decimal

from products.models import ProductSet
from rating.catalogue import app_models, ensure_rule_sets, load_sheets
from rating.enums import RoundLevel, SeatRole
from rating.models import CouncilSeat, Round, RuleSet, Sheet


def criterion(number, max_points, options, **extra):
    return {"number": number, "title": f"Tiêu chí {number}", "max": max_points,
            "option_lists": [{"label": None, "options": [{"text": f"Mức {p}", "points": p} for p in options]}],
            **extra}  # fmt: skip


# A: 35 = 1.1 (20) + 1.2 (15); B: 25 = 5.1 (10) + 5.2 (15, only if 5.1 > 0); C: 40 = 9 (10, stops if 0) + 10 (30)
SMALL_SHEET = {
    "number": 13,
    "knockout": "Giả mạo hồ sơ hoặc không có giấy chứng nhận ATTP",
    "parts": [
        {"code": "A", "title": "Phần A", "max": 35, "groups": [
            {"number": "1", "title": "Nhóm 1", "criteria": [criterion("1.1", 20, [0, 10, 20]),
                                                            criterion("1.2", 15, [0, 5, 15])]}]},
        {"code": "B", "title": "Phần B", "max": 25, "groups": [
            {"number": "5", "title": "Câu chuyện", "criteria": [
                criterion("5.1", 10, [0, 5, 10]),
                criterion("5.2", 15, [0, 15], applies_if={"criterion": "5.1", "min_points": 1, "text": "có"}),
            ]}]},
        {"code": "C", "title": "Phần C", "max": 40, "groups": [
            {"number": "9", "title": "ATTP", "criteria": [criterion("9", 10, [0, 10], stops_if_zero=True),
                                                          criterion("10", 30, [0, 10, 20, 30])]}]},
    ],
}  # fmt: skip


def small_sheet(rule_set_code="1048/QĐ-TTg", set_number=13):
    """The small test sheet on set `set_number` of the rule set's classification (made up for the tests; under a
    classification whose sets are not loaded, a test set is made in its first group)."""
    from products.models import ProductCategory

    rule_sets = ensure_rule_sets(RuleSet)
    rule_set = rule_sets[rule_set_code]
    if not ProductSet.objects.filter(scheme=rule_set.classification, number=set_number).exists():
        ProductSet.objects.create(
            scheme=rule_set.classification,
            number=set_number,
            name="Bộ thử nghiệm (kiểm thử)",
            category=ProductCategory.objects.filter(scheme=rule_set.classification).first(),
        )
    data = {"sets": [{**SMALL_SHEET, "number": set_number}]}
    load_sheets(app_models(), data, rule_set)
    return Sheet.objects.get(
        rule_set=rule_set, product_set=ProductSet.objects.get(scheme=rule_set.classification, number=set_number)
    )


def district_round(tree, user, members, rule_set_code="1048/QĐ-TTg", **fields):
    fields.setdefault("number", 1)
    round_ = Round.objects.create(
        level=RoundLevel.DISTRICT, unit=tree.district, year=2020,
        rule_set=RuleSet.objects.get(code=rule_set_code), created_by=user, **fields,
    )  # fmt: skip
    for index, member in enumerate(members):
        CouncilSeat.objects.create(round=round_, user=member, role=SeatRole.CHAIR if index == 0 else SeatRole.MEMBER)
    return round_


def points(value):
    return Decimal(str(value))


def load_148_test_sheet(set_number=1, set_name="Bộ thử nghiệm (chỉ dùng trong kiểm thử)"):
    """A small TEST sheet for 148 (loaded through the office's workbook: template, filled in, imported). Its criteria
    are made up for the tests and never shipped: the official 148 sheets come from the official copy."""
    import io

    from openpyxl import load_workbook

    from rating.criteria_xlsx import KEYS, import_workbook, template_bytes

    book = load_workbook(io.BytesIO(template_bytes(RuleSet.objects.get(code="148/QĐ-TTg"))))
    listing = book["Phân loại"]
    listing.cell(row=3, column=1, value=set_number)
    listing.cell(row=3, column=2, value=set_name)
    listing.cell(row=3, column=3, value="1")
    ws = book[f"Bộ {book['Phân loại'].cell(row=3, column=1).value}"] if f"Bộ {set_number}" in book.sheetnames else None
    if ws is None:
        ws = book["Bộ 1"]
        ws.title = f"Bộ {set_number}"
    ws.delete_rows(4, ws.max_row)
    rows = [  # part, part max, group, criterion, max, marks, options
        ("A", 40, "1", "1.1", 40, {"pre_assessed": "có"}, [("Nguyên liệu tại địa phương (thử)", 40), ("Không", 0)]),
        ("B", 25, "2", "2.1", 25, {}, [("Có câu chuyện sản phẩm (thử)", 25), ("Không", 0)]),
        ("C", 35, "3", "3.1", 35, {"mandatory_for_3": "có"}, [("Đạt tiêu chuẩn (thử)", 35), ("Không đạt", 0)]),
    ]
    for part, part_max, group, number, maximum, marks, options in rows:
        for text, value in options:
            row = {"set_number": set_number, "part_code": part, "part_title": f"Phần {part}", "part_max": part_max,
                   "group_number": group, "group_title": f"Nhóm {group}", "criterion_number": number,
                   "criterion_title": f"Tiêu chí {number} (thử)", "criterion_max": maximum, "selection": "single",
                   "option_text": text, "option_points": value, **marks}  # fmt: skip
            ws.append([row.get(key) for key in KEYS])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return import_workbook(out)
