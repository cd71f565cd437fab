"""Dossier documents: typed files with issue and expiry dates, served only through a scoped view."""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from products.enums import DocumentKind
from products.models.records import Product


def document_path(instance, filename):
    """Files are stored under a random name; the original name is kept in the row."""
    suffix = PurePath(filename).suffix.lower()
    return f"dossiers/{instance.product_id}/{uuid.uuid4().hex}{suffix}"


class Document(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document type"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["kind", "-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    def clean(self):
        super().clean()
        if self.issued_on and self.issued_on > timezone.localdate():
            raise ValidationError({"issued_on": _("The issue date cannot be in the future.")})

    def expiry_state(self, today=None):
        """'expired', 'expiring' (within DOCUMENT_EXPIRY_WARNING_DAYS) or '' for valid / no expiry."""
        if self.expires_on is None:
            return ""
        today = today or timezone.localdate()
        if self.expires_on < today:
            return "expired"
        if self.expires_on <= today + timedelta(days=settings.DOCUMENT_EXPIRY_WARNING_DAYS):
            return "expiring"
        return ""
