"""Choices of the reporting app: period kinds and the report's status."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Six months")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Date range")


class ReportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    PROCESSING = "processing", _("Being produced")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


LIVE_STATES = (ReportState.QUEUED, ReportState.PROCESSING)
