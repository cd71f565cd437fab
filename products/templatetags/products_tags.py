from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

from products.enums import ProductStatus

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


@register.inclusion_tag("products/_status.html")
def status_badge(product_or_status):
    status = getattr(product_or_status, "status", product_or_status)
    return {"status": status, "label": ProductStatus(status).label, "style": STATUS_STYLES[ProductStatus(status)]}


@register.filter
def star_glyphs(stars):
    """3 → '★★★' (the rating app's pages and PDFs use it too)."""
    return "★" * (stars or 0)


@register.filter
def dong(value):
    """Whole đồng in the active language's number format: 1.500.000 đ."""
    if value is None or value == "":
        return "—"
    return _("%(amount)s đ") % {"amount": intcomma(value)}
