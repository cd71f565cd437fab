"""A periodic report of a unit (commune, district, province): its request, progress, timings and files.

The row, not Celery's result backend, holds the state; `generation` tells a fresh request from an old
message, so a duplicate or late message never produces the report twice.
"""

from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import AdministrativeUnit
from reporting import periods
from reporting.enums import PeriodKind, ReportState

SERVICE_WAIT = timedelta(minutes=1)  # queued longer than this: the page says the report service is unavailable


def report_file_path(instance, filename):
    return f"reports/{instance.unit.code}/{instance.pk}-{instance.generation}-{filename}"


class Report(models.Model):
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("period kind"), max_length=10, choices=PeriodKind.choices)
    period_code = models.CharField(_("period"), max_length=30)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    language = models.CharField(_("language"), max_length=8, default="vi")
    number = models.CharField(_("document number"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ReportState.choices, default=ReportState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    generation = models.PositiveIntegerField(default=1)  # bumped by each (re)generation request
    attempts = models.PositiveSmallIntegerField(default=0)
    # Who is producing it: the Celery task (or the command's run) that started it. Another message for the same
    # generation leaves it to that one unless it has been silent for REPORT_STUCK_MINUTES.
    task_id = models.CharField(max_length=80, blank=True, editable=False)  # tries, with those that found the row locked
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    # The last send to the broker failed (Redis down): the page says the report waits for the service; the sweep
    # sends it again and a successful send clears it.
    send_failed = models.BooleanField(default=False, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    gather_seconds = models.FloatField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    pdf_seconds = models.FloatField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to=report_file_path, max_length=255, blank=True)
    xlsx = models.FileField(_("Excel"), upload_to=report_file_path, max_length=255, blank=True)
    generated_at = models.DateTimeField(_("produced"), null=True, blank=True)  # when the files were made

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-end", "unit__path", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "start", "end"], name="report_once_per_period"),
        ]
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self):
        return _("Report of %(unit)s, %(period)s") % {"unit": self.unit, "period": self.period.label}

    @property
    def period(self):
        """The period as stored: its dates are the row's, whatever the cut-off settings say today."""
        if self.kind == PeriodKind.CUSTOM:
            return periods.custom(self.start, self.end)
        return replace(periods.parse(self.period_code), start=self.start, end=self.end)

    @property
    def is_provisional(self):
        """Produced before its period ended: its figures stop on the day it was made."""
        return bool(self.generated_at) and timezone.localtime(self.generated_at).date() <= self.end

    @property
    def is_live(self):
        return self.status in (ReportState.QUEUED, ReportState.PROCESSING)

    @property
    def waits_for_service(self):
        """Queued, and the report service did not take it: its last send failed (the broker is down), or no
        worker has started it for SERVICE_WAIT (none running)."""
        if self.status != ReportState.QUEUED:
            return False
        return self.send_failed or self.requested_at < timezone.now() - SERVICE_WAIT


class ReportTransition(models.Model):
    """Each change of a report's status: who (none for the scheduler and the worker), when, from, to, note."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=12, choices=ReportState.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=ReportState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")  # fmt: skip
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report_id}: {self.from_status} → {self.to_status}"
