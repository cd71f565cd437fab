"""Targets' actual values: computed from the portal's own data where it holds them, else the entered figure.

Each measure is one query over the plan's unit and year; `attainment(plan, targets, today)` computes the
measures the targets use once each, so a plan's page costs the same whatever the number of targets.
"""

import functools
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from ocop_portal.paging import kept
from org.enums import Level, Role
from org.models import AdministrativeUnit, Membership
from org.succession import units_then, where_then
from plans.enums import ActivityKind, Audience, Measure, TargetState
from products.models import Product

PROGRAMME_ROLES = (Role.COMMUNE_OFFICIAL, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER)


@dataclass
class Count:
    count: int
    population: int | None = None  # what a share is taken of


def _communes(plan):
    return AdministrativeUnit.objects.filter(path__startswith=plan.unit.path, level=Level.COMMUNE)


def _year_end(plan):
    return timezone.make_aware(datetime.combine(date(plan.year, 12, 31), time.max))


def _registered(plan):
    """The plan's year's registered products, where they were at the year's end (a reorganisation moves them later)."""
    return Product.objects.filter(
        where_then(Product, plan.unit.path, _year_end(plan)), year=plan.year, submitted_at__isnull=False
    )


def communes_with_official(plan):
    communes = _communes(plan)
    held_then = Q(memberships__ended_at__isnull=True) | Q(memberships__ended_at__gt=_year_end(plan))
    with_official = communes.filter(held_then, memberships__role=Role.COMMUNE_OFFICIAL).distinct()
    return Count(with_official.count(), communes.count())


def communes_with_products(plan):
    communes = _communes(plan)
    then = units_then(Product, plan.unit.path, _year_end(plan))
    if then is not None:  # reorganised since: the communes the products had at the year's end
        registered = set(_registered(plan).values_list("pk", flat=True))
        return Count(len({then[pk] for pk in registered}), communes.count())
    return Count(_registered(plan).values("commune").distinct().count(), communes.count())


def products_registered(plan):
    return Count(_registered(plan).count())


def products_rated_3_stars(plan):
    from rating.enums import RoundStatus
    from rating.models import Entry

    rated = Entry.objects.filter(
        product__commune__path__startswith=plan.unit.path,
        round__year=plan.year,
        round__status=RoundStatus.PUBLISHED,
        stars__gte=3,
        knocked_out=False,
    )
    return Count(rated.values("product").distinct().count())


def officials_trained(plan):
    trained = plan.activities.filter(kind=ActivityKind.TRAINING, audience=Audience.OFFICIALS).aggregate(
        total=Sum("participants")
    )["total"]
    accounts = (
        Membership.objects.active()
        .filter(role__in=PROGRAMME_ROLES, unit__path__startswith=plan.unit.path)
        .values("user")
        .distinct()
        .count()
    )
    return Count(trained or 0, accounts)


MEASURES = {
    Measure.COMMUNES_WITH_OFFICIAL: communes_with_official,
    Measure.COMMUNES_WITH_PRODUCTS: communes_with_products,
    Measure.PRODUCTS_REGISTERED: products_registered,
    Measure.PRODUCTS_RATED_3_STARS: products_rated_3_stars,
    Measure.OFFICIALS_TRAINED: officials_trained,
}


@dataclass
class Attainment:
    target: object
    actual: Decimal | None
    state: TargetState
    count: Count | None = None  # what a computed value was made of

    @property
    def percent_of_target(self):
        if self.actual is None or not self.target.target_value:
            return None
        return min(100, int(self.actual * 100 / self.target.target_value))


def _value(target, count):
    if not target.is_share:
        return Decimal(count.count)
    population = target.population or count.population
    if not population:
        return None
    return (Decimal(count.count) * 100 / population).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def year_elapsed(year, today):
    """The share of the plan's year gone by on `today` (0 before it starts, 1 after it ends)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    if today < start:
        return Decimal(0)
    if today >= end:
        return Decimal(1)
    return Decimal((today - start).days + 1) / Decimal((end - start).days + 1)


def target_state(target, actual, today, year):
    if actual is None:
        return TargetState.NO_DATA
    if actual >= target.target_value:
        return TargetState.MET
    if today <= date(year, 12, 31) and actual >= target.target_value * year_elapsed(year, today):
        return TargetState.ON_TRACK
    return TargetState.BEHIND


def _kept_models():
    """The models, with audit history, each measure reads (the others read memberships and activities, which
    keep none: they are worked out at every request)."""
    from rating.models import Entry, Round

    return {
        Measure.COMMUNES_WITH_PRODUCTS: (Product,),
        Measure.PRODUCTS_REGISTERED: (Product,),
        Measure.PRODUCTS_RATED_3_STARS: (Entry, Round, Product),
    }


def measured(plan, measure):
    """A computed measure's Count, kept (ocop_portal.paging.kept) where what it reads records its changes: on a
    province plan, counting the products and results of its whole tree was most of a dashboard's queries' time."""
    compute = functools.partial(MEASURES[measure], plan)
    return kept(f"measure|{measure}|{plan.unit.path}|{plan.year}", _kept_models().get(measure, ()), compute)


def attainment(plan, targets, today):
    """[Attainment] for `targets` of `plan`, each computed measure queried once."""
    counts = {measure: measured(plan, measure) for measure in {t.measure for t in targets if t.measure}}
    rows = []
    for target in targets:
        count = counts.get(target.measure)
        actual = _value(target, count) if count else target.actual_value
        rows.append(Attainment(target, actual, target_state(target, actual, today, plan.year), count))
    return rows
