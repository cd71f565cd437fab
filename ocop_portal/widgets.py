"""Form widgets shared by the apps."""

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


class QuickSelect(forms.Select):
    """A <select> written in Python. Django renders every option through a template, and builds a dictionary of
    attributes for each on the way: the list pages' filter forms (a province's 150 communes, the product groups)
    spent more time on their selects than on their queries (bench/pages.py). The same markup as forms.Select but
    for the whitespace between tags (ocop_portal/tests/test_widgets.py)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        parts = []
        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):  # a group: (label, [(value, label), …])
                inner = "".join(self._option(v, label, selected) for v, label in option_label)
                parts.append(f'<optgroup label="{escape(option_value)}">{inner}</optgroup>')
            else:
                parts.append(self._option(option_value, option_label, selected))
        final_attrs = "".join(
            f" {escape(key)}" if value is True else f' {escape(key)}="{escape(value)}"'
            for key, value in self.build_attrs(self.attrs, attrs).items()
            if value is not False and value is not None
        )  # in the order Django's attrs.html writes them (flatatt sorts them)
        return format_html('<select name="{}"{}>{}</select>', name, mark_safe(final_attrs),  # noqa: S308
                           mark_safe("".join(parts)))  # noqa: S308 (each part escaped in _option)  # fmt: skip

    def _option(self, value, label, selected):
        value = "" if value is None else str(value)
        mark = " selected" if value in selected else ""
        return f'<option value="{escape(value)}"{mark}>{escape(label)}</option>'


def kept_choices(field):
    """A model choice field's (value, label) list, kept FILTER_CHOICES_CACHE_SECONDS in Django's cache per query,
    label maker and language: a list page read its 150 communes (or the communes with a certificate) and made each a
    model and a label at every request. What is chosen is still checked against the query itself. None: not kept."""
    seconds = settings.FILTER_CHOICES_CACHE_SECONDS
    if not seconds:
        return None
    try:
        query = str(field.queryset.query)
    except EmptyResultSet:
        return None
    kind = f"{type(field).__module__}.{type(field).__qualname__}"
    key = hashlib.sha256(f"{query}|{kind}|{field.empty_label}|{get_language()}".encode()).hexdigest()
    choices = cache.get(f"filter-choices:{key}")
    if choices is None:
        choices = [("" if value == "" else str(value), str(label)) for value, label in field.choices]
        cache.set(f"filter-choices:{key}", choices, seconds)
    return choices


def compact_filter_form(form):
    """The filter form above a list: small Bootstrap controls, selects written by QuickSelect, model choices kept
    (kept_choices)."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            field.widget = QuickSelect(attrs=widget.attrs, choices=widget.choices)
            field.widget.is_required = widget.is_required
            if isinstance(field, forms.ModelChoiceField):
                kept = kept_choices(field)
                if kept is not None:
                    field.widget.choices = kept
        select = isinstance(field.widget, forms.Select)
        field.widget.attrs["class"] = "form-select form-select-sm" if select else "form-control form-control-sm"
