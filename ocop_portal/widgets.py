"""Form widgets shared by the apps."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A <select> written in Python. Django renders every option through a template: about 0.3 ms an option, so
    the list pages' filter forms (a province's 150 communes, the product groups) spent more time on their selects
    than on their queries (bench/pages.py). Same markup as forms.Select."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((option["value"] if option["value"] is not None else "", flatatt(option["attrs"]), option["label"])
                 for option in options),
            )  # fmt: skip
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', group, rendered) if group else rendered)
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]),
                           mark_safe("".join(parts)))  # noqa: S308 (each part is built by format_html)  # fmt: skip


def compact_filter_form(form):
    """The filter form above a list: small Bootstrap controls, selects written by QuickSelect."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            field.widget = QuickSelect(attrs=widget.attrs, choices=widget.choices)
            field.widget.is_required = widget.is_required
        select = isinstance(field.widget, forms.Select)
        field.widget.attrs["class"] = "form-select form-select-sm" if select else "form-control form-control-sm"
