"""Phone numbers as people type them: "0293 3871 234", "(0293) 3.871.234", "+84 912-345-678".

Stored compact (digits with a leading 0, or +84 and digits) so a number is found and compared whatever the
typing; shown grouped for reading by the `phone` filter (products_tags).
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from products.models.producers import phone_validator

SEPARATORS = re.compile(r"[\s.\-()]")  # str patterns match the non-breaking space too


def normalise_phone(text):
    """The number without spaces, dots, dashes or parentheses; checked by the model's validator."""
    return SEPARATORS.sub("", str(text))


class PhoneField(forms.CharField):
    default_error_messages = {
        "invalid": _(
            "Enter a Vietnamese phone number: 9 to 11 digits starting with 0, or +84 and 8 to 10 digits, "
            "e.g. 0293 3871 234 or 0912 345 678."
        ),
    }

    def widget_attrs(self, widget):
        # The stored number has at most 15 characters; typed with its spaces and dots it may have more.
        return {**super().widget_attrs(widget), "maxlength": "30"}

    def to_python(self, value):
        return normalise_phone(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value and not phone_validator.regex.search(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


# The digits after 0 or +84: landlines have a 3-digit area code (0293 3871 234), mobiles 3-3-3 (0912 345 678).
GROUPS = {10: (3, 4, 3), 9: (3, 3, 3)}


def format_phone(number):
    """02933871234 → "0293 3871 234", +84912345678 → "+84 912 345 678"; other lengths as stored."""
    match = re.fullmatch(r"(\+84|0)(\d+)", number or "")
    if match is None or len(match.group(2)) not in GROUPS:
        return number
    prefix, digits = match.groups()
    parts, start = [], 0
    for size in GROUPS[len(digits)]:
        parts.append(digits[start : start + size])
        start += size
    parts[0] = prefix + parts[0] if prefix == "0" else f"{prefix} {parts[0]}"
    return " ".join(parts)
