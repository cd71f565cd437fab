"""Amounts of money in whole đồng, typed as people write them: 185.000, 185 000 or 185000.

Dots (the Vietnamese thousands separator), spaces and non-breaking spaces may separate groups of three digits;
so may the active language's own thousands separator (a comma in English). Anything else is refused rather than
guessed: "1.23" or "185.00" (a dot not followed by groups of three), "12,5" (a decimal comma: đồng are whole).
The box is a text input with the numeric keypad, since a number input refuses the dots.
"""

import re

from django import forms
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy as _

SPACES = re.compile(r"\s+")  # str patterns match the non-breaking (U+00A0) and narrow (U+202F) spaces too
CURRENCY = re.compile(r"\s*(đ|đồng|vnđ|vnd)\Z", re.IGNORECASE)


def _pattern(separators):
    group = f"[{re.escape(separators)}]"
    return re.compile(rf"(-?)(\d+|\d{{1,3}}(?:{group}\d{{3}})+)")


def parse_amount(text):
    """The whole number written in `text`, or None when it cannot be read without guessing."""
    text = CURRENCY.sub("", SPACES.sub(" ", str(text)).strip())
    separators = {".", " "} | {get_format("THOUSAND_SEPARATOR")} - {get_format("DECIMAL_SEPARATOR")}
    match = _pattern("".join(sorted(separators))).fullmatch(text)
    if match is None:
        return None
    return int(match.group(1) + re.sub(r"\D", "", match.group(2)))


def format_amount(value):
    """185000 → "185.000" (in the active language's grouping)."""
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


class AmountInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, str):
            parsed = parse_amount(value)
            value = value if parsed is None else parsed  # what was typed, when it could not be read
        if isinstance(value, int):
            return format_amount(value)
        return super().format_value(value)


class AmountField(forms.IntegerField):
    """Whole đồng; the model field's validators (a minimum of 0 or 1) still apply."""

    widget = AmountInput
    default_error_messages = {
        "invalid": _("Enter an amount in whole đồng, with dots or spaces between thousands, e.g. 185.000."),
    }

    def widget_attrs(self, widget):
        return {}  # no min, max or step on a text box: the browser would check them as a number

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int):
            return value
        parsed = parse_amount(value)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


def amount_fields(*names):
    """`Meta.field_classes` for a ModelForm's money fields."""
    return dict.fromkeys(names, AmountField)
