"""Star certificates: issued for the stars a level recognises, valid for the rule set's months, verifiable
by anyone from the QR code on the paper (a random token in the URL, no sign-in)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rating.models.rounds import Entry


class Certificate(models.Model):
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    stars = models.PositiveSmallIntegerField(_("stars"))
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["valid_until"]),
            models.Index(fields=["-issued_on", "-id"], name="certificate_newest"),  # the list's order
        ]

    def __str__(self):
        return self.number

    def state(self, today=None, expiring_days=90):
        """'revoked', 'expired', 'expiring' (within `expiring_days`) or 'valid'."""
        today = today or timezone.localdate()
        if self.revoked_at:
            return "revoked"
        if self.valid_until < today:
            return "expired"
        if self.valid_until <= today + timedelta(days=expiring_days):
            return "expiring"
        return "valid"
