"""Dashboards: an agency's own tasks, and the district office's view of a plan for a quarter."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import DetailView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from plans import board
from plans.enums import ReportStatus
from plans.measures import attainment
from plans.models import ProgressReport
from plans.periods import parse
from plans.selectors import acting_agency_ids, agency_task_years, plan_detail_for, tasks_for_agencies, tasks_of
from plans.views.common import ScopedObjectMixin


class AgencyTasksView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """'My tasks': what the user's agencies lead or coordinate, sorted by what needs doing."""

    permission_required = "plans.agency_tasks"
    template_name = "plans/agency_tasks.html"

    def get_context_data(self, **kwargs):
        user, today = self.request.user, timezone.localdate()
        years = agency_task_years(user)
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            year = None
        if year not in years:
            year = years[0] if years else None
        rows = board.rows(tasks_for_agencies(user, year), today) if year else []
        return super().get_context_data(
            board=board.agency_board(rows, acting_agency_ids(user), today),
            rows=rows,
            counts=board.state_counts(rows),
            years=years,
            year=year,
            **kwargs,
        )


# The oldest reports waiting for review the dashboard lists, each with its review form: a province plan can have
# hundreds waiting, and listing them all made the page 336 KB (bench/pages.py). Reviewed ones make room.
WAITING_SHOWN = 25


class PlanDashboardView(ScopedObjectMixin, DetailView):
    """The district office's dashboard for a plan: completion by agency, overdue tasks, targets, missing reports."""

    permission_required = "plans.view_plan"
    template_name = "plans/dashboard.html"
    context_object_name = "plan"
    scoped_queryset = plan_detail_for

    def chosen_quarter(self):
        quarters = board.quarters_of(self.object.year)
        try:
            chosen = parse(self.request.GET.get("period", ""))
        except ValueError:
            chosen = None
        return chosen if chosen in quarters else board.default_quarter(self.object.year)

    def get_context_data(self, **kwargs):
        plan, today = self.object, timezone.localdate()
        quarter = self.chosen_quarter()
        waiting = (
            ProgressReport.objects.filter(task__plan=plan, status=ReportStatus.SUBMITTED)
            .select_related("task", "agency")
            .order_by("submitted_at", "pk")
        )
        return super().get_context_data(
            figures=board.PlanBoard(tasks_of(plan), quarter, today),
            kept_seconds=settings.PLAN_DASHBOARD_CACHE_SECONDS,
            stamp=board.change_stamp(plan, today),
            targets=attainment(plan, list(plan.targets.prefetch_related("evidence")), today),
            quarter=quarter,
            quarters=board.quarters_of(plan.year),
            waiting=list(waiting[:WAITING_SHOWN]),
            waiting_count=waiting.count(),
            can_review=self.request.user.has_perm("plans.change_plan", plan),
            **kwargs,
        )
