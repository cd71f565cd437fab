"""Querysets of the plans app scoped to a user: what is out of scope is simply not found (404).

Who sees a plan: the people of its unit and the units above it (officers, leadership), the staff of the
agencies of its unit, and everyone working below it — commune officials, the staff of agencies of lower units,
officers of lower units — since a plan assigns tasks downwards (a commune's People's Committee is an agency of
the district plan, section V.11 of the 2020 Long Mỹ plan). Another district's people see nothing of it.
"""

from django.db.models import Prefetch, Q

from org.enums import Role
from org.models import Agency
from org.selectors import memberships_of, memberships_with_role, path_in_scope, scope_q
from plans.models import Activity, Evidence, Funding, FundingRule, Plan, ProgressReport, ReportTransition, Task

_AGENCIES_ATTR = "_ocop_acting_agencies"


def _commune_units(user):
    return [m.unit for m in memberships_with_role(user, Role.COMMUNE_OFFICIAL)]


def _paths_above(user):
    """The paths of the units above each place the user works in: their plans assign tasks downwards."""
    return sorted({path for m in memberships_of(user) for path in m.scope_unit.ancestor_paths})


def plan_scope_q(user, field="unit__path"):
    return scope_q(user, field) | Q(**{f"{field}__in": _paths_above(user)})


def plan_path_visible(user, path):
    return path_in_scope(user, path) or path in _paths_above(user)


def acting_agency_ids(user):
    """The agencies the user reports for: their own agencies, and their commune's People's Committee."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, _AGENCIES_ATTR, None)
    if cached is None:
        cached = {m.agency_id for m in memberships_with_role(user, Role.AGENCY_STAFF)}
        communes = _commune_units(user)
        if communes:
            cached |= set(Agency.objects.filter(unit__in=communes).values_list("pk", flat=True))
        setattr(user, _AGENCIES_ATTR, cached)
    return cached


def plans_visible_to(user):
    return Plan.objects.filter(plan_scope_q(user)).select_related("unit")


def plan_list_for(user):
    return plans_visible_to(user).order_by("-year", "unit__path")


def plan_detail_for(user):
    return plans_visible_to(user).select_related("unit__parent", "created_by")


def _task_prefetches(queryset, reports=None):
    reports = reports or ProgressReport.objects.select_related("agency").order_by("period_end", "pk")
    return queryset.select_related("plan__unit", "lead_agency__unit").prefetch_related(
        "coordinating_agencies", Prefetch("reports", queryset=reports)
    )


def tasks_visible_to(user):
    return _task_prefetches(Task.objects.filter(plan_scope_q(user, "plan__unit__path")))


def tasks_of(plan):
    return _task_prefetches(plan.tasks.all()).order_by("order", "pk")


def task_detail_for(user):
    reports = (
        ProgressReport.objects.select_related("agency", "submitted_by", "reviewed_by")
        .prefetch_related(
            "evidence", Prefetch("transitions", queryset=ReportTransition.objects.select_related("actor"))
        )
        .order_by("period_end", "submitted_at", "pk")
    )
    tasks = Task.objects.filter(plan_scope_q(user, "plan__unit__path"))
    return _task_prefetches(tasks, reports).prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk"))
    )


def _agency_tasks(user):
    """Tasks the user's agencies lead or coordinate, in plans the user can see (a task may repeat: the join)."""
    agencies = acting_agency_ids(user)
    if not agencies:
        return Task.objects.none()
    query = Q(lead_agency__in=agencies) | Q(coordinating_agencies__in=agencies)
    return Task.objects.filter(query, plan_scope_q(user, "plan__unit__path"))


def tasks_for_agencies(user, year=None):
    """The tasks the user's agencies lead or coordinate, each once, with what their status needs."""
    queryset = _task_prefetches(Task.objects.filter(pk__in=_agency_tasks(user).values("pk")))
    if year is not None:
        queryset = queryset.filter(plan__year=year)
    return queryset.order_by("plan__year", "plan__unit__path", "order", "pk")


def agency_task_years(user):
    return sorted(set(_agency_tasks(user).values_list("plan__year", flat=True)), reverse=True)


def reports_visible_to(user):
    return ProgressReport.objects.filter(plan_scope_q(user, "task__plan__unit__path")).select_related(
        "task__plan__unit", "agency"
    )


def evidence_visible_to(user):
    query = (
        plan_scope_q(user, "task__plan__unit__path")
        | plan_scope_q(user, "report__task__plan__unit__path")
        | plan_scope_q(user, "target__plan__unit__path")
    )
    return Evidence.objects.filter(query).select_related(
        "task__plan__unit", "report__task__plan__unit", "target__plan__unit"
    )


def activities_of(plan):
    return (
        plan.activities.select_related("organiser")
        .prefetch_related("targets", "producers", "products")
        .order_by("-held_on", "pk")
    )


def activities_visible_to(user):
    return Activity.objects.filter(plan_scope_q(user, "plan__unit__path")).select_related("plan__unit")


def funding_of(plan):
    return plan.funding.select_related("producer__commune", "product__commune", "activity").order_by("-spent_on", "pk")


def funding_visible_to(user):
    return Funding.objects.filter(plan_scope_q(user, "plan__unit__path")).select_related("plan__unit")


def funding_rules_for(unit):
    """The rules that apply to a unit: those set by the unit itself and by every unit above it."""
    return FundingRule.objects.filter(unit__path__in=[*unit.ancestor_paths, unit.path]).select_related("unit")


def funding_rules_visible_to(user):
    return FundingRule.objects.filter(plan_scope_q(user)).select_related("unit")


def plan_agencies(plan):
    """Agencies a task of the plan can be given to: those of the plan's unit and of the communes below it."""
    return (
        Agency.objects.filter(unit__path__startswith=plan.unit.path)
        .select_related("unit")
        .order_by("unit__path", "name")
    )
