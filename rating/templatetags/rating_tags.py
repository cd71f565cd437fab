"""Parts of the rating pages written in Python where a template repeated them often enough to be most of the page's
time (bench/page_profile.py): a score sheet's ~150 options, a round's entry buttons."""

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from rating.enums import SheetStatus

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


@register.simple_tag(takes_context=True)
def entry_actions(context, row):
    """A round entry's buttons (its certificate, issuing one, the member's sheet), written once per row and shown
    twice (under the product on a phone, in the last column otherwise): as an included template, twice per row,
    they were a sixth of a scored round's page."""
    entry, certificate, sheet = row["entry"], row["certificate"], row["my_sheet"]
    parts = []
    if certificate:
        url = reverse("certificates:certificate_detail", args=[certificate.pk])
        parts.append(format_html('<a class="btn btn-sm btn-outline-success" href="{}">{}</a>', url, certificate.number))
    elif row["can_issue"]:
        parts.append(
            format_html(
                '<form method="post" action="{}" class="d-inline">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<input type="hidden" name="next" value="{}">'
                '<button type="submit" class="btn btn-sm btn-ocop text-nowrap" data-action="issue">{}</button></form>',
                reverse("certificates:certificate_issue", args=[entry.pk]),
                str(context.get("csrf_token", "")),
                context["request"].path,
                _("Issue the certificate"),
            )
        )
    if sheet:
        draft = sheet.status == SheetStatus.DRAFT
        parts.append(
            format_html(
                '<a class="btn btn-sm {}" href="{}" data-sheet="{}">{}</a>',
                "btn-ocop" if draft else "btn-outline-secondary",
                reverse("rating:sheet", args=[sheet.pk]),
                sheet.pk,
                _("Score") if draft else _("My sheet"),
            )
        )
    return mark_safe(" ".join(parts))  # noqa: S308 (each part built by format_html)
