"""A rule set and its scoring sheets as one .xlsx file, out and back in (`manage.py criteria`, the admin).

Layout: a worksheet "Bộ quy tắc" with one row per rule-set field (label, value, field name; structures as
JSON text), then one worksheet per product set ("Bộ 13"): the knock-out text in row 1, Vietnamese headers in
row 2, the field names in row 3, and one row per option from row 4. Part, group and criterion columns repeat
on every option row of theirs. Import checks the whole file before saving anything; the printed QĐ 1048
sheets do not always add up (rating/data/criteria_1048.json "source_discrepancies"), so sums that do not
match and options above their criterion's maximum are warnings, not errors.
"""

import datetime
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from rating.catalogue import app_models, load_sheets

RULE_SET_TITLE = "Bộ quy tắc"
SET_TITLE = "Bộ {}"
KNOCKOUT_LABEL = "Bị loại khi"
FIRST_DATA_ROW = 4
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (field name, Vietnamese label) of the rule-set worksheet; JSON ones hold a structure.
RULE_SET_FIELDS = [
    ("code", "Mã bộ quy tắc"),
    ("name", "Tên"),
    ("effective_from", "Hiệu lực từ ngày (YYYY-MM-DD)"),
    ("effective_to", "Hiệu lực đến ngày (YYYY-MM-DD)"),
    ("part_maxima", "Điểm tối đa từng phần (JSON)"),
    ("star_bands", "Khung hạng sao: [điểm từ, số sao] (JSON)"),
    ("spread_limit", "Chênh lệch tối đa giữa các thành viên (điểm)"),
    ("validity_months", "Thời hạn giấy chứng nhận (tháng)"),
    ("council_sizes", "Số thành viên hội đồng theo cấp: [tối thiểu, tối đa] (JSON)"),
    ("forward_thresholds", "Điểm chuyển cấp trên theo cấp (JSON)"),
    ("recognised_stars", "Số sao được công nhận theo cấp (JSON)"),
]
JSON_FIELDS = {"part_maxima": dict, "star_bands": list, "council_sizes": dict, "forward_thresholds": dict,
               "recognised_stars": dict}  # fmt: skip

# (field name, Vietnamese header, column width) of a set's worksheet.
COLUMNS = [
    ("set_number", "Bộ sản phẩm (số)", 10),
    ("part_code", "Phần", 7),
    ("part_title", "Tên phần", 24),
    ("part_max", "Điểm tối đa phần", 10),
    ("group_number", "Nhóm tiêu chí (số)", 10),
    ("group_title", "Tên nhóm tiêu chí", 24),
    ("criterion_number", "Tiêu chí (số)", 10),
    ("criterion_title", "Tên tiêu chí", 30),
    ("criterion_max", "Điểm tối đa tiêu chí", 10),
    ("hint", "Giải thích", 24),
    ("notes", "Ghi chú (mỗi dòng một ghi chú)", 30),
    ("knockout_note", "Ghi chú loại sản phẩm (có/để trống)", 12),
    ("applies_if_criterion", "Chỉ chấm nếu tiêu chí (số)", 10),
    ("applies_if_min_points", "… đạt ít nhất (điểm)", 10),
    ("applies_if_text", "Điều kiện áp dụng (văn bản)", 24),
    ("stops_if_zero", "Dừng chấm nếu 0 điểm (có/để trống)", 12),
    ("selection", "Cách chọn (single: một mức; multiple: cộng các mức)", 12),
    ("option_list_label", "Trường hợp", 20),
    ("option_text", "Mức đánh giá", 50),
    ("option_points", "Điểm", 8),
]
KEYS = [key for key, _label, _width in COLUMNS]
YES = {"có", "co", "x", "1", "true", "yes", "đúng"}
NO = {"", "không", "khong", "0", "false", "no", "sai"}
SELECTIONS = {"single", "multiple"}


# ---------------------------------------------------------------------------------------------- export


def _number(value):
    """A Decimal as the plainest number a spreadsheet shows (2, not 2.0)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


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
    info = book.active
    info.title = RULE_SET_TITLE
    info.append(["Trường", "Giá trị", "Tên trường (field)"])
    for key, label in RULE_SET_FIELDS:
        info.append([label, _rule_set_value(rule_set, key), key])
    for cell in info[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 50), ("B", 60), ("C", 22)):
        info.column_dimensions[letter].width = width

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


def _write_set(book, sheet, criteria):
    number = sheet.product_set.number
    ws = book.create_sheet(SET_TITLE.format(number))
    ws.append([KNOCKOUT_LABEL, sheet.knockout or None])
    ws.append([label for _key, label, _width in COLUMNS])
    ws.append(KEYS)
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
            ])  # fmt: skip
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


# ---------------------------------------------------------------------------------------------- import


@dataclass
class ImportResult:
    rule_set: object
    created: bool
    sheets: int
    warnings: list = field(default_factory=list)


class CriteriaImportError(Exception):
    def __init__(self, errors, warnings=()):
        super().__init__("\n".join(errors))
        self.errors = list(errors)
        self.warnings = list(warnings)


class _Bad(ValueError):
    pass


def _at(sheet, row, message):
    if row is None:
        return _("Worksheet %(sheet)s: %(message)s") % {"sheet": sheet, "message": message}
    return _("Worksheet %(sheet)s, row %(row)s: %(message)s") % {"sheet": sheet, "row": row, "message": message}


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value, label, required=True):
    """A number of at most one decimal place, 0 … 9999.9 (the fields' precision); "2,5" is accepted."""
    if isinstance(value, bool):
        raise _Bad(_("%(column)s is not a number: %(value)s") % {"column": label, "value": value})
    text = _text(value).replace(",", ".")
    if not text:
        if required:
            raise _Bad(_("%(column)s is missing.") % {"column": label})
        return None
    try:
        number = Decimal(str(value) if isinstance(value, int | float) else text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise _Bad(_("%(column)s is not a number: %(value)s") % {"column": label, "value": text})
    if number < 0 or number >= 10000 or number != number.quantize(Decimal("0.1")):
        raise _Bad(
            _("%(column)s must be between 0 and 9999.9 with at most one decimal place: %(value)s")
            % {"column": label, "value": text}
        )
    return number.quantize(Decimal("0.1"))


def _flag(value, label):
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise _Bad(_('%(column)s must be "có" or empty: %(value)s') % {"column": label, "value": text})


def _load(upload):
    try:
        if hasattr(upload, "seek"):
            upload.seek(0)
        return load_workbook(upload, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of error for a file that is not .xlsx
        raise CriteriaImportError([_("The file cannot be read as an .xlsx workbook (%(error)s).") % {
            "error": error.__class__.__name__}]) from error  # fmt: skip


def _read_rule_set(ws, errors):
    values = {}
    for row_number, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        row = list(row) + [None] * 3
        key = _text(row[2])
        if key:
            values[key] = (row_number, row[1])
    fields = {}
    labels = dict(RULE_SET_FIELDS)
    for key, label in RULE_SET_FIELDS:
        if key not in values:
            errors.append(_at(ws.title, None, _("the row %(field)s (%(label)s) is missing.") % {
                "field": key, "label": label}))  # fmt: skip
            continue
        row_number, value = values[key]
        try:
            fields[key] = _rule_set_field(key, labels[key], value)
        except _Bad as bad:
            errors.append(_at(ws.title, row_number, str(bad)))
    return fields


def _rule_set_field(key, label, value):
    if key in ("code", "name"):
        text = _text(value)
        limit = 40 if key == "code" else 200
        if len(text) > limit:
            raise _Bad(_("%(column)s is longer than %(limit)s characters.") % {"column": label, "limit": limit})
        return text
    if key in ("effective_from", "effective_to"):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _text(value)
        if not text:
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise _Bad(
                _("%(column)s is not a date (YYYY-MM-DD): %(value)s") % {"column": label, "value": text}
            ) from None
    if key == "spread_limit":
        return _decimal(value, label)
    if key == "validity_months":
        number = _decimal(value, label)
        if number != number.to_integral_value() or not 0 < number < 32768:
            raise _Bad(_("%(column)s must be a whole number of months: %(value)s") % {"column": label, "value": value})
        return int(number)
    try:
        parsed = json.loads(_text(value) or "null")
    except json.JSONDecodeError:
        parsed = None
    if not isinstance(parsed, JSON_FIELDS[key]):
        raise _Bad(
            _("%(column)s is not valid JSON of the expected shape: %(value)s")
            % {"column": label, "value": _text(value)}
        )
    if key == "part_maxima":
        if not parsed or not all(_is_number(v) and v > 0 for v in parsed.values()):
            raise _Bad(_("%(column)s must give a positive number for each part code.") % {"column": label})
    if key == "star_bands":
        if not parsed or not all(isinstance(b, list) and len(b) == 2 and all(_is_number(x) for x in b) for b in parsed):
            raise _Bad(_("%(column)s must be a list of [lower bound, stars] pairs.") % {"column": label})
    return parsed


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


class _SetReader:
    """Reads one product set's worksheet into the JSON layout of rating/data/criteria_1048.json."""

    def __init__(self, ws, part_maxima, product_sets, errors, warnings):
        self.ws = ws
        self.part_maxima = part_maxima
        self.product_sets = product_sets
        self.errors = errors
        self.warnings = warnings

    def error(self, row, message):
        self.errors.append(_at(self.ws.title, row, message))

    def warn(self, row, message):
        self.warnings.append(_at(self.ws.title, row, message))

    def columns(self):
        header = [_text(v) for v in next(self.ws.iter_rows(min_row=3, max_row=3, values_only=True), ())]
        positions = {key: header.index(key) for key in KEYS if key in header}
        missing = [key for key in KEYS if key not in positions]
        if missing:
            self.error(3, _("columns missing from the field-name row: %(columns)s") % {"columns": ", ".join(missing)})
            return None
        return positions

    def read(self):
        positions = self.columns()
        if positions is None:
            return None
        knockout = _text(self.ws.cell(row=1, column=2).value)
        rows = []
        for row_number, values in enumerate(self.ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True),
                                            start=FIRST_DATA_ROW):  # fmt: skip
            values = list(values) + [None] * len(KEYS)
            row = {key: values[index] for key, index in positions.items()}
            if all(_text(v) == "" for v in row.values()):
                continue
            rows.append((row_number, row))
        if not rows:
            self.error(None, _("no option rows."))
            return None
        return self.build(knockout, rows)

    def build(self, knockout, rows):
        errors_before = len(self.errors)
        set_number = self.set_number(rows)
        parts, groups, criteria = {}, {}, {}  # key → (first row, comparable fields, JSON dict)
        criterion_rows = {}  # criterion number → its rows
        order = []  # JSON parts in order
        last = None
        for row_number, row in rows:
            try:
                part_key, part_fields = self.part_fields(row)
                group_fields = self.group_fields(row)
                crit_fields = self.criterion_fields(row)
            except _Bad as bad:
                self.error(row_number, str(bad))
                continue
            group_key = (part_key, group_fields["number"])
            crit_key = (group_key, crit_fields["number"])
            # A new part, group or criterion starts where the key changes; one seen before is a repeat.
            if last is None or last[0] != part_key:
                if part_key in parts:
                    self.error(row_number, _("part %(code)s appears again after other parts (first at row %(row)s).")
                               % {"code": part_key, "row": parts[part_key][0]})  # fmt: skip
                    continue
                parts[part_key] = (row_number, part_fields, {**part_fields, "groups": []})
                order.append(parts[part_key][2])
            else:
                self.same(row_number, parts[part_key], part_fields, "part", _("part"))
            if last is None or last[1] != group_key:
                if group_key in groups:
                    self.error(
                        row_number,
                        _("group %(number)s appears again after other groups (first at row %(row)s).")
                        % {"number": group_key[1], "row": groups[group_key][0]},
                    )
                    continue
                groups[group_key] = (row_number, group_fields, {**group_fields, "criteria": []})
                parts[part_key][2]["groups"].append(groups[group_key][2])
            else:
                self.same(row_number, groups[group_key], group_fields, "group", _("group"))
            if crit_key not in criteria and last is not None and last[2] == crit_key:
                continue  # more rows of a repeated criterion, already reported
            if last is None or last[2] != crit_key:
                number = crit_fields["number"]
                if number in criterion_rows:
                    self.error(row_number, _("criterion number %(number)s is used twice (first at row %(row)s).")
                               % {"number": number, "row": criterion_rows[number][0]})  # fmt: skip
                    last = (part_key, group_key, crit_key)
                    continue
                criterion = self.criterion_json(crit_fields)
                criteria[crit_key] = (row_number, crit_fields, criterion)
                criterion_rows[number] = [row_number]
                groups[group_key][2]["criteria"].append(criterion)
            else:
                self.same(row_number, criteria[crit_key], crit_fields, "criterion", _("criterion"))
                criterion_rows[crit_fields["number"]].append(row_number)
            last = (part_key, group_key, crit_key)
            self.add_option(row_number, row, criteria[crit_key][2], parts[part_key][1]["max"])
        if len(self.errors) > errors_before:
            return None
        self.check_sheet(order, criteria)
        if len(self.errors) > errors_before:
            return None
        return {"number": set_number, "knockout": knockout or None, "parts": order}

    def set_number(self, rows):
        numbers = {}
        for row_number, row in rows:
            try:
                number = _decimal(row["set_number"], "set_number")
            except _Bad as bad:
                self.error(row_number, str(bad))
                continue
            numbers.setdefault(number, row_number)
        if len(numbers) > 1:
            self.error(None, _("rows name more than one product set (%(numbers)s); one worksheet holds one set.")
                       % {"numbers": ", ".join(str(_number(n)) for n in numbers)})  # fmt: skip
            return None
        if not numbers:
            return None
        number, row_number = next(iter(numbers.items()))
        if number != number.to_integral_value() or int(number) not in self.product_sets:
            self.error(row_number, _("there is no product set %(number)s.") % {"number": _number(number)})
            return None
        return int(number)

    def part_fields(self, row):
        code = _text(row["part_code"])
        if not code:
            raise _Bad(_("the part code is missing."))
        if code not in self.part_maxima:
            raise _Bad(_("part %(code)s is not one of the rule set's parts (%(codes)s).")
                       % {"code": code, "codes": ", ".join(self.part_maxima)})  # fmt: skip
        maximum = _decimal(row["part_max"], "part_max")
        expected = Decimal(str(self.part_maxima[code]))
        if maximum != expected:
            raise _Bad(_("part %(code)s has the maximum %(value)s but the rule set gives %(expected)s.")
                       % {"code": code, "value": _number(maximum), "expected": _number(expected)})  # fmt: skip
        title = self.required(row, "part_title", 200)
        return code, {"code": code, "title": title, "max": maximum}

    def group_fields(self, row):
        return {"number": self.required(row, "group_number", 10), "title": self.required(row, "group_title", 300)}

    def criterion_fields(self, row):
        selection = _text(row["selection"]) or "single"
        if selection not in SELECTIONS:
            raise _Bad(_('selection must be "single" or "multiple": %(value)s') % {"value": selection})
        maximum = _decimal(row["criterion_max"], "criterion_max")
        if maximum <= 0:
            raise _Bad(_("criterion_max must be above 0."))
        applies_if_criterion = _text(row["applies_if_criterion"])
        if len(applies_if_criterion) > 10:
            raise _Bad(_("%(column)s is longer than %(limit)s characters.") % {"column": "applies_if_criterion",
                                                                                "limit": 10})  # fmt: skip
        notes = _text(row["notes"])
        return {
            "number": self.required(row, "criterion_number", 10),
            "title": self.required(row, "criterion_title", 500),
            "max": maximum,
            "hint": _text(row["hint"]),
            "notes": [line.strip() for line in notes.splitlines() if line.strip()],
            "knockout_note": _flag(row["knockout_note"], "knockout_note"),
            "applies_if_criterion": applies_if_criterion,
            "applies_if_min_points": _decimal(row["applies_if_min_points"], "applies_if_min_points", required=False),
            "applies_if_text": _text(row["applies_if_text"]),
            "stops_if_zero": _flag(row["stops_if_zero"], "stops_if_zero"),
            "selection": selection,
        }

    @staticmethod
    def required(row, key, limit):
        text = _text(row[key])
        if not text:
            raise _Bad(_("%(column)s is missing.") % {"column": key})
        if len(text) > limit:
            raise _Bad(_("%(column)s is longer than %(limit)s characters.") % {"column": key, "limit": limit})
        return text

    @staticmethod
    def criterion_json(fields):
        applies_if = None
        if fields["applies_if_criterion"] or fields["applies_if_min_points"] is not None or fields["applies_if_text"]:
            applies_if = {"criterion": fields["applies_if_criterion"], "min_points": fields["applies_if_min_points"],
                          "text": fields["applies_if_text"]}  # fmt: skip
        return {
            "number": fields["number"], "title": fields["title"], "max": fields["max"], "hint": fields["hint"],
            "notes": fields["notes"], "knockout_note": fields["knockout_note"], "applies_if": applies_if,
            "stops_if_zero": fields["stops_if_zero"], "selection": fields["selection"], "option_lists": [],
        }  # fmt: skip

    def same(self, row_number, first, fields, prefix, what):
        first_row, first_fields, _json_dict = first
        for key, value in fields.items():
            if first_fields[key] != value:
                column = f"{prefix}_{key}" if key in ("code", "title", "max", "number") else key
                self.error(row_number, _("%(column)s of the %(what)s differs from row %(row)s.")
                           % {"column": column, "what": what, "row": first_row})  # fmt: skip

    def add_option(self, row_number, row, criterion, part_max):
        text = _text(row["option_text"])
        label = _text(row["option_list_label"])
        if len(label) > 300:
            self.error(row_number, _("%(column)s is longer than %(limit)s characters.") % {
                "column": "option_list_label", "limit": 300})  # fmt: skip
            return
        if not text and _text(row["option_points"]) == "":
            return  # a criterion row without an option; a criterion left with none is reported in check_sheet
        if not text:
            self.error(row_number, _("option_text is missing."))
            return
        try:
            points = _decimal(row["option_points"], "option_points")
        except _Bad as bad:
            self.error(row_number, str(bad))
            return
        if points > part_max:
            self.error(row_number, _("the option gives %(points)s points, more than its part's maximum %(max)s.")
                       % {"points": _number(points), "max": _number(part_max)})  # fmt: skip
            return
        lists = criterion["option_lists"]
        if not lists or lists[-1]["label"] != (label or None):
            lists.append({"label": label or None, "options": [], "row": row_number})
        lists[-1]["options"].append({"text": text, "points": points, "row": row_number})

    def check_sheet(self, parts, criteria):
        numbers = {fields["number"] for _row, fields, _c in criteria.values()}
        for row_number, fields, criterion in criteria.values():
            if not criterion["option_lists"]:
                self.error(row_number, _("criterion %(number)s has no options.") % {"number": fields["number"]})
                continue
            other = fields["applies_if_criterion"]
            if other and (other not in numbers or other == fields["number"]):
                self.error(
                    row_number,
                    _(
                        "criterion %(number)s depends on criterion %(other)s, which is not another "
                        "criterion of this set."
                    )
                    % {"number": fields["number"], "other": other},
                )
            # The printed QĐ 1048 sheets have options above their criterion's maximum: a warning, as is a sum.
            for option_list in criterion["option_lists"]:
                points = [option["points"] for option in option_list["options"]]
                top = sum(points) if fields["selection"] == "multiple" else max(points)
                if top > fields["max"]:
                    self.warn(option_list["row"], _("criterion %(number)s: the options reach %(top)s points, above "
                                                    "its maximum %(max)s.") % {"number": fields["number"],
                                                    "top": _number(top), "max": _number(fields["max"])})  # fmt: skip
        for part in parts:
            total = sum(c["max"] for g in part["groups"] for c in g["criteria"])
            if total != part["max"]:
                self.warn(None, _("the criteria of part %(code)s add up to %(total)s, not %(max)s.")
                          % {"code": part["code"], "total": _number(total), "max": _number(part["max"])})  # fmt: skip


def read_workbook(upload, code=None):
    """(rule-set fields, sets in the JSON layout, warnings) of a workbook, or CriteriaImportError."""
    from products.models import ProductSet

    book = _load(upload)
    errors, warnings = [], []
    if RULE_SET_TITLE not in book.sheetnames:
        raise CriteriaImportError([_("The workbook has no worksheet %(name)s.") % {"name": RULE_SET_TITLE}])
    fields = _read_rule_set(book[RULE_SET_TITLE], errors)
    if code is not None:
        fields["code"] = code.strip()
    if "code" in fields and not fields["code"]:
        errors.append(_at(RULE_SET_TITLE, None, _("the rule set has no code.")))
    if "name" in fields and not fields["name"]:
        errors.append(_at(RULE_SET_TITLE, None, _("the rule set has no name.")))
    part_maxima = fields.get("part_maxima")
    if part_maxima is None:
        raise CriteriaImportError(errors, warnings)
    product_sets = set(ProductSet.objects.values_list("number", flat=True))
    sets, seen = [], {}
    for ws in book.worksheets:
        if ws.title == RULE_SET_TITLE:
            continue
        data = _SetReader(ws, part_maxima, product_sets, errors, warnings).read()
        if data is None:
            continue
        if data["number"] in seen:
            errors.append(_at(ws.title, None, _("product set %(number)s is already in worksheet %(other)s.")
                              % {"number": data["number"], "other": seen[data["number"]]}))  # fmt: skip
            continue
        seen[data["number"]] = ws.title
        sets.append(data)
    if errors:
        raise CriteriaImportError(errors, warnings)
    return fields, sets, warnings


def import_workbook(upload, code=None, replace=False):
    """Create or (with `replace`) overwrite a rule set and its sheets from a workbook; all or nothing.

    A rule set that a rating round uses is never changed. An existing rule set that has sheets is changed only
    with `replace`, and then its sheets become exactly those of the file.
    """
    from rating.models import Round, RuleSet

    fields, sets, warnings = read_workbook(upload, code=code)
    with transaction.atomic():
        rule_set = RuleSet.objects.select_for_update().filter(code=fields["code"]).first()
        created = rule_set is None
        if rule_set is not None:
            if Round.objects.filter(rule_set=rule_set).exists():
                raise CriteriaImportError([_("Rule set %(code)s is used by rating rounds and cannot be changed; "
                                             "import the file under another code.") % {"code": rule_set.code}],
                                          warnings)  # fmt: skip
            if rule_set.sheets.exists() and not replace:
                raise CriteriaImportError([_("Rule set %(code)s already has scoring sheets; choose to replace them, "
                                             "or import the file under another code.") % {"code": rule_set.code}],
                                          warnings)  # fmt: skip
            for key, value in fields.items():
                setattr(rule_set, key, value)
            rule_set.save()
            rule_set.sheets.all().delete()
        else:
            rule_set = RuleSet.objects.create(**fields)
        load_sheets(app_models(), {"sets": sets}, rule_set)
    return ImportResult(rule_set=rule_set, created=created, sheets=len(sets), warnings=warnings)
