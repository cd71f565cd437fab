"""The commune's pre-assessment under QĐ 1489: before the province rates a product, the commune's People's Committee
receives the dossier with the producer's self-assessment report, its OCOP officer scores the criteria the sheet marks
as pre-assessed by the commune, the commune chairman confirms, and the commune proposes the product to the province.
A province round takes its entries from these proposals. A province's own choices left open by 1489 (who signs the
recognition, an advisory check before the council) are its ProvinceProcedure."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from org.models import AdministrativeUnit
from products.models import Document, Product, ProductSet
from rating.models.catalogue import RuleSet
from rating.models.rounds import Entry


class PreAssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for the chairman's confirmation")
    CONFIRMED = "confirmed", _("Confirmed by the commune chairman")
    PROPOSED = "proposed", _("Proposed to the province")
    ENTERED = "entered", _("Entered in a province round")


class PreAssessment(models.Model):
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT,
                                related_name="pre_assessments")  # fmt: skip
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="+")
    product_set = models.ForeignKey(ProductSet, verbose_name=_("product set"), on_delete=models.PROTECT,
                                    related_name="+")  # fmt: skip
    commune = models.ForeignKey(AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="+")  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=PreAssessmentStatus.choices,
                              default=PreAssessmentStatus.DRAFT, editable=False)  # fmt: skip
    # The chosen option of each pre-assessed criterion: {criterion pk: option pk}, and the points they give.
    answers = models.JSONField(default=dict, blank=True)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1, default=0)
    self_assessment = models.ForeignKey(
        Document,
        verbose_name=_("producer's self-assessment report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("assessment note"), blank=True, max_length=4000)
    entry = models.OneToOneField(Entry, on_delete=models.SET_NULL, null=True, blank=True, related_name="pre_assessment")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commune pre-assessment")
        verbose_name_plural = _("commune pre-assessments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "rule_set"],
                condition=~models.Q(status=PreAssessmentStatus.ENTERED),
                name="one_open_pre_assessment_per_product",
            )
        ]

    def __str__(self):
        return _("Pre-assessment of %(product)s") % {"product": self.product}


class PreAssessmentTransition(models.Model):
    pre_assessment = models.ForeignKey(PreAssessment, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=PreAssessmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=PreAssessmentStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.pre_assessment_id}: {self.from_status} → {self.to_status}"


class RecognitionSigner(models.TextChoices):
    CHAIRMAN = "chairman", _("The provincial People's Committee (for the chairman)")
    DEPARTMENT = "department", _("The Department of Agriculture and Environment, by delegation")


class ProvinceProcedure(models.Model):
    """What QĐ 1489 leaves to each province. Without a row, the province's chairman recognises and no advisory check
    is required (the decision's default as summarised in shared/docs/ocop-2026.md)."""

    province = models.OneToOneField(AdministrativeUnit, verbose_name=_("province"), on_delete=models.PROTECT,
                                    related_name="ocop_procedure")  # fmt: skip
    recognition_signer = models.CharField(
        _("who signs 3★ and 4★ recognitions"),
        max_length=12,
        choices=RecognitionSigner.choices,
        default=RecognitionSigner.CHAIRMAN,
    )
    advisory_check = models.BooleanField(
        _("an advisory team checks every dossier before the council scores"), default=False
    )
    decision = models.CharField(_("the province's decision that sets this"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("province OCOP procedure")
        verbose_name_plural = _("province OCOP procedures")

    def __str__(self):
        return str(self.province)
