"""Choices of the plans app: recurrences, task and target states, report statuses, activities, funding."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from org.enums import UnitKind


class Recurrence(models.TextChoices):
    """How often a task comes back: a reporting duty each quarter, half-year or year; or once, by a due date."""

    NONE = "", _("Once, by its due date")
    QUARTERLY = "quarterly", _("Every quarter")
    SIX_MONTHLY = "six_monthly", _("Every six months")
    YEARLY = "yearly", _("Every year")


class TaskState(models.TextChoices):
    """Derived from dates and progress (plans.status), never stored."""

    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")
    DONE_LATE = "done_late", _("Done late")


TASK_STATE_COLOURS = {
    TaskState.NOT_STARTED: "secondary",
    TaskState.ON_TRACK: "primary",
    TaskState.DUE_SOON: "warning",
    TaskState.OVERDUE: "danger",
    TaskState.DONE: "success",
    TaskState.DONE_LATE: "success",
}


class TargetState(models.TextChoices):
    MET = "met", _("Met")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    NO_DATA = "no_data", _("No figure yet")


TARGET_STATE_COLOURS = {
    TargetState.MET: "success",
    TargetState.ON_TRACK: "primary",
    TargetState.BEHIND: "danger",
    TargetState.NO_DATA: "secondary",
}


class Measure(models.TextChoices):
    """Where a target's actual value comes from: the portal's own data, or a figure entered with evidence."""

    MANUAL = "", _("Entered by the office, with evidence")
    COMMUNES_WITH_OFFICIAL = "communes_with_official", _("Communes with an assigned OCOP official")
    COMMUNES_WITH_PRODUCTS = "communes_with_products", _("Communes that registered a product this year")
    PRODUCTS_REGISTERED = "products_registered", _("Products registered this year")
    PRODUCTS_RATED_3_STARS = "products_rated_3_stars", _("Products rated 3 stars or more this year")
    OFFICIALS_TRAINED = "officials_trained", _("Programme officials trained this year")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for changes")


REPORT_STATUS_COLOURS = {
    ReportStatus.SUBMITTED: "warning",
    ReportStatus.ACCEPTED: "success",
    ReportStatus.RETURNED: "danger",
}


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("Training class")
    FAIR = "fair", _("Trade fair")
    PROMOTION = "promotion", _("Promotion event")
    MEDIA = "media", _("Media work")


class Audience(models.TextChoices):
    OFFICIALS = "officials", _("Programme officials")
    PRODUCERS = "producers", _("Producers")
    COMMUNITY = "community", _("Community")


class MediaKind(models.TextChoices):
    RADIO_COLUMN = "radio_column", _("Radio column")
    ARTICLE = "article", _("Article")
    BROADCAST = "broadcast", _("Broadcast")


class FundingSource(models.TextChoices):
    """QĐ 490 and the 2020 plan's section IV; ocop-domain.md §6."""

    CENTRAL = "central", _("Central budget")
    PROVINCIAL = "provincial", _("Provincial budget")
    DISTRICT = "district", _("District budget")
    COMMUNE = "commune", pgettext_lazy("funding", "Commune budget")
    PROGRAMME = "programme", _("Integrated national programme")
    CREDIT = "credit", _("Credit")
    OWN = "own", _("Producers' own and socialised capital")
    INTERNATIONAL = "international", _("International")


# The kinds of commune-level unit a funding rule can refuse (xã, phường, thị trấn).
COMMUNE_KINDS = [
    (UnitKind.COMMUNE.value, UnitKind.COMMUNE.label),
    (UnitKind.WARD.value, UnitKind.WARD.label),
    (UnitKind.TOWNSHIP.value, UnitKind.TOWNSHIP.label),
]
