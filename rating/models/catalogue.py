"""The criteria catalogue as versioned data: a rule set, and for each product set its scoring sheet
(parts → criterion groups → criteria → options). The numbers the rules define are data on the rule set."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from products.models import ProductSet


def default_star_bands():
    return [[90, 5], [70, 4], [50, 3], [30, 2], [0, 1]]  # lower bounds; each band is [lower, next lower)


class RuleSet(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    part_maxima = models.JSONField(_("part maxima"), default=dict)  # {"A": 35, "B": 25, "C": 40}
    star_bands = models.JSONField(_("star bands"), default=default_star_bands)
    spread_limit = models.DecimalField(_("spread limit between members"), max_digits=5, decimal_places=1,
                                       default=Decimal("10"))  # fmt: skip
    validity_months = models.PositiveSmallIntegerField(_("certificate validity (months)"), default=36)
    council_sizes = models.JSONField(_("council sizes"), default=dict)  # {"district": [5, 7], …}
    forward_thresholds = models.JSONField(_("forward thresholds"), default=dict)  # {"district": 50, …}
    recognised_stars = models.JSONField(_("stars recognised by level"), default=dict)  # {"province": [3, 4]}
    # The procedure as data: the product classification the sheets hang on, the levels whose councils score, the
    # level that pre-assesses (QĐ 1489: the commune), and a rule set whose sheets this one uses (1489 amends only
    # 148's procedure). What the sources do not confirm is said in `unconfirmed`, shown wherever the rule set is.
    classification = models.CharField(_("product classification"), max_length=40, default="1048/QĐ-TTg")
    criteria_from = models.ForeignKey(
        "self",
        verbose_name=_("uses the scoring sheets of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    rating_levels = models.JSONField(_("levels whose councils score"), default=list, blank=True)
    pre_assessment_level = models.CharField(_("level that pre-assesses"), max_length=10, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    unconfirmed = models.TextField(_("not confirmed by the sources"), blank=True)

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["-effective_from", "code"]

    def __str__(self):
        return self.code

    def stars_for(self, score):
        """Stars of a score (a Decimal or Fraction): half-open bands, the top one closed at 100."""
        for lower, stars in sorted(self.star_bands, reverse=True):
            if score >= lower:
                return stars
        return None

    def forward_threshold(self, level):
        value = self.forward_thresholds.get(level)
        return None if value is None else Decimal(str(value))

    def council_range(self, level):
        return self.council_sizes.get(level)

    def recognises(self, level):
        return self.recognised_stars.get(level, [])

    @property
    def sheets_rule_set_id(self):
        """The rule set whose scoring sheets this one's rounds use."""
        return self.criteria_from_id or self.pk

    def in_force_on(self, day):
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to
        )


class Sheet(models.Model):
    """The scoring sheet of one product set under one rule set."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="sheets")
    product_set = models.ForeignKey(ProductSet, on_delete=models.PROTECT, related_name="sheets")
    knockout = models.TextField(_("knock-out conditions"), blank=True)

    class Meta:
        verbose_name = _("scoring sheet")
        verbose_name_plural = _("scoring sheets")
        ordering = ["rule_set", "product_set__number"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "product_set"], name="sheet_unique")]

    def __str__(self):
        return f"{self.rule_set} · {self.product_set}"


class Part(models.Model):
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="parts")
    code = models.CharField(_("code"), max_length=2)
    title = models.CharField(_("title"), max_length=200)
    max_points = models.DecimalField(_("maximum"), max_digits=5, decimal_places=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sheet", "order"]
        constraints = [models.UniqueConstraint(fields=["sheet", "code"], name="part_code_unique")]

    def __str__(self):
        return f"{self.code}. {self.title}"


class CriterionGroup(models.Model):
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="groups")
    number = models.CharField(_("number"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["part", "order"]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Criterion(models.Model):
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="criteria")  # for one-query loads
    number = models.CharField(_("number"), max_length=10)
    title = models.CharField(_("title"), max_length=500)
    hint = models.TextField(_("explanation"), blank=True)
    max_points = models.DecimalField(_("maximum"), max_digits=5, decimal_places=1)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    knockout_note = models.BooleanField(_("a note eliminates the product"), default=False)
    # Scored only if another criterion of the sheet got at least some points (e.g. 5.2 needs a story in 5.1).
    applies_if_criterion = models.CharField(max_length=10, blank=True)
    applies_if_min_points = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    applies_if_text = models.TextField(blank=True)
    # The sheet's note says scoring stops here when a condition holds (e.g. no valid food-safety certificate):
    # the member ticks it, and the following criteria are not scored.
    stops_if_zero = models.BooleanField(default=False)
    # "single": one option; "multiple": every option that applies is ticked and their points add up (set 26, part C).
    selection = models.CharField(max_length=10, default="single")
    # Marks of QĐ 148: a criterion a product must meet to reach 3★, a bonus criterion (points above the part's
    # base), a criterion the commune pre-assesses under QĐ 1489. Loaded from the office's workbook.
    mandatory_for_3 = models.BooleanField(_("mandatory for 3 stars"), default=False)
    bonus = models.BooleanField(_("bonus points"), default=False)
    pre_assessed = models.BooleanField(_("pre-assessed by the commune"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["sheet", "order"]
        constraints = [models.UniqueConstraint(fields=["sheet", "number"], name="criterion_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Option(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="options")
    list_label = models.CharField(_("case"), max_length=300, blank=True)  # for criteria with alternative lists
    text = models.TextField(_("text"))
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["criterion", "order"]

    def __str__(self):
        return f"{self.text} ({self.points})"
