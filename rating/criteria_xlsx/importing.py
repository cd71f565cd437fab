"""Importing a workbook: the rule-set worksheet read and checked, every set worksheet checked, then all saved.

Import checks the whole file before saving anything; the printed QĐ 1048 sheets do not always add up
(rating/data/criteria_1048.json "source_discrepancies"), so sums that do not match and options above their
criterion's maximum are warnings, not errors (set_reader.py).
"""

import datetime
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from rating.catalogue import app_models, load_sheets
from rating.criteria_xlsx.cells import CriteriaImportError, _at, _Bad, _decimal, _is_number, _text
from rating.criteria_xlsx.layout import JSON_FIELDS, RULE_SET_FIELDS, RULE_SET_TITLE
from rating.criteria_xlsx.set_reader import _SetReader


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
