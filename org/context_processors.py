"""Navigation by role, for base.html."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from org.enums import ROLE_PRIORITY, Role
from org.selectors import roles_of


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    items = [(_("Home"), reverse("home"), "/home/")]
    if roles:
        items.append((_("Area"), reverse("org:unit_list"), reverse("org:unit_list")))
        items.append((_("Agencies"), reverse("org:agency_list"), reverse("org:agency_list")))
    if user.is_staff:
        items.append((_("Administration"), reverse("admin:index"), reverse("admin:index")))
    path = request.path
    nav = [{"label": label, "url": url, "active": path.startswith(prefix)} for label, url, prefix in items]
    my_roles = [
        {"role": role, "label": Role(role).label, "url": reverse("role_home", args=[role])}
        for role in ROLE_PRIORITY
        if role in roles
    ]
    return {"nav_items": nav, "my_roles": my_roles}
