from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ocop_portal.badges import badge
from products.enums import ProductStatus
from products.phones import format_phone

register = template.Library()

STATUS_STYLES = {
    ProductStatus.DRAFT: "secondary",
    ProductStatus.SUBMITTED: "primary",
    ProductStatus.RETURNED: "warning",
    ProductStatus.REJECTED: "danger",
    ProductStatus.ACCEPTED: "info",
    ProductStatus.PLAN_SUBMITTED: "primary",
    ProductStatus.IMPLEMENTING: "info",
    ProductStatus.READY: "success",
}


@register.simple_tag
def status_badge(product_or_status):
    """A product's status badge."""
    status = ProductStatus(getattr(product_or_status, "status", product_or_status))
    return badge(STATUS_STYLES[status], status.label, status=status.value)


@register.filter
def star_glyphs(stars):
    """3 → '★★★' (the rating app's pages and PDFs use it too)."""
    return "★" * (stars or 0)


@register.simple_tag
def star_rating(stars):
    """The stars of a result or certificate, with their count for screen readers and as a tooltip. A tag rather
    than an included template: a round's results page showed ~50 of them, and the include with its two plural
    translations took a tenth of the page's time (bench/page_profile.py)."""
    label = ngettext("%(stars)s star", "%(stars)s stars", stars) % {"stars": stars}
    return format_html(
        '<span class="stars text-warning text-nowrap" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>',
        label,
        star_glyphs(stars),
        label,
    )


@register.filter
def dong(value):
    """Whole đồng in the active language's number format: 1.500.000 đ."""
    if value is None or value == "":
        return "—"
    return _("%(amount)s đ") % {"amount": intcomma(value)}


@register.filter
def phone(value):
    """A stored phone number grouped for reading: 0293 3871 234, 0912 345 678."""
    return format_phone(value)
