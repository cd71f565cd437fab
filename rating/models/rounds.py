"""Rating rounds (đợt), their councils and entries, with the history of the round's status."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from org.models import AdministrativeUnit
from products.models import Product, ProductSet
from rating.enums import RoundLevel, RoundStatus, SeatRole
from rating.models.catalogue import RuleSet


class Round(models.Model):
    level = models.CharField(_("level"), max_length=10, choices=RoundLevel.choices)
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("round number"), default=1)
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="rounds")
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT, editable=False
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rating round")
        verbose_name_plural = _("rating rounds")
        ordering = ["-year", "-number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["level", "unit", "year", "number"], name="round_number_unique"),
        ]

    def __str__(self):
        return _("Round %(number)s/%(year)s, %(unit)s") % {"number": self.number, "year": self.year, "unit": self.unit}


class RoundTransition(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=RoundStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=RoundStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.round_id}: {self.from_status} → {self.to_status}"


class CouncilSeat(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT,
                             related_name="council_seats")  # fmt: skip
    role = models.CharField(_("role"), max_length=12, choices=SeatRole.choices, default=SeatRole.MEMBER)

    class Meta:
        verbose_name = _("council seat")
        verbose_name_plural = _("council seats")
        ordering = ["round", "role", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="seat_unique")]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.get_role_display()})"


class Entry(models.Model):
    """A product in a round: scored on the sheet of its product set under the round's rule set."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="entries")
    product_set = models.ForeignKey(ProductSet, verbose_name=_("product set"), on_delete=models.PROTECT,
                                    related_name="+")  # fmt: skip
    forwarded_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    dossier_checked = models.BooleanField(_("dossier checked"), default=False)
    samples_arrived = models.BooleanField(_("samples arrived"), default=False)
    # Results, written when sheets are submitted (products of the sums, so the average stays exact).
    score_sum = models.DecimalField(_("sum of the scores"), max_digits=8, decimal_places=1, default=0)
    sheet_count = models.PositiveSmallIntegerField(_("sheets submitted"), default=0)
    part_sums = models.JSONField(default=dict)
    lowest_total = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    highest_total = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    stars = models.PositiveSmallIntegerField(_("stars"), null=True)
    knocked_out = models.BooleanField(_("knocked out"), default=False)
    knockout_votes = models.PositiveSmallIntegerField(default=0)  # submitted sheets that eliminate it
    knockout_reason = models.TextField(_("why it was knocked out"), blank=True)
    discussed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    discussed_at = models.DateTimeField(null=True)
    discussion_note = models.TextField(_("discussion"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["round", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "product"], name="entry_once_per_round")]

    def __str__(self):
        return str(self.product)
