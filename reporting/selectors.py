"""Reports and units scoped to the user: what lies outside is simply not found (404).

Leadership, district and province officers see the reports of their unit and every unit below it; a commune
official those of their commune; agency staff those of their agency's unit (read only)."""

from org.enums import Level, Role
from org.models import AdministrativeUnit
from org.selectors import scope_q
from reporting.models import Report

READ_ROLES = (Role.LEADERSHIP, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICIAL,
              Role.AGENCY_STAFF)  # fmt: skip
REQUEST_ROLES = (Role.LEADERSHIP, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICIAL)


def reports_visible_to(user):
    return Report.objects.filter(scope_q(user, "unit__path", READ_ROLES)).select_related("unit", "requested_by")


def report_list_for(user):
    return reports_visible_to(user).order_by("-end", "unit__path", "kind", "-pk")


def units_for_reports(user):
    """The units the user may ask a report for (their unit and those below it), provinces and districts first."""
    return AdministrativeUnit.objects.filter(scope_q(user, "path", REQUEST_ROLES)).order_by("level", "path")


def dashboard_units(user):
    """The units a dashboard may show: the user's own units of the province and district levels first."""
    units = units_for_reports(user)
    upper = units.filter(level__in=(Level.PROVINCE, Level.DISTRICT))
    return upper if upper.exists() else units
