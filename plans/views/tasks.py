"""Task screens: a task's page with its periods and reports, add and edit, post a report, review it, files."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from ocop_portal import history
from org.models import Agency
from plans import board, services
from plans.enums import ReportStatus
from plans.forms import ReportForm, ReviewForm, TaskForm
from plans.models import ProgressReport, Task
from plans.periods import periods_of
from plans.selectors import (
    evidence_visible_to,
    plan_agencies,
    plans_visible_to,
    reports_visible_to,
    task_detail_for,
    tasks_visible_to,
)
from plans.status import is_late
from plans.views.common import PlanPage, ScopedObjectMixin, stored_file_response


def report_form_for(user, task, data=None, files=None, period=None):
    """The report form for the agencies the user reports for on this task, or None."""
    agencies = services.reporting_agencies(user, task)
    periods = services.reportable_periods(task, timezone.localdate())
    if not agencies or not periods:
        return None
    own = [r for r in task.reports.all() if r.agency_id == agencies[0].pk]
    reported = {r.period for r in own if r.status != ReportStatus.RETURNED}
    wanted = [p for p in periods if p.code == period] if period else []
    chosen = wanted[0] if wanted else board.period_to_report(task, reported, timezone.localdate()) or periods[0]
    form = ReportForm(
        data, files, agencies=Agency.objects.filter(pk__in=[a.pk for a in agencies]), periods=periods,
        initial={"period": chosen.code, "agency": agencies[0].pk},
    )  # fmt: skip
    form.helper.form_action = reverse("plans:report_add", args=[task.pk])
    return form


def _report_name(record):
    return f"{capfirst(ProgressReport._meta.verbose_name)} {record.period}"


class TaskDetailView(ScopedObjectMixin, DetailView):
    template_name = "plans/task_detail.html"
    context_object_name = "task"
    permission_required = "plans.view_plan"
    scoped_queryset = task_detail_for

    def get_context_data(self, **kwargs):
        user, task = self.request.user, self.object
        reports = list(task.reports.all())
        by_period = {}
        for report in reports:
            by_period.setdefault(report.period, []).append(report)
        periods = [(p, by_period.get(p.code, [])) for p in periods_of(task.plan.year, task.recurrence)]
        for period, filed in periods:
            for report in filed:
                report.late = is_late(report, period, settings.PLAN_REPORT_GRACE_DAYS)
        can_review = user.has_perm("plans.change_plan", task.plan)
        return super().get_context_data(
            status=board.status_of(task),
            periods=periods,
            report_form=report_form_for(user, task) if user.has_perm("plans.post_report", task) else None,
            can_manage=can_review,
            can_review=can_review,
            review_form=ReviewForm(),
            audit=history.trail(
                history.source(Task.history.filter(id=task.pk)),
                history.source(ProgressReport.history.filter(task_id=task.pk), describe=_report_name),
                everything=history.wants_everything(self.request),
            ),
            **kwargs,
        )


class TaskPage(PlanPage):
    form_class = TaskForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "agencies": plan_agencies(self.plan)}

    def save(self, form):
        task = form.save(commit=False)
        task.plan = self.plan
        services.save_task(
            task, coordinating=list(form.cleaned_data["coordinating_agencies"]), user=self.request.user,
            uploads=form.cleaned_data["files"],
        )  # fmt: skip
        return reverse("plans:task_detail", args=[task.pk])


class TaskCreateView(TaskPage):
    scoped_queryset = plans_visible_to
    heading = gettext_lazy("New task")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Task(plan=self.plan)}


class TaskUpdateView(TaskPage):
    scoped_queryset = tasks_visible_to
    heading = gettext_lazy("Edit the task")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}


class ReportCreateView(PlanPage):
    permission_required = "plans.post_report"
    scoped_queryset = tasks_visible_to
    heading = gettext_lazy("Progress report")
    success_message = gettext_lazy("Your report was sent for review.")

    def crumbs(self):
        return [*super().crumbs(), (self.object.title, reverse("plans:task_detail", args=[self.object.pk]))]

    def get_form(self, form_class=None):
        form = report_form_for(
            self.request.user, self.object, self.request.POST or None, self.request.FILES or None,
            period=self.request.GET.get("period"),
        )  # fmt: skip
        if form is None:
            if not services.reporting_agencies(self.request.user, self.object):
                raise ValidationError(_("You do not report for any of this task's agencies."))
            raise ValidationError(_("No period of this plan has begun yet."))
        return form

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("plans:task_detail", pk=kwargs["pk"])

    def save(self, form):
        data = form.cleaned_data
        services.post_report(
            self.object, user=self.request.user, agency=data["agency"], period=data["period"], text=data["text"],
            percent_done=data["percent_done"], figures=data["figures"], uploads=data["files"],
        )  # fmt: skip
        return reverse("plans:task_detail", args=[self.object.pk])


class ReviewView(ScopedObjectMixin, View):
    """Accept a report, or return it with a note (POST only)."""

    http_method_names = ["post"]
    permission_required = "plans.review_report"
    scoped_queryset = reports_visible_to

    def post(self, request, *args, **kwargs):
        report = self.object
        form = ReviewForm(request.POST)
        form.is_valid()
        accept = request.POST.get("decision") == "accept"
        try:
            services.review_report(report, user=request.user, accept=accept, note=form.cleaned_data.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if accept:
                messages.success(request, _("Report accepted: %(task)s.") % {"task": report.task})
            else:
                returned = _("Report returned to %(agency)s with your note.")
                messages.success(request, returned % {"agency": report.agency})
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("plans:task_detail", args=[report.task_id])
        return redirect(target)


class EvidenceFileView(ScopedObjectMixin, View):
    permission_required = "plans.view_plan"
    scoped_queryset = evidence_visible_to

    def get_permission_object(self):
        owner = self.object.task or self.object.target or self.object.report.task
        return owner.plan

    def get(self, request, *args, **kwargs):
        evidence = self.object
        return stored_file_response(evidence.file, evidence.content_type, evidence.original_name)
