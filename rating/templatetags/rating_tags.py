"""Parts of the rating pages written in Python where a template repeated them often enough to be most of the page's
time (bench/page_profile.py): a score sheet's ~150 options, a round's entries table."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ocop_portal.badges import badge
from rating.entries_table import EntriesTable

register = template.Library()

OPTION = (
    '<div class="form-check">'
    '<input class="form-check-input" type="{}" name="c{}" id="o{}" value="{}"{}>'
    '<label class="form-check-label" for="o{}">{} <span class="text-body-secondary">— {}</span></label>'
    "</div>"
)


@register.simple_tag
def sheet_options(item):
    """One criterion's options (`item` as SheetView.render builds it), each list's label before its first option."""
    criterion, multiple, chosen = item["criterion"], item["multiple"], item["chosen"]
    picked = {option.pk for option in chosen} if multiple and chosen else {getattr(chosen, "pk", None)}
    parts, previous = [], object()
    for option in item["options"]:
        if option.list_label != previous and option.list_label:
            parts.append(format_html('<div class="small fst-italic mt-1">{}</div>', option.list_label))
        previous = option.list_label
        parts.append(
            format_html(
                OPTION,
                "checkbox" if multiple else "radio",
                criterion.pk,
                option.pk,
                option.pk,
                mark_safe(" checked") if option.pk in picked else "",  # noqa: S308 (a constant)
                option.pk,
                option.text,
                floatformat(option.points, "-1"),
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 (each part built by format_html)


CERTIFICATE_STATES = {
    "valid": ("success", _("Valid")),
    "expiring": ("warning", _("Expiring soon")),
    "expired": ("secondary", _("Expired")),
    "superseded": ("secondary", _("Replaced")),
    "revoked": ("danger", _("Revoked")),
    "unknown": ("light", _("Validity not recorded")),
}


@register.simple_tag
def certificate_state(state):
    """A certificate's state (Certificate.state: valid, expiring, expired, replaced, revoked…) as a badge."""
    if state not in CERTIFICATE_STATES:
        return ""
    return badge(*CERTIFICATE_STATES[state])


@register.simple_tag(takes_context=True)
def entry_rows(context, rows):
    """A round's entries table (rating.entries_table)."""
    return EntriesTable(context).rows(rows)
