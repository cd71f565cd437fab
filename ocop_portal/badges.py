"""Bootstrap badges written by the apps' template tags (a product's status, a task's or report's state, a
certificate's): as included templates, a list of 25–200 of them was a fifth of its page (bench/page_profile.py)."""

from django.utils.html import format_html, format_html_join


def badge(style, label, **data):
    """<span class="badge text-bg-{style}" data-…>{label}</span>; `data` its data-* attributes (status="rated")."""
    attributes = format_html_join("", ' data-{}="{}"', data.items())
    return format_html('<span class="badge text-bg-{}"{}>{}</span>', style, attributes, label)
