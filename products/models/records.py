"""The product record that follows one product from idea to rating, its history and its business plan."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from org.models import AdministrativeUnit
from products.enums import Novelty, ProductStatus, RegistrationKind, Stage
from products.models.classification import ProductCategory, ProductSet
from products.models.producers import Producer
from products.search import Searchable


def current_year():
    return timezone.localdate().year


def money(verbose_name, **kwargs):
    """Money is whole đồng (`is_money`: shown as 185.000 đ, e.g. in the change history)."""
    field = models.PositiveBigIntegerField(verbose_name, null=True, blank=True, **kwargs)
    field.is_money = True
    return field


class Product(Searchable):
    """A product idea (Biểu 01) or existing product (Biểu 02), from registration to 'ready for rating'."""

    kind = models.CharField(_("registration kind"), max_length=10, choices=RegistrationKind.choices)
    name = models.CharField(_("product name"), max_length=200)
    # Required on the forms and the idea import; empty only for a product taken from a province's register of
    # earlier recognitions (rating.register), whose list names at most its group (`category`).
    product_set = models.ForeignKey(
        ProductSet, verbose_name=_("product set"), on_delete=models.PROTECT, related_name="products", null=True
    )
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product group"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("The group a province's register names, when the product has no product set."),
    )
    producer = models.ForeignKey(
        Producer, verbose_name=_("producer"), on_delete=models.PROTECT, related_name="products"
    )
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="products"
    )
    year = models.PositiveSmallIntegerField(
        _("registration year"), default=current_year, validators=[MinValueValidator(2018), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProductStatus.choices, default=ProductStatus.DRAFT, editable=False
    )
    code = models.CharField(_("code"), max_length=40, blank=True, editable=False)

    # Biểu 01/02: what the product is and who it is for.
    value_proposition = models.TextField(_("value proposition"), blank=True)
    packaging = models.CharField(_("packaging unit"), max_length=200, blank=True)
    brand = models.CharField(_("intended brand"), max_length=120, blank=True)
    target_market = models.TextField(_("target market"), blank=True)
    # Raw materials and production.
    raw_materials = models.TextField(_("raw materials and their origin"), blank=True)
    local_material_pct = models.PositiveSmallIntegerField(
        _("local raw material share (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    capacity = models.CharField(_("production capacity per year"), max_length=120, blank=True)
    expected_price = money(_("expected retail price (đồng)"))
    story = models.TextField(_("product story"), blank=True)
    novelty = models.CharField(_("novelty"), max_length=12, choices=Novelty.choices, blank=True)
    stage = models.CharField(_("development stage"), max_length=12, choices=Stage.choices, blank=True)
    workers_total = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    workers_local = models.PositiveIntegerField(_("workers from the district"), null=True, blank=True)
    capital_needed = money(_("capital needed (đồng)"))
    support_needed = models.TextField(_("support needed"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~models.Q(code=""), name="product_code_unique"),
        ]
        indexes = [
            models.Index(fields=["commune", "status"]),
            models.Index(fields=["status", "updated_at"]),
            models.Index(fields=["year"]),
            # The list's default order: the newest first page without sorting every product in scope.
            models.Index(fields=["-updated_at", "-id"], name="product_newest"),
        ]

    def __str__(self):
        return self.name

    def validate_constraints(self, exclude=None):
        # The code is assigned under a lock by products.services, never typed; the database guards it.
        super().validate_constraints(exclude={*(exclude or ()), "code"})

    def clean(self):
        errors = {}
        if self.producer_id and self.commune_id and self.producer.commune_id != self.commune_id:
            errors["producer"] = _("The producer is registered in another commune.")
        if (
            self.workers_total is not None
            and self.workers_local is not None
            and self.workers_local > self.workers_total
        ):
            errors["workers_local"] = _("Workers from the district cannot outnumber all workers.")
        if errors:
            raise ValidationError(errors)


class ProductTransition(models.Model):
    """One step of the workflow: who moved the product, when, from which status to which, and why."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=20, choices=ProductStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ProductStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.product_id}: {self.from_status} → {self.to_status}"


class CodeCounter(models.Model):
    """The running number (STT) of product codes in a district (or a province without districts), per year."""

    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="code_counter_unique")]

    def __str__(self):
        return f"{self.unit_id}/{self.year}: {self.last}"


class BusinessPlan(models.Model):
    """The business plan (Biểu 03): its file (a dossier document) and the key figures."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="business_plan")
    document = models.ForeignKey(
        "products.Document", verbose_name=_("file"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    investment = money(_("total investment (đồng)"))
    own_capital = money(_("own capital (đồng)"))
    loans = money(_("loans (đồng)"))
    budget_support = money(_("state budget support requested (đồng)"))
    revenue_year1 = money(_("revenue, year 1 (đồng)"))
    revenue_year2 = money(_("revenue, year 2 (đồng)"))
    revenue_year3 = money(_("revenue, year 3 (đồng)"))
    profit_year1 = models.BigIntegerField(_("profit, year 1 (đồng)"), null=True, blank=True)
    profit_year2 = models.BigIntegerField(_("profit, year 2 (đồng)"), null=True, blank=True)
    profit_year3 = models.BigIntegerField(_("profit, year 3 (đồng)"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("business plan")
        verbose_name_plural = _("business plans")

    def __str__(self):
        return str(self.product)

    def clean(self):
        parts = [self.own_capital, self.loans, self.budget_support]
        if self.investment is not None and all(p is not None for p in parts) and sum(parts) > self.investment:
            raise ValidationError(
                {"investment": _("Own capital, loans and budget support add up to more than the investment.")}
            )
