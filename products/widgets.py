"""django-import-export widgets for the registry's Excel files: lookups within the user's scope,
choices by code or label, and numbers written the Vietnamese way. Errors speak the user's language."""

import re
import unicodedata

from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets

from products.phones import normalise_phone

# Characters no form field needs (tab, newline and carriage return excepted); Excel refuses them in a cell.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def without_control_characters(text):
    return CONTROL_CHARACTERS.sub("", text)


def normalise(text):
    text = unicodedata.normalize("NFC", str(text)).strip().casefold()
    return re.sub(r"\s+", " ", text)


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class WholeNumberWidget(widgets.Widget):
    """1500000, 1.500.000, 1,500,000 and 1 500 000 all read as 1500000."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, bool):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = re.sub(r"[\s\u00a0]", "", str(value))
        if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
            text = re.sub(r"[.,]", "", text)
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a registration number typed as a number
        return without_control_characters(str(value)).strip()


class PhoneWidget(TextWidget):
    """A phone number stored as the forms store it (products.phones). A number cell lost its leading 0: put back."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            value = f"0{int(value)}"
        return normalise_phone(super().clean(value, row, **kwargs))


class ChoiceWidget(widgets.Widget):
    """A TextChoices column: accepts the code or the label in Vietnamese or English; renders the label."""

    def __init__(self, choices, unknown_message, aliases=None):
        super().__init__()
        self.choices = choices
        self.unknown_message = unknown_message
        self.lookup = {normalise(alias): code for alias, code in (aliases or {}).items()}
        for code, label in choices.choices:
            self.lookup[normalise(code)] = code
            for language in ("vi", "en"):
                with translation.override(language):
                    self.lookup[normalise(label)] = code

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        code = self.lookup.get(normalise(value))
        if code is None:
            raise ValueError(self.unknown_message() % {"value": value})
        return code

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


AMBIGUOUS = object()


def index_by(objects, keys):
    """{normalised key: object}, with AMBIGUOUS for a key that two objects share (two communes named alike)."""
    index = {}
    for obj in objects:
        for key in keys(obj):
            key = normalise(key)
            index[key] = obj if index.get(key, obj) is obj else AMBIGUOUS
    return index


def ambiguous_message():
    return _("“%(value)s” matches more than one: write its code instead.")


class LookupWidget(widgets.Widget):
    """A foreign key found by any of several keys (code, name…) among objects the user may use."""

    def __init__(self, objects, keys, unknown_message, render_key=str):
        super().__init__()
        self.objects = objects
        self.keys = keys
        self.unknown_message = unknown_message
        self.render_key = render_key
        self._lookup = None

    @property
    def lookup(self):
        if self._lookup is None:
            self._lookup = index_by(self.objects, self.keys)
        return self._lookup

    def find(self, index, value):
        found = index.get(normalise(value))
        if found is AMBIGUOUS:
            raise ValueError(ambiguous_message() % {"value": value})
        return found

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        found = self.find(self.lookup, value)
        if found is None:
            raise ValueError(self.unknown_message() % {"value": value})
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.render_key(value)
