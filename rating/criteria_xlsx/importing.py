"""Importing a workbook: the rule-set worksheet read and checked, every set worksheet checked, then all saved.

Import checks the whole file before saving anything; the printed QĐ 1048 sheets do not always add up
(rating/data/criteria_1048.json "source_discrepancies"), so sums that do not match and options above their
criterion's maximum are warnings, not errors (set_reader.py).
"""

import datetime
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from rating.catalogue import CODE_1048, app_models, load_sheets
from rating.criteria_xlsx.cells import CriteriaImportError, _at, _Bad, _decimal, _is_number, _text
from rating.criteria_xlsx.layout import (
    CLASSIFICATION_TITLE,
    GUIDE_TITLE,
    JSON_FIELDS,
    RULE_SET_FIELDS,
    RULE_SET_TITLE,
)
from rating.criteria_xlsx.set_reader import SKIPPED, _SetReader
from rating.enums import RoundStatus


@dataclass
class ImportResult:
    rule_set: object
    created: bool
    sheets: int
    warnings: list = field(default_factory=list)


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


def read_classification(ws, scheme, errors):
    """The product sets listed on the classification worksheet: number, name and the code of a group of `scheme`."""
    from products.models import ProductCategory

    groups = set(ProductCategory.objects.filter(scheme=scheme).values_list("code", flat=True))
    rows, seen = [], {}
    for row_number, values in enumerate(ws.iter_rows(min_row=3, values_only=True), start=3):
        values = list(values) + [None] * 3
        number, name, group = values[0], _text(values[1]), _text(values[2])
        if _text(number) == "" and not name:
            continue  # a group listed for reference, or an empty row
        try:
            number = _decimal(number, "set_number")
            if number != number.to_integral_value() or number < 1:
                raise _Bad(_("set_number must be a whole number: %(value)s") % {"value": _text(values[0])})
            if not name or len(name) > 200:
                raise _Bad(_("set_name is missing or longer than 200 characters."))
            if group not in groups:
                raise _Bad(_("category_code %(code)s is not a group of the classification %(scheme)s.")
                           % {"code": group, "scheme": scheme})  # fmt: skip
        except _Bad as bad:
            errors.append(_at(ws.title, row_number, str(bad)))
            continue
        if int(number) in seen:
            errors.append(_at(ws.title, row_number, _("product set %(number)s is listed twice (first at row %(row)s).")
                              % {"number": int(number), "row": seen[int(number)]}))  # fmt: skip
            continue
        seen[int(number)] = row_number
        rows.append({"number": int(number), "name": name, "category": group})
    return rows


def save_classification(scheme, rows):
    """Create or rename the product sets the classification worksheet lists (a set keeps its products)."""
    from products.models import ProductCategory, ProductSet

    groups = {c.code: c for c in ProductCategory.objects.filter(scheme=scheme)}
    for row in rows:
        ProductSet.objects.update_or_create(
            scheme=scheme, number=row["number"], defaults={"name": row["name"], "category": groups[row["category"]]}
        )


def read_workbook(upload, code=None):
    """(rule-set fields, sets in the JSON layout, warnings) of a workbook, or CriteriaImportError."""
    from products.models import ProductSet
    from rating.models import RuleSet

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
    existing = RuleSet.objects.filter(code=fields.get("code")).first()
    scheme = existing.classification if existing else CODE_1048
    classification = []
    if CLASSIFICATION_TITLE in book.sheetnames:
        classification = read_classification(book[CLASSIFICATION_TITLE], scheme, errors)
    product_sets = set(ProductSet.objects.filter(scheme=scheme).values_list("number", flat=True))
    product_sets |= {row["number"] for row in classification}
    strict = scheme != CODE_1048  # the printed 1048 sheets do not always add up: warnings there
    sets, seen = [], {}
    for ws in book.worksheets:
        if ws.title in (RULE_SET_TITLE, CLASSIFICATION_TITLE, GUIDE_TITLE):
            continue
        data = _SetReader(ws, part_maxima, product_sets, errors, warnings, strict=strict).read()
        if data is None or data == SKIPPED:
            continue
        if data["number"] in seen:
            errors.append(_at(ws.title, None, _("product set %(number)s is already in worksheet %(other)s.")
                              % {"number": data["number"], "other": seen[data["number"]]}))  # fmt: skip
            continue
        seen[data["number"]] = ws.title
        sets.append(data)
    if errors:
        raise CriteriaImportError(errors, warnings)
    return fields, {"sets": sets, "classification": classification, "scheme": scheme}, warnings


def import_workbook(upload, code=None, replace=False):
    """Create or (with `replace`) overwrite a rule set and its sheets from a workbook; all or nothing.

    A rule set that a rating round uses is never changed. An existing rule set that has sheets is changed only
    with `replace`, and then its sheets become exactly those of the file.
    """
    from rating.models import Round, RuleSet

    fields, content, warnings = read_workbook(upload, code=code)
    sets = content["sets"]
    with transaction.atomic():
        rule_set = RuleSet.objects.select_for_update().filter(code=fields["code"]).first()
        created = rule_set is None
        if rule_set is not None and rule_set.criteria_from_id:
            raise CriteriaImportError([_("Rule set %(code)s uses the scoring sheets of %(other)s: load them into "
                                         "%(other)s.") % {"code": rule_set.code, "other": rule_set.criteria_from.code}],
                                      warnings)  # fmt: skip
        if rule_set is not None:
            in_use = Round.objects.filter(Q(rule_set=rule_set) | Q(rule_set__criteria_from=rule_set)).exclude(
                status=RoundStatus.CANCELLED
            )
            loaded = set(rule_set.sheets.values_list("product_set__number", flat=True))
            if in_use.exists():
                # Read-only once in use: only the sheets of sets that have none yet may be added (a round waiting for
                # them cannot start scoring until they are loaded).
                if loaded & {data["number"] for data in sets}:
                    raise CriteriaImportError([_("Rule set %(code)s is used by rating rounds and cannot be changed; "
                                                 "import the file under another code.") % {"code": rule_set.code}],
                                              warnings)  # fmt: skip
            else:
                if loaded and not replace:
                    raise CriteriaImportError([_("Rule set %(code)s already has scoring sheets; choose to replace "
                                                 "them, or import the file under another code.")
                                               % {"code": rule_set.code}], warnings)  # fmt: skip
                for key, value in fields.items():
                    setattr(rule_set, key, value)
                rule_set.save()
                rule_set.sheets.all().delete()
        else:
            rule_set = RuleSet.objects.create(**fields)
        save_classification(content["scheme"], content["classification"])
        load_sheets(app_models(), {"sets": sets}, rule_set)
    return ImportResult(rule_set=rule_set, created=created, sheets=len(sets), warnings=warnings)
