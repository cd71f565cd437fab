"""A rule set and all its scoring sheets written as one .xlsx workbook (layout in layout.py)."""

import datetime
import io
import json
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from rating.catalogue import CRITERION_MARKS
from rating.criteria_xlsx.layout import (
    COLUMNS,
    FIRST_DATA_ROW,
    JSON_FIELDS,
    KEYS,
    KNOCKOUT_LABEL,
    RULE_SET_FIELDS,
    RULE_SET_TITLE,
    SET_TITLE,
    _number,
)


def _json(value):
    return json.dumps(value, ensure_ascii=False)


def _rule_set_value(rule_set, key):
    value = getattr(rule_set, key)
    if key in JSON_FIELDS:
        return _json(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _number(value)
    return value


def export_workbook(rule_set):
    """The rule set and all its sheets as an openpyxl Workbook."""
    from rating.models import Criterion, Sheet

    book = Workbook()
    write_rule_set(book.active, rule_set)
    sheets = Sheet.objects.filter(rule_set=rule_set).select_related("product_set").order_by("product_set__number")
    criteria = (
        Criterion.objects.filter(sheet__rule_set=rule_set)
        .select_related("group__part")
        .prefetch_related("options")
        .order_by("group__part__order", "group__order", "order", "pk")
    )
    by_sheet = {}
    for criterion in criteria:
        by_sheet.setdefault(criterion.sheet_id, []).append(criterion)
    for sheet in sheets:
        _write_set(book, sheet, by_sheet.get(sheet.pk, []))
    return book


def write_rule_set(info, rule_set):
    """The rule-set worksheet: one row per field."""
    info.title = RULE_SET_TITLE
    info.append(["Trường", "Giá trị", "Tên trường (field)"])
    for key, label in RULE_SET_FIELDS:
        info.append([label, _rule_set_value(rule_set, key), key])
    for cell in info[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 50), ("B", 60), ("C", 22)):
        info.column_dimensions[letter].width = width


def _write_set(book, sheet, criteria):
    ws = set_worksheet(book, sheet.product_set.number, sheet.knockout)
    number = sheet.product_set.number
    for criterion in criteria:
        group = criterion.group
        part = group.part
        for option in sorted(criterion.options.all(), key=lambda o: (o.order, o.pk)):
            ws.append([
                number, part.code, part.title, _number(part.max_points), group.number, group.title,
                criterion.number, criterion.title, _number(criterion.max_points), criterion.hint or None,
                "\n".join(criterion.notes) or None, "có" if criterion.knockout_note else None,
                criterion.applies_if_criterion or None, _number(criterion.applies_if_min_points),
                criterion.applies_if_text or None, "có" if criterion.stops_if_zero else None, criterion.selection,
                option.list_label or None, option.text, _number(option.points),
                *("có" if getattr(criterion, mark) else None for mark in CRITERION_MARKS),
            ])  # fmt: skip
    style_set_worksheet(ws)


def set_worksheet(book, number, knockout=""):
    """A product set's worksheet with its knock-out line and the two header rows."""
    ws = book.create_sheet(SET_TITLE.format(number))
    ws.append([KNOCKOUT_LABEL, knockout or None])
    ws.append([label for _key, label, _width in COLUMNS])
    ws.append(KEYS)
    return ws


def style_set_worksheet(ws):
    ws["A1"].font = Font(bold=True)
    ws["B1"].alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[3]:
        cell.font = Font(italic=True, color="777777")
    for index, (_key, _label, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    # Text columns (numbers such as "1.1" stay text; explicit so Excel does not turn them into dates).
    for row in ws.iter_rows(min_row=FIRST_DATA_ROW):
        for cell in row:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)


def export_bytes(rule_set):
    out = io.BytesIO()
    export_workbook(rule_set).save(out)
    return out.getvalue()


def file_name(rule_set):
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in rule_set.code).strip("-")
    return f"bo-quy-tac-{safe or rule_set.pk}.xlsx"
