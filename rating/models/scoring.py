"""Score sheets: one per council member per entry, one answer per criterion."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rating.enums import SheetStatus
from rating.models.catalogue import Criterion, Option
from rating.models.rounds import CouncilSeat, Entry


class Conflict(models.Model):
    """A member's declared conflict of interest on an entry: they do not score it."""

    seat = models.ForeignKey(CouncilSeat, on_delete=models.CASCADE, related_name="conflicts")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="conflicts")
    note = models.CharField(_("reason"), max_length=255, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seat", "entry"], name="conflict_unique")]

    def __str__(self):
        return f"{self.seat} × {self.entry}"


class ScoreSheet(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="score_sheets")
    seat = models.ForeignKey(CouncilSeat, on_delete=models.CASCADE, related_name="score_sheets")
    status = models.CharField(_("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=1, default=0)
    part_totals = models.JSONField(default=dict)
    knocked_out = models.BooleanField(_("knocked out"), default=False)
    knockout_reason = models.TextField(_("why it was knocked out"), blank=True)
    # Criterion numbers whose stop condition the member says holds (e.g. no valid food-safety certificate).
    stops = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["entry", "seat"]
        constraints = [models.UniqueConstraint(fields=["entry", "seat"], name="sheet_once_per_member")]

    def __str__(self):
        return f"{self.entry} · {self.seat}: {self.total}"


class Answer(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "option"], name="answer_once_per_option")]

    def __str__(self):
        return f"{self.criterion_id}: {self.option_id}"
