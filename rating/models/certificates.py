"""Star certificates: issued for the stars a level recognises, valid for the rule set's months, verifiable
by anyone from the QR code on the paper (a random token in the URL, no sign-in).

A certificate comes from a round of the portal (its entry, `origin` "round") or from the register of products a
province recognised before it used the portal (`origin` "register", rating.register): then it has no entry, and
the recognition's decision (number, date, issuing body) is what it records. Every reader goes through `product`,
which both kinds have. A register certificate whose decision number or date is missing is "recorded without a
decision" (`needs_completion`), and its dates may be unknown."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from products.models import Product
from rating.enums import CertificateSource
from rating.models.rounds import Entry


class Certificate(models.Model):
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="certificate", null=True, blank=True)
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="certificates"
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=CertificateSource.choices, default=CertificateSource.ROUND
    )
    number = models.CharField(_("certificate number"), max_length=40, blank=True)
    stars = models.PositiveSmallIntegerField(_("stars"))
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    recognised_by = models.CharField(_("recognised by"), max_length=200, blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    # Replaced by a newer certificate of the same product (rating.certificates.supersede): from that day on the
    # newer one is the product's current certificate. A certificate that had already run out when it was replaced
    # stays "expired".
    superseded_by = models.ForeignKey(
        "self", verbose_name=_("replaced by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_on = models.DateField(_("replaced on"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            # A round's certificate has its entry, number and dates; only the register may lack them.
            models.CheckConstraint(
                condition=Q(origin=CertificateSource.REGISTER)
                | (Q(entry__isnull=False) & ~Q(number="") & Q(issued_on__isnull=False) & Q(valid_until__isnull=False)),
                name="certificate_entry_or_register",
            ),
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="certificate_number_unique"),
            # One current certificate per product: any other is revoked or replaced.
            models.UniqueConstraint(
                fields=["product"],
                condition=Q(revoked_at__isnull=True, superseded_on__isnull=True),
                name="certificate_one_current_per_product",
                violation_error_message=_("This product already holds a current certificate."),
            ),
        ]
        indexes = [
            models.Index(fields=["product", "decision_number"], name="certificate_register_match"),
            models.Index(fields=["valid_until"]),
            models.Index(fields=["-issued_on", "-id"], name="certificate_newest"),  # the list's order
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if self.product_id is None and self.entry_id is not None:
            self.product_id = self.entry.product_id
        super().save(*args, **kwargs)

    @property
    def reference(self):
        """What names it on the screens: its number, or for the register its decision number."""
        return self.number or self.decision_number or "—"

    @property
    def from_register(self):
        return self.origin == CertificateSource.REGISTER

    @property
    def needs_completion(self):
        """Recorded from the register without a decision number or date: to be completed."""
        return self.from_register and not (self.decision_number and self.decision_date)

    @property
    def was_superseded(self):
        """Replaced while it was still valid (one that had run out before stays "expired")."""
        return self.superseded_on is not None and (self.valid_until is None or self.valid_until >= self.superseded_on)

    def state(self, today=None, expiring_days=90):
        """'revoked', 'superseded', 'expired', 'expiring' (within `expiring_days`), 'valid', or 'unknown' (no end
        date)."""
        today = today or timezone.localdate()
        if self.revoked_at:
            return "revoked"
        if self.was_superseded:
            return "superseded"
        if self.valid_until is None:
            return "unknown"
        if self.valid_until < today:
            return "expired"
        if self.valid_until <= today + timedelta(days=expiring_days):
            return "expiring"
        return "valid"
