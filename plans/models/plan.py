"""A unit's OCOP plan for a year, and its targets (chỉ tiêu)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from org.models import AdministrativeUnit
from plans.enums import Measure


def plan_file_path(instance, filename):
    from plans.models.tasks import random_name

    return f"plans/{instance.unit_id}/{random_name(filename)}"


class Plan(models.Model):
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(_("document number"), max_length=60, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    file = models.FileField(_("signed file"), upload_to=plan_file_path, max_length=255, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("OCOP plan")
        verbose_name_plural = _("OCOP plans")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="plan_once_per_unit_year",
                violation_error_message=_("This unit already has a plan for this year."),
            )
        ]

    def __str__(self):
        return self.title


class Target(models.Model):
    """A target of the plan. Computed from the portal's data where it holds it, otherwise entered."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("target"))
    measure = models.CharField(_("actual value from"), max_length=32, choices=Measure.choices, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    value_unit = models.CharField(
        _("unit of the value"),
        max_length=40,
        default="%",
        help_text=_("“%” for a share; otherwise what is counted, e.g. “products”."),
    )
    population = models.PositiveIntegerField(
        _("out of how many"),
        null=True,
        blank=True,
        help_text=_("For a share of people trained: how many there are. Left empty, the portal counts its accounts."),
    )
    actual_value = models.DecimalField(_("actual value"), max_digits=12, decimal_places=2, null=True, blank=True,
                                       validators=[MinValueValidator(0)])  # fmt: skip
    actual_note = models.TextField(_("how it was measured"), blank=True)
    actual_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actual_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "order", "pk"]

    def __str__(self):
        return Truncator(self.text).chars(110)

    @property
    def is_share(self):
        return self.value_unit.strip() == "%"

    @property
    def is_computed(self):
        return bool(self.measure)


class TargetValueChange(models.Model):
    """One entry of a target's figure: who, when, the value before and after, and how it was measured."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="changes")
    value_before = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    value_after = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.target_id}: {self.value_before} → {self.value_after}"
