"""Activities (training, fairs, promotion, media) and the funding ledger with its eligibility rules."""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.models import AdministrativeUnit, Agency
from plans.enums import COMMUNE_KINDS, ActivityKind, Audience, FundingSource, MediaKind
from plans.models.plan import Plan, Target
from products.models import Producer, Product


def normalise_name(text):
    """One spelling of a programme's name: composed accents (NFC), single spaces."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def same_name(a, b):
    return normalise_name(a).casefold() == normalise_name(b).casefold()


class Activity(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    organiser = models.ForeignKey(Agency, verbose_name=_("organiser"), on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="activities")  # fmt: skip
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    cost = models.PositiveBigIntegerField(_("cost (đồng)"), null=True, blank=True)
    media_kind = models.CharField(_("media"), max_length=12, choices=MediaKind.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    targets = models.ManyToManyField(Target, verbose_name=_("targets it serves"), blank=True,
                                     related_name="activities")  # fmt: skip
    producers = models.ManyToManyField(Producer, verbose_name=_("producers taking part"), blank=True,
                                       related_name="plan_activities")  # fmt: skip
    products = models.ManyToManyField(Product, verbose_name=_("products shown"), blank=True,
                                      related_name="plan_activities")  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["plan", "-held_on", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.kind == ActivityKind.TRAINING:
            if not self.audience:
                errors["audience"] = _("Say who the training was for.")
            if self.participants is None:
                errors["participants"] = _("Give the number of participants.")
        if self.kind == ActivityKind.MEDIA and not self.media_kind:
            errors["media_kind"] = _("Say what kind of media work this was.")
        if self.plan_id and self.held_on and self.held_on.year != self.plan.year:
            errors["held_on"] = _("Choose a date in the plan's year, %(year)s.") % {"year": self.plan.year}
        if errors:
            raise ValidationError(errors)


class FundingRule(models.Model):
    """Set by a district (or province): a source, or one integrated programme, may not fund a kind of unit.

    The 2020 Long Mỹ plan: the new-rural-development programme's money does not go to thị trấn.
    """

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("set by"), on_delete=models.PROTECT,
                             related_name="funding_rules")  # fmt: skip
    source = models.CharField(_("source"), max_length=16, choices=FundingSource.choices)
    programme = models.CharField(_("programme"), max_length=200, blank=True,
                                 help_text=_("Empty: every programme of this source."))  # fmt: skip
    refused_kind = models.CharField(_("may not fund a"), max_length=32, choices=COMMUNE_KINDS)
    note = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("funding rule")
        verbose_name_plural = _("funding rules")
        ordering = ["unit__path", "source", "programme"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "source", "programme", "refused_kind"], name="funding_rule_unique")
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.programme} ≠ {self.get_refused_kind_display()}".replace("  ", " ")

    def clean(self):
        if self.programme.strip() and self.source != FundingSource.PROGRAMME:
            raise ValidationError({"programme": _("Only an integrated programme is named; leave this empty.")})

    def matches(self, source, programme):
        if self.source != source:
            return False
        return not self.programme or same_name(self.programme, programme)


class Funding(models.Model):
    """A ledger line: money from a source, on a date, for a producer, a product or an activity."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("source"), max_length=16, choices=FundingSource.choices)
    programme = models.CharField(_("programme"), max_length=200, blank=True,
                                 help_text=_("The integrated programme's name, e.g. Nông thôn mới."))  # fmt: skip
    amount = models.PositiveBigIntegerField(_("amount (đồng)"), validators=[MinValueValidator(1)])
    amount.is_money = True  # shown as 185.000 đ in the change history
    spent_on = models.DateField(_("date"))
    producer = models.ForeignKey(Producer, verbose_name=_("producer"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="funding")  # fmt: skip
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="funding")  # fmt: skip
    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="funding")  # fmt: skip
    description = models.CharField(_("what it funded"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["plan", "-spent_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_amount_positive"),
            models.CheckConstraint(
                condition=Q(source="programme", programme__gt="") | ~Q(source="programme"),
                name="funding_programme_named",
                violation_error_message=_("Name the integrated programme."),
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.amount}"

    def clean(self):
        if self.source == FundingSource.PROGRAMME and not normalise_name(self.programme):
            raise ValidationError({"programme": _("Name the integrated programme.")})
        if self.plan_id and self.spent_on and self.spent_on.year != self.plan.year:
            message = _("Choose a date in the plan's year, %(year)s.") % {"year": self.plan.year}
            raise ValidationError({"spent_on": message})

    @property
    def beneficiary(self):
        return self.product or self.producer or self.activity

    def beneficiary_commune(self):
        """The commune-level unit the money goes to, if any (the unit kind the rules look at)."""
        if self.product_id:
            return self.product.commune
        if self.producer_id:
            return self.producer.commune
        return None
