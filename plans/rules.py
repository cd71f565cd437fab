"""Who may do what with plans (django-rules). Scope (404) is the selectors' job; these decide 403."""

import rules

from org.rules import is_manager, manages_unit
from plans.selectors import acting_agency_ids, plan_path_visible


def _plan_of(obj):
    return getattr(obj, "plan", obj)


@rules.predicate
def sees_plan(user, obj):
    return obj is not None and plan_path_visible(user, _plan_of(obj).unit.path)


@rules.predicate
def manages_plan(user, obj):
    return obj is not None and manages_unit(user, _plan_of(obj).unit)


@rules.predicate
def acts_for_task(user, task):
    """The user works for the task's lead agency or one of its coordinating agencies."""
    if task is None:
        return False
    mine = acting_agency_ids(user)
    return task.lead_agency_id in mine or any(a.pk in mine for a in task.coordinating_agencies.all())


@rules.predicate
def acts_in_plan_unit(user, plan):
    """Staff of an agency of the plan's own unit (e.g. the radio station recording its media work)."""
    from org.models import Agency

    mine = acting_agency_ids(user)
    return bool(mine) and Agency.objects.filter(pk__in=mine, unit=_plan_of(plan).unit).exists()


@rules.predicate
def organised_it(user, activity):
    return activity is not None and activity.organiser_id in acting_agency_ids(user)


@rules.predicate
def manages_rule_unit(user, rule):
    return rule is not None and manages_unit(user, rule.unit)


@rules.predicate
def reviews_report(user, report):
    return report is not None and manages_unit(user, report.task.plan.unit)


rules.add_perm("plans.list_plans", rules.is_authenticated)
rules.add_perm("plans.add_plan", is_manager)
rules.add_perm("plans.view_plan", sees_plan)
rules.add_perm("plans.change_plan", manages_plan)
rules.add_perm("plans.post_report", sees_plan & acts_for_task)
rules.add_perm("plans.review_report", reviews_report)  # a report reviewed already: the service says so
rules.add_perm("plans.record_activity", manages_plan | (sees_plan & acts_in_plan_unit))
rules.add_perm("plans.change_activity", manages_plan | (sees_plan & organised_it))
rules.add_perm("plans.agency_tasks", rules.is_authenticated)
rules.add_perm("plans.change_funding_rule", manages_rule_unit)
