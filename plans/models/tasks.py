"""Tasks (nhiệm vụ) for lead and coordinating agencies, their progress reports with history, evidence files."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from org.models import Agency
from plans.enums import Recurrence, ReportStatus
from plans.models.plan import Plan, Target


def random_name(filename):
    return f"{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.CharField(
        _("section"), max_length=20, blank=True, help_text=_("Where the plan sets it, e.g. V.2.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("text"), blank=True)
    lead_agency = models.ForeignKey(
        Agency, verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    coordinating_agencies = models.ManyToManyField(
        Agency, verbose_name=_("coordinating agencies"), blank=True, related_name="coordinated_tasks"
    )
    starts_on = models.DateField(
        _("starts on"),
        null=True,
        blank=True,
        help_text=_("For a task added during the year: no report is owed for periods that ended before this date."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    recurrence = models.CharField(_("recurrence"), max_length=12, choices=Recurrence.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=False) | ~Q(recurrence=""), name="task_due_date_or_recurrence"
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if not self.due_date and not self.recurrence:
            raise ValidationError({"due_date": _("Give the task a due date or make it recur.")})
        year = self.plan.year if self.plan_id else None
        for name in ("due_date", "starts_on"):
            day = getattr(self, name)
            if year and day and day.year != year:
                raise ValidationError({name: _("Choose a date in the plan's year, %(year)s.") % {"year": year}})
        if self.starts_on and self.due_date and self.starts_on > self.due_date:
            raise ValidationError({"starts_on": _("The task starts after its due date.")})


class ProgressReport(models.Model):
    """An agency's report on a task for one period. A returned report stays; the agency files a new one."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=7)
    period_end = models.DateField()
    text = models.TextField(_("what was done"))
    percent_done = models.PositiveSmallIntegerField(
        _("Percent done"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    figures = models.TextField(_("figures"), blank=True, help_text=_("Numbers that back the report, one per line."))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED, editable=False
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["task", "period_end", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "agency", "period"],
                condition=~Q(status=ReportStatus.RETURNED),
                name="report_once_per_agency_period",
                violation_error_message=_("Your agency has already reported on this task for this period."),
            ),
            models.CheckConstraint(condition=Q(percent_done__lte=100), name="report_percent_at_most_100"),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self):
        return f"{self.task} · {self.period}"


class ReportTransition(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ReportStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report_id}: {self.from_status} → {self.to_status}"


def evidence_path(instance, filename):
    return f"plans/evidence/{timezone.now():%Y/%m}/{random_name(filename)}"


class Evidence(models.Model):
    """A file backing a task, a progress report or an entered target value."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence")
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="evidence")  # fmt: skip
    target = models.ForeignKey(Target, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False, report__isnull=True, target__isnull=True)
                | Q(task__isnull=True, report__isnull=False, target__isnull=True)
                | Q(task__isnull=True, report__isnull=True, target__isnull=False),
                name="evidence_has_one_owner",
            )
        ]

    def __str__(self):
        return self.original_name
