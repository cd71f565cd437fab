"""The report's figures, each one function over a unit's subtree and a date range (a ReportPeriod).

Every function is a query or two; `reporting.gather` assembles them into the report's sections. What counts:
- an idea is *registered* on the day the commune first sent it to the district (Product.submitted_at);
- a product is *rated* by a published round whose meeting (or, without a date, creation) falls in the
  period; it counts once however many rounds rated it;
- a certificate counts from its issue date (one from the province's register: its decision date; recorded without
  a date, it counts nowhere until completed); `valid_until` is its last valid day. *Expiring* = valid at the
  period's end and ending within REPORT_EXPIRING_DAYS after it; *expired* = its last valid day falls within
  the period (the period's last day included), unless it had been revoked by the period's end. So each
  certificate is expired in exactly one period, and never both expiring and expired in the same one;
- activities and funding belong to the plans of the unit and the units below it, dated in the period.
"""

from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from org.enums import Level
from org.models import AdministrativeUnit
from org.succession import units_then, where_then
from plans.enums import ActivityKind
from plans.models import Activity, Funding
from products.models import Producer, Product
from rating.enums import RoundStatus
from rating.models import Certificate, Entry, Round


def _moment(day, end=False):
    """The aware datetime at the start of `day` (or the start of the day after, for an exclusive end)."""
    moment = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    return timezone.make_aware(moment) if settings.USE_TZ else moment


def in_moments(field, period):
    return Q(**{f"{field}__gte": _moment(period.start), f"{field}__lt": _moment(period.end, end=True)})


def communes_of(unit):
    return (
        AdministrativeUnit.objects.filter(path__startswith=unit.path, level=Level.COMMUNE)
        .select_related("parent")
        .order_by("path")
    )


# Product ideas
def registered(unit, period):
    return Product.objects.filter(in_moments("submitted_at", period), products_then(unit, period))


def products_then(unit, period):
    """Products whose commune lay under `unit` at the period's end (a later reorganisation may have moved them)."""
    return where_then(Product, unit.path, _moment(period.end, True))


def ideas_registered(unit, period):
    return registered(unit, period).count()


def ideas_by_commune_and_status(unit, period):
    """{commune_id: Counter(status → count)} of the ideas registered in the period."""
    table = defaultdict(Counter)
    then = units_then(Product, unit.path, _moment(period.end, True))
    if then is not None:  # reorganised since: each idea under the commune it had then
        for pk, status in registered(unit, period).values_list("pk", "status"):
            table[then[pk]][status] += 1
        return table
    rows = registered(unit, period).values("commune", "status").annotate(n=Count("pk")).order_by()
    for row in rows:
        table[row["commune"]][row["status"]] = row["n"]
    return table


def ideas_per_quarter(unit, quarters):
    """Ideas registered in each of the quarters (ReportPeriods, oldest first): one query."""
    from reporting.periods import custom

    span = custom(quarters[0].start, quarters[-1].end)
    days = registered(unit, span).values_list("submitted_at", flat=True)
    counts = [0] * len(quarters)
    for moment in days:
        day = timezone.localtime(moment).date() if settings.USE_TZ else moment.date()
        for index, quarter in enumerate(quarters):
            if quarter.contains(day):
                counts[index] += 1
                break
    return counts


# Rating
def _held(period):
    return Q(round__meeting_date__range=(period.start, period.end)) | Q(
        in_moments("round__created_at", period), round__meeting_date__isnull=True
    )


def rounds_held(unit, period):
    held = Q(meeting_date__range=(period.start, period.end)) | Q(
        in_moments("created_at", period), meeting_date__isnull=True
    )
    return (
        Round.objects.filter(held, unit__path__startswith=unit.path)
        .exclude(status__in=(RoundStatus.DRAFT, RoundStatus.CANCELLED))
        .select_related("unit", "rule_set")
        .annotate(entry_count=Count("entries"))
        .order_by(F("meeting_date").asc(nulls_last=True), "level", "unit__path", "number", "pk")
    )


def rated_entries(unit, period):
    """Entries of the unit's products with a result (stars, not knocked out) in published rounds held in
    the period."""
    return Entry.objects.filter(
        _held(period),
        product__commune__path__startswith=unit.path,
        round__status=RoundStatus.PUBLISHED,
        stars__isnull=False,
        knocked_out=False,
    )


def products_rated(unit, period, min_stars=1):
    return rated_entries(unit, period).filter(stars__gte=min_stars).values("product").distinct().count()


def best_stars_by_product(unit, period):
    """{product_id: the most stars it got in the period}."""
    best = {}
    for product, stars in rated_entries(unit, period).values_list("product", "stars"):
        best[product] = max(stars, best.get(product, 0))
    return best


def stars_by_commune(unit, period):
    """{commune_id: Counter(stars → products)}, each product counted once at its best result."""
    commune_of = dict(rated_entries(unit, period).values_list("product", "product__commune").distinct())
    table = defaultdict(Counter)
    for product, stars in best_stars_by_product(unit, period).items():
        table[commune_of[product]][stars] += 1
    return table


# Certificates
def certificates(unit):
    """Certificates of the unit's products, from the portal's rounds and from the province's register."""
    return Certificate.objects.filter(product__commune__path__startswith=unit.path)


def certificates_issued(unit, period):
    return certificates(unit).filter(issued_on__range=(period.start, period.end))


def _valid_on(day):
    not_revoked = Q(revoked_at__isnull=True) | Q(revoked_at__gte=_moment(day, True))
    return Q(issued_on__lte=day, valid_until__gte=day) & not_revoked


def certificates_valid(unit, day):
    return certificates(unit).filter(_valid_on(day))


def certificates_expiring(unit, period):
    days = settings.REPORT_EXPIRING_DAYS
    return certificates_valid(unit, period.end).filter(
        valid_until__gt=period.end, valid_until__lte=period.end + timedelta(days=days)
    )


def certificates_expired(unit, period):
    not_revoked = Q(revoked_at__isnull=True) | Q(revoked_at__gte=_moment(period.end, True))
    return certificates(unit).filter(not_revoked, valid_until__gte=period.start, valid_until__lte=period.end)


# Producers and products
def producers_by_legal_form(unit, period):
    """{legal_form: (producers registered by the period's end, of which new in the period)}."""
    rows = (
        Producer.objects.filter(
            where_then(Producer, unit.path, _moment(period.end, True)), created_at__lt=_moment(period.end, True)
        )
        .values("legal_form")
        .annotate(total=Count("pk"), new=Count("pk", filter=in_moments("created_at", period)))
        .order_by()
    )
    return {row["legal_form"]: (row["total"], row["new"]) for row in rows}


def products_by_group(unit, period):
    """[(group name, products registered by the period's end, of which with a valid certificate then)]."""
    valid = _valid_on(period.end)
    certified_ids = set(
        Certificate.objects.filter(valid, product__commune__path__startswith=unit.path).values_list(
            "product", flat=True
        )
    )
    rows = Product.objects.filter(
        products_then(unit, period), submitted_at__lt=_moment(period.end, True)
    ).values_list(
        "pk",
        "product_set__category__kind",
        "product_set__category__name",
        "product_set__category__parent__name",
    )
    groups = defaultdict(lambda: [0, 0])
    for pk, kind, name, parent_name in rows:
        group = name if kind != "subgroup" else parent_name
        groups[group or "—"][0] += 1
        groups[group or "—"][1] += pk in certified_ids
    return sorted(
        ((name, total, certified) for name, (total, certified) in groups.items()), key=lambda r: (-r[1], r[0])
    )


# Activities and funding
def activities(unit, period):
    return (
        Activity.objects.filter(plan__unit__path__startswith=unit.path, held_on__range=(period.start, period.end))
        .select_related("organiser")
        .order_by("held_on", "pk")
    )


def activity_totals(unit, period):
    """{'training': (classes, participants), 'fair': (n, participants), 'promotion': …, 'media': …}."""
    rows = activities(unit, period).values("kind").annotate(n=Count("pk"), people=Sum("participants")).order_by()
    totals = {kind: (0, 0) for kind in ActivityKind.values}
    for row in rows:
        totals[row["kind"]] = (row["n"], row["people"] or 0)
    return totals


def funding_by_source(unit, period):
    """[(source, amount)] of the funding spent in the period, largest first."""
    rows = (
        Funding.objects.filter(plan__unit__path__startswith=unit.path, spent_on__range=(period.start, period.end))
        .values("source")
        .annotate(total=Sum("amount"))
        .order_by("-total", "source")
    )
    return [(row["source"], row["total"]) for row in rows]
