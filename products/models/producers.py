from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from org.enums import Level
from org.models import AdministrativeUnit
from products.enums import LegalForm
from products.search import Searchable

phone_validator = RegexValidator(
    r"\A(\+84|0)[0-9]{8,10}\Z", _("Enter a Vietnamese phone number, e.g. 0912345678 or +84912345678.")
)


class Producer(Searchable):
    """A 'chủ thể OCOP': the cooperative, company, group or household that makes the product."""

    name = models.CharField(_("name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    registration_number = models.CharField(
        _("business registration number"),
        max_length=30,
        blank=True,
        validators=[RegexValidator(r"\A[0-9A-Za-z./-]+\Z", _("Use digits, letters, dots, dashes or slashes."))],
    )
    representative = models.CharField(_("representative"), max_length=120)
    phone = models.CharField(_("phone"), max_length=15, blank=True, validators=[phone_validator])
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="producers"
    )
    hamlet = models.CharField(_("hamlet (ấp)"), max_length=120, blank=True)
    community_capital_pct = models.PositiveSmallIntegerField(
        _("community capital (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    members_count = models.PositiveIntegerField(_("members"), null=True, blank=True)
    workers_count = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="producer_registration_number_unique",
            ),
        ]
        indexes = [models.Index(fields=["commune", "name"])]

    def __str__(self):
        return self.name

    def validate_constraints(self, exclude=None):
        # clean() reports a taken registration number by naming its holder; the constraint stays in the database.
        super().validate_constraints(exclude={*(exclude or ()), "registration_number"})

    def clean(self):
        self.registration_number = (self.registration_number or "").strip().upper()
        errors = {}
        if self.registration_number:
            clash = Producer.objects.filter(registration_number=self.registration_number).exclude(pk=self.pk)
            existing = clash.select_related("commune").first()
            if existing is not None:
                errors["registration_number"] = _(
                    "Registration number %(number)s already belongs to %(producer)s (%(commune)s)."
                ) % {"number": self.registration_number, "producer": existing.name, "commune": existing.commune}
        pct = self.community_capital_pct
        if self.legal_form == LegalForm.JSC_MINORITY and pct is not None and pct >= 51:
            errors["community_capital_pct"] = _("This legal form means community capital below 51%.")
        if self.legal_form == LegalForm.JSC_MAJORITY and (pct is None or pct < 51):
            errors["community_capital_pct"] = _("This legal form means community capital of at least 51%.")
        if self.commune_id and self.commune.level != Level.COMMUNE:
            errors["commune"] = _("Choose a commune, ward or township.")
        if errors:
            raise ValidationError(errors)
