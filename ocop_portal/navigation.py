"""Navigation by role, for base.html. Later features add their entries to NAVIGATION."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from org.enums import Role
from org.selectors import roles_by_priority

HOME = (_("Home"), "home", "/home/")
AREA = (_("Area"), "org:unit_list", None)
AGENCIES = (pgettext_lazy("menu", "Agencies"), "org:agency_list", None)
PRODUCTS = (_("Products"), "products:product_list", None)
PRODUCERS = (_("Producers"), "products:producer_list", None)
RATING = (_("Rating"), "rating:round_list", None)
CERTIFICATES = (pgettext_lazy("menu", "Certificates"), "certificates:certificate_list", None)
PLANS = (pgettext_lazy("menu", "Plans"), "plans:plan_list", "/plans/")
MY_TASKS = (pgettext_lazy("menu", "My tasks"), "plans:agency_tasks", None)
REPORTS = (pgettext_lazy("menu", "Reports"), "reporting:report_list", "/reports/")

# Menu entries per role, in order: (label, url name, active-path prefix or None for the url itself).
NAVIGATION = {
    Role.COMMUNE_OFFICIAL: [HOME, PRODUCTS, PRODUCERS, RATING, CERTIFICATES, MY_TASKS, PLANS, REPORTS, AREA],
    Role.DISTRICT_OFFICER: [HOME, PRODUCTS, PRODUCERS, RATING, CERTIFICATES, PLANS, REPORTS, AREA, AGENCIES],
    Role.PROVINCE_OFFICER: [HOME, PRODUCTS, PRODUCERS, RATING, CERTIFICATES, PLANS, REPORTS, AREA, AGENCIES],
    Role.AGENCY_STAFF: [HOME, MY_TASKS, PLANS, REPORTS, RATING, AGENCIES],  # agency staff often sit on councils
    Role.LEADERSHIP: [HOME, REPORTS, PRODUCTS, PRODUCERS, RATING, CERTIFICATES, PLANS, AREA, AGENCIES],
}
ADMINISTRATION = (_("Administration"), "admin:index", None)


def menu_for(user):
    """The union of the entries of the user's roles, in first-seen order."""
    roles = roles_by_priority(user)
    entries = [HOME] + [entry for role in roles for entry in NAVIGATION[role]]
    if user.is_superuser:
        entries += [PRODUCTS, PRODUCERS, RATING, CERTIFICATES, PLANS, REPORTS, AREA, AGENCIES]
    if user.is_staff:
        entries.append(ADMINISTRATION)
    return list(dict.fromkeys(entries))


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for label, url_name, prefix in menu_for(user):
        url = reverse(url_name)
        matched = prefix or url
        items.append({"label": label, "url": url, "match": len(matched) if request.path.startswith(matched) else 0})
    best = max((item["match"] for item in items), default=0)
    for item in items:  # the entry with the longest matching prefix is the active one
        item["active"] = best > 0 and item.pop("match") == best
        item.pop("match", None)
    my_roles = [
        {"label": Role(role).label, "url": reverse("role_home", args=[role])} for role in roles_by_priority(user)
    ]
    return {"nav_items": items, "my_roles": my_roles}
