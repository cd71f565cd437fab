"""Plan screens: the list, a plan's page (targets and tasks), add, edit, copy to a new year, the signed file."""

import mimetypes

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView
from rules.contrib.views import PermissionRequiredMixin

from org.selectors import units_managed_by
from plans import board, services
from plans.forms import CopyPlanForm, PlanForm
from plans.measures import attainment
from plans.selectors import plan_detail_for, plan_list_for, plans_visible_to, tasks_of
from plans.views.common import FormPage, PlanPage, ScopedObjectMixin, stored_file_response


class PlanListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "plans.list_plans"
    template_name = "plans/plan_list.html"
    context_object_name = "plans"
    paginate_by = 25

    def get_queryset(self):
        return plan_list_for(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=self.request.user.has_perm("plans.add_plan"), **kwargs)


def sections(task_rows):
    """[(section, the lead agency all its tasks share or None, [row])] in the plan's order."""
    grouped = {}
    for row in task_rows:
        grouped.setdefault(row.task.section, []).append(row)
    result = []
    for section, rows in grouped.items():
        leads = {row.task.lead_agency_id for row in rows}
        result.append((section, rows[0].task.lead_agency if len(leads) == 1 else None, rows))
    return result


class PlanDetailView(ScopedObjectMixin, DetailView):
    template_name = "plans/plan_detail.html"
    context_object_name = "plan"
    permission_required = "plans.view_plan"
    scoped_queryset = plan_detail_for

    def get_context_data(self, **kwargs):
        user, plan, today = self.request.user, self.object, timezone.localdate()
        rows = board.rows(tasks_of(plan), today)
        return super().get_context_data(
            targets=attainment(plan, list(plan.targets.prefetch_related("evidence")), today),
            sections=sections(rows),
            counts=board.state_counts(rows),
            task_count=len(rows),
            can_manage=user.has_perm("plans.change_plan", plan),
            can_record=user.has_perm("plans.record_activity", plan),
            **kwargs,
        )


class PlanCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormPage):
    permission_required = "plans.add_plan"
    form_class = PlanForm
    heading = gettext_lazy("New plan")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": units_managed_by(self.request.user)}

    def save(self, form):
        plan = services.save_plan(form.save(commit=False), user=self.request.user, upload=form.cleaned_data["upload"])
        return reverse("plans:plan_detail", args=[plan.pk])


class PlanUpdateView(PlanPage):
    scoped_queryset = plans_visible_to
    form_class = PlanForm
    heading = gettext_lazy("Edit the plan")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object, "units": units_managed_by(self.request.user)}

    def save(self, form):
        services.save_plan(form.save(commit=False), user=self.request.user, upload=form.cleaned_data["upload"])
        return reverse("plans:plan_detail", args=[self.object.pk])


class PlanCopyView(PlanPage):
    scoped_queryset = plans_visible_to
    form_class = CopyPlanForm
    heading = gettext_lazy("Copy into a new year")

    def get_initial(self):
        year = self.object.year + 1
        return {"year": year, "title": self.object.title.replace(str(self.object.year), str(year))}

    def save(self, form):
        copy = services.copy_plan(
            self.object, year=form.cleaned_data["year"], user=self.request.user, title=form.cleaned_data["title"]
        )
        self.success_message = _("The plan was copied into %(year)s: targets and tasks, without progress.") % {
            "year": copy.year
        }
        return reverse("plans:plan_detail", args=[copy.pk])


class PlanFileView(ScopedObjectMixin, View):
    permission_required = "plans.view_plan"
    scoped_queryset = plans_visible_to

    def get(self, request, *args, **kwargs):
        plan = self.object
        if not plan.file:
            raise Http404
        content_type = mimetypes.guess_type(plan.file.name)[0] or "application/octet-stream"  # a checked type's suffix
        return stored_file_response(plan.file, content_type, plan.file_name or "plan")
