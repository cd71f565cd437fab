"""Reading single cells of an imported workbook, and how its problems are reported."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from rating.criteria_xlsx.layout import NO, YES


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


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)
