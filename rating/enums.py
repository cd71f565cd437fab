"""Choices of the rating app: round levels and statuses, council roles, sheet statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoundLevel(models.TextChoices):
    COMMUNE = "commune", pgettext_lazy("round level", "Commune")
    DISTRICT = "district", pgettext_lazy("round level", "District")
    PROVINCE = "province", pgettext_lazy("round level", "Province")
    CENTRAL = "central", pgettext_lazy("round level", "Central")


# The level above each round level: where its entries are forwarded.
NEXT_LEVEL = {
    RoundLevel.COMMUNE: RoundLevel.DISTRICT,
    RoundLevel.DISTRICT: RoundLevel.PROVINCE,
    RoundLevel.PROVINCE: RoundLevel.CENTRAL,
}


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACCEPTING = "accepting", _("Accepting entries")
    SCORING = "scoring", _("Scoring")
    CLOSED = "closed", _("Closed, results locked")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


# How a council is listed: chair, vice-chair, members, secretary.
SEAT_ORDER = [SeatRole.CHAIR, SeatRole.VICE_CHAIR, SeatRole.MEMBER, SeatRole.SECRETARY]


def in_seat_order(seats):
    return sorted(seats, key=lambda seat: (SEAT_ORDER.index(seat.role), seat.pk))


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class CertificateSource(models.TextChoices):
    """Where a certificate comes from: a round of the portal, or a province's register of recognitions made
    before it (imported, rating.register)."""

    ROUND = "round", _("Rating round")
    REGISTER = "register", _("Province register")
