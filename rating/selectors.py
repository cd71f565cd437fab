"""Rounds, entries and sheets a user may see: rounds of units in their scope, and rounds where they sit."""

from django.db.models import Count, Prefetch, Q

from org.selectors import scope_q
from products.selectors import VIEW_ROLES
from rating.enums import RoundStatus, SheetStatus
from rating.models import CouncilSeat, Entry, Round, ScoreSheet


def rounds_visible_to(user):
    if not user.is_authenticated:
        return Round.objects.none()
    published_with_mine = Q(status=RoundStatus.PUBLISHED) & scope_q(user, "entries__product__commune__path", VIEW_ROLES)
    return (
        Round.objects.filter(scope_q(user, "unit__path", VIEW_ROLES) | Q(seats__user=user) | published_with_mine)
        .distinct()
        .select_related("unit", "rule_set")
    )


def round_list_for(user):
    return rounds_visible_to(user).annotate(
        entry_count=Count("entries", distinct=True), seat_count=Count("seats", distinct=True)
    )


def round_detail_for(user):
    return rounds_visible_to(user).prefetch_related(
        Prefetch("seats", queryset=CouncilSeat.objects.select_related("user")),
        Prefetch(
            "entries",
            queryset=Entry.objects.select_related("product__producer", "product__commune", "product_set")
            .annotate(
                submitted=Count("score_sheets", filter=Q(score_sheets__status=SheetStatus.SUBMITTED), distinct=True),
                expected=Count("score_sheets", distinct=True),
            )
            .order_by("pk"),
        ),
    )


def sheets_of(user):
    """The user's own score sheets (as a council member)."""
    return ScoreSheet.objects.filter(seat__user=user).select_related(
        "entry__round__rule_set", "entry__round__unit", "entry__product__producer", "entry__product_set", "seat"
    )
