"""One product set's worksheet read and checked into the JSON layout of rating/data/criteria_1048.json."""

from decimal import Decimal

from django.utils.translation import gettext as _

from rating.catalogue import CRITERION_MARKS
from rating.criteria_xlsx.cells import _at, _Bad, _decimal, _flag, _text
from rating.criteria_xlsx.layout import FIRST_DATA_ROW, KEYS, OPTIONAL_KEYS, SELECTIONS, SKELETON_KEYS, _number

SKIPPED = "skipped"  # a template's set worksheet that the office left unfilled


class _SetReader:
    """Reads one product set's worksheet into the JSON layout of rating/data/criteria_1048.json."""

    def __init__(self, ws, part_maxima, product_sets, errors, warnings, strict=False):
        self.ws = ws
        # Strict: sums and option maxima that do not match are errors (every rule set but 1048, whose printed sheets
        # do not always add up: rating/data/criteria_1048.json "source_discrepancies").
        self.strict = strict
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
        missing = [key for key in KEYS if key not in positions and key not in OPTIONAL_KEYS]
        if missing:
            self.error(3, _("columns missing from the field-name row: %(columns)s") % {"columns": ", ".join(missing)})
            return None
        return positions

    def read(self):
        positions = self.columns()
        if positions is None:
            return None
        knockout = _text(self.ws.cell(row=1, column=2).value)
        rows, skeleton = [], False
        for row_number, values in enumerate(self.ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True),
                                            start=FIRST_DATA_ROW):  # fmt: skip
            values = list(values) + [None] * len(KEYS)
            row = {key: values[index] for key, index in positions.items()}
            row.update({key: None for key in OPTIONAL_KEYS if key not in positions})
            if all(_text(v) == "" for key, v in row.items() if key not in SKELETON_KEYS):
                skeleton = skeleton or any(_text(v) != "" for v in row.values())
                continue  # an empty row, or a template's skeleton row of a part
            rows.append((row_number, row))
        if not rows:
            if skeleton:
                self.warn(None, _("not filled in: skipped."))
                return SKIPPED
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
            **{mark: _flag(row[mark], mark) for mark in CRITERION_MARKS},
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
            **{mark: fields[mark] for mark in CRITERION_MARKS},
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
                report = self.error if self.strict else self.warn
                if top > fields["max"]:
                    report(option_list["row"], _("criterion %(number)s: the options reach %(top)s points, above "
                                                    "its maximum %(max)s.") % {"number": fields["number"],
                                                    "top": _number(top), "max": _number(fields["max"])})  # fmt: skip
        for part in parts:
            total = sum(c["max"] for g in part["groups"] for c in g["criteria"])
            report = self.error if self.strict else self.warn
            if total != part["max"]:
                report(None, _("the criteria of part %(code)s add up to %(total)s, not %(max)s.")
                          % {"code": part["code"], "total": _number(total), "max": _number(part["max"])})  # fmt: skip
