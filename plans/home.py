"""The plan's lines on the role home pages: what an agency must report, what the office must review."""

from django.urls import reverse
from django.utils.translation import ngettext

from org.enums import MANAGING_ROLES, Role
from org.selectors import scope_q
from plans import board
from plans.enums import ReportStatus, TaskState
from plans.models import ProgressReport
from plans.selectors import agency_task_years, tasks_for_agencies

REPORTING_ROLES = (Role.AGENCY_STAFF, Role.COMMUNE_OFFICIAL)


def plan_alerts(user, role):
    """[{text, url, style}] for the role's home page."""
    role = Role(role)
    if role in REPORTING_ROLES:
        return _agency_alerts(user)
    if role in MANAGING_ROLES:
        return _office_alerts(user, role)
    return []


def _agency_alerts(user):
    years = agency_task_years(user)
    if not years:
        return []
    counts = board.state_counts(board.rows(tasks_for_agencies(user, years[0])))
    url = reverse("plans:agency_tasks")
    alerts = []
    if counts[TaskState.OVERDUE]:
        n = counts[TaskState.OVERDUE]
        alerts.append({"text": ngettext("%(n)d plan task is overdue", "%(n)d plan tasks are overdue", n) % {"n": n},
                       "url": url, "style": "danger"})  # fmt: skip
    if counts[TaskState.DUE_SOON]:
        n = counts[TaskState.DUE_SOON]
        alerts.append({"text": ngettext("%(n)d plan task is due soon", "%(n)d plan tasks are due soon", n) % {"n": n},
                       "url": url, "style": "warning"})  # fmt: skip
    return alerts


def _office_alerts(user, role):
    waiting = ProgressReport.objects.filter(
        scope_q(user, "task__plan__unit__path", [role]), status=ReportStatus.SUBMITTED
    )
    latest = waiting.order_by("-task__plan__year").values_list("task__plan", flat=True).first()
    if latest is None:
        return []
    n = waiting.count()
    text = ngettext("%(n)d progress report waiting for review", "%(n)d progress reports waiting for review", n)
    return [{"text": text % {"n": n}, "url": reverse("plans:dashboard", args=[latest]), "style": "warning"}]
