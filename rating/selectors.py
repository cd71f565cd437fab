"""Rounds, entries and sheets a user may see: rounds of units in their scope, and rounds where they sit."""

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from org.selectors import scope_q
from products.models import ProductSet
from products.selectors import VIEW_ROLES
from rating import scoring
from rating.enums import RoundLevel, RoundStatus, SheetStatus
from rating.models import CouncilSeat, Entry, Round, RuleSet, ScoreSheet, Sheet


def rounds_visible_to(user):
    if not user.is_authenticated:
        return Round.objects.none()
    # Subqueries rather than joins: joined, a round repeated once per entry and seat, and the DISTINCT that undid it
    # cost a round's page more than its own queries (bench/page_profile.py).
    seated = CouncilSeat.objects.filter(user=user).values("round_id")
    with_mine = Entry.objects.filter(scope_q(user, "product__commune__path", VIEW_ROLES)).values("round_id")
    return Round.objects.filter(
        scope_q(user, "unit__path", VIEW_ROLES) | Q(pk__in=seated) | Q(status=RoundStatus.PUBLISHED, pk__in=with_mine)
    ).select_related("unit", "rule_set")


def round_list_for(user, cancelled=False):
    """The working list of rounds; cancelled rounds only when asked for (they keep their history)."""
    rounds = rounds_visible_to(user)
    rounds = rounds.filter(status=RoundStatus.CANCELLED) if cancelled else rounds.exclude(status=RoundStatus.CANCELLED)
    return rounds.annotate(
        entry_count=Count("entries", distinct=True), seat_count=Count("seats", distinct=True)
    ).order_by("-year", "-number", "pk")


def sheets_counted(by, **filters):
    """How many score sheets each seat or entry (`by`) has, as a subquery: joined and grouped, the entries of a
    round were read with every sheet of theirs (bench/page_profile.py)."""
    counted = (
        ScoreSheet.objects.filter(**{by: OuterRef("pk")}, **filters)
        .order_by()
        .values(by)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_seats_and_entries(rounds, entries=None):
    """Rounds with their seats (each with how many sheets it submitted and has) and entries (the same)."""
    entries = Entry.objects.all() if entries is None else entries
    return rounds.prefetch_related(
        Prefetch(
            "seats",
            queryset=CouncilSeat.objects.select_related("user").annotate(
                submitted=sheets_counted("seat", status=SheetStatus.SUBMITTED), expected=sheets_counted("seat")
            ),
        ),
        Prefetch(
            "entries",
            queryset=entries.select_related("product__producer", "product__commune", "product_set", "certificate")
            .annotate(submitted=sheets_counted("entry", status=SheetStatus.SUBMITTED), expected=sheets_counted("entry"))
            .order_by("pk"),
        ),
    )


def round_detail_for(user):
    return with_seats_and_entries(rounds_visible_to(user))


# What a round's page shows of an entry's product, producer, commune, product set and certificate: read whole, the
# entries' five joined tables were a quarter of the page's time (bench/page_profile.py).
ENTRY_ROW_FIELDS = (
    "product__name", "product__producer", "product__producer__name", "product__commune", "product__commune__name",
    "product__commune__path", "product_set__number", "certificate__number", "certificate__entry",
)  # fmt: skip


def round_page_for(user):
    """round_detail_for, reading of each entry's related records only what the round's page shows (a page that
    saves them must not use it: a record with deferred fields saves only the ones it read)."""
    own = [field.name for field in Entry._meta.concrete_fields]
    return with_seats_and_entries(rounds_visible_to(user), Entry.objects.only(*own, *ENTRY_ROW_FIELDS))


def sheets_of(user):
    """The user's own score sheets (as a council member)."""
    return ScoreSheet.objects.filter(seat__user=user).select_related(
        "entry__round__rule_set", "entry__round__unit", "entry__product__producer", "entry__product_set", "seat"
    )


COUNCIL_READS = (RoundStatus.ACCEPTING, RoundStatus.SCORING, RoundStatus.CLOSED, RoundStatus.PUBLISHED)


def dossier_entries_for(user):
    """Entries whose dossier the user reads from the round (read-only): a seat on the round's council while it is
    open and after; nothing else of the registry. The superuser reads any."""
    entries = Entry.objects.select_related(
        "round__unit", "product__producer__commune", "product__commune", "product__product_set", "product_set"
    )
    if user.is_superuser:
        return entries
    return entries.filter(round__seats__user=user, round__status__in=COUNCIL_READS).distinct()


LEVEL_BELOW = {RoundLevel.DISTRICT: RoundLevel.COMMUNE, RoundLevel.PROVINCE: RoundLevel.DISTRICT,
               RoundLevel.CENTRAL: RoundLevel.PROVINCE}  # fmt: skip


def reaches_threshold(entry):
    """Whether a published entry goes on to the next level: not knocked out, average at or above the threshold
    its own round's rule set sets for that level (no threshold: every scored entry is offered)."""
    if entry.knocked_out or not entry.sheet_count:
        return False
    threshold = entry.round.rule_set.forward_threshold(entry.round.level)
    return threshold is None or scoring.average(entry.score_sum, entry.sheet_count) >= threshold


def forward_offers(round_):
    """Entries of published rounds of the level below, within this round's unit, that reach their threshold."""
    below = LEVEL_BELOW.get(round_.level)
    if below is None:
        return []
    candidates = (
        Entry.objects.filter(
            round__level=below,
            round__status=RoundStatus.PUBLISHED,
            round__unit__path__startswith=round_.unit.path,
            knocked_out=False,
            sheet_count__gt=0,
        )
        .exclude(product__entries__round=round_)
        .select_related("round__rule_set", "round__unit", "product__producer", "product__commune")
    )
    return [entry for entry in candidates if reaches_threshold(entry)]


@dataclass(frozen=True)
class Coverage:
    """How many of a rule set's product sets (its classification's) have a scoring sheet."""

    rule_set: object
    with_sheets: int
    sets: int

    @property
    def complete(self):
        return self.sets > 0 and self.with_sheets == self.sets

    def __str__(self):
        if not self.sets:
            return gettext("no product sets or sheets loaded yet")
        return gettext("sheets for %(with)d of %(sets)d product sets") % {"with": self.with_sheets, "sets": self.sets}


def coverage_of(rule_set):
    sets = ProductSet.objects.filter(scheme=rule_set.classification)
    having = Sheet.objects.filter(rule_set_id=rule_set.sheets_rule_set_id).values("product_set_id")
    counts = sets.aggregate(total=Count("pk"), covered=Count("pk", filter=Q(pk__in=having)))
    return Coverage(rule_set, counts["covered"], counts["total"])


def coverage_of_all(rule_sets):
    """coverage_of for many rule sets in two queries (the round form's choices, the rule set list)."""
    totals = dict(ProductSet.objects.order_by().values("scheme").annotate(n=Count("pk")).values_list("scheme", "n"))
    sheets = dict(
        Sheet.objects.filter(product_set__scheme=F("rule_set__classification"))
        .order_by()
        .values("rule_set_id")
        .annotate(n=Count("pk"))
        .values_list("rule_set_id", "n")
    )
    return {
        rule_set.pk: Coverage(
            rule_set, sheets.get(rule_set.sheets_rule_set_id, 0), totals.get(rule_set.classification, 0)
        )
        for rule_set in rule_sets
    }


def rule_set_in_force(day):
    """The rule set in force on `day` (the latest to take effect, if two overlap)."""
    return (
        RuleSet.objects.filter(Q(effective_from__isnull=True) | Q(effective_from__lte=day))
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by(F("effective_from").desc(nulls_last=True), "code")
        .first()
    )


def next_round_number(level, unit, year):
    """The first free round number of a unit's level and year."""
    taken = set(Round.objects.filter(level=level, unit=unit, year=year).values_list("number", flat=True))
    number = 1
    while number in taken:
        number += 1
    return number


def pre_assessments_visible_to(user):
    """Commune pre-assessments (QĐ 1489) of the communes in the user's registry scope."""
    from rating.models import PreAssessment

    if not user.is_authenticated:
        return PreAssessment.objects.none()
    return PreAssessment.objects.filter(scope_q(user, "commune__path", VIEW_ROLES)).select_related(
        "product__producer", "commune", "product_set", "rule_set", "self_assessment", "entry__round"
    )
