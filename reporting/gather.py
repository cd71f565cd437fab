"""Everything a report shows, gathered once into plain data that the HTML (screen and PDF), the Excel file
and the dashboard all read: the same numbers everywhere.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.enums import Level
from org.models import Agency
from plans.board import missing_by_agency, missing_reports, quarters_of
from plans.enums import Measure, TaskState
from plans.models import Plan
from plans.selectors import tasks_of
from plans.status import deadline_of, derive
from products.enums import LegalForm, ProductStatus
from reporting import indicators as ind
from reporting.periods import previous, quarters_back


@dataclass
class Headline:
    key: str
    label: str
    value: int
    previous: int
    target: object = None  # the plan's target for the year (a Target) where one measures this
    link: str = ""  # the list behind the number (set by the dashboard)

    @property
    def change(self):
        return self.value - self.previous


# key → (label, function(unit, period, today), the plan measure it answers)
HEADLINES = [
    ("ideas", _("Product ideas registered"), lambda u, p, t: ind.ideas_registered(u, p), Measure.PRODUCTS_REGISTERED),
    ("rated", _("Products rated"), lambda u, p, t: ind.products_rated(u, p), None),
    ("rated_3", _("Products rated 3 stars or more"), lambda u, p, t: ind.products_rated(u, p, 3),
     Measure.PRODUCTS_RATED_3_STARS),
    ("certificates", _("Certificates issued"), lambda u, p, t: ind.certificates_issued(u, p).count(), None),
    # Valid at the period's end, or today while the period runs (not on a day still to come).
    ("valid", _("Valid certificates at the end of the period"),
     lambda u, p, t: ind.certificates_valid(u, min(p.end, t)).count(), None),
    ("trained", _("Training participants"), lambda u, p, t: ind.activity_totals(u, p)["training"][1], None),
    ("events", _("Fairs and promotion events"),
     lambda u, p, t: sum(ind.activity_totals(u, p)[k][0] for k in ("fair", "promotion")), None),
    ("funding", _("Funding mobilised (đồng)"), lambda u, p, t: sum(a for _s, a in ind.funding_by_source(u, p)), None),
]  # fmt: skip


def headlines(unit, period, plan=None, today=None):
    """The headline figures of the period and the one before, with the plan's targets (its own plan only)."""
    today = today or timezone.localdate()
    before = previous(period)
    targets = {}
    if plan is not None:
        targets = {t.measure: t for t in plan.targets.all() if t.measure}
    return [
        Headline(key, label, function(unit, period, today), function(unit, before, today),
                 targets.get(measure) if measure else None)
        for key, label, function, measure in HEADLINES
    ]  # fmt: skip


@dataclass
class AgencyRow:
    agency: object
    total: int = 0
    done: int = 0
    late: int = 0  # done, but late
    on_track: int = 0
    overdue: int = 0
    percent_sum: int = 0
    missing: int = 0  # reports owed for the period and not filed

    @property
    def completion(self):
        return round(self.percent_sum / self.total) if self.total else 0


@dataclass
class PlanSection:
    plan: object = None
    as_of: object = None  # the day the tasks' states are taken on
    periods: list = field(default_factory=list)  # the plan quarters checked for missing reports
    agencies: list = field(default_factory=list)  # [AgencyRow]
    states: dict = field(default_factory=dict)  # TaskState → count
    missing: list = field(default_factory=list)  # [(agency, [Missing])]

    @property
    def totals(self):
        total = AgencyRow(None)
        for row in self.agencies:
            for name in ("total", "done", "late", "on_track", "overdue", "percent_sum", "missing"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total


def _filed_by(report, day):
    moment = timezone.localtime(report.submitted_at) if settings.USE_TZ else report.submitted_at
    return moment.date() <= day


def plan_section(plan, period, today=None, agencies=None):
    """Tasks by lead agency as they stood on the period's last day (reports filed by then; on the day the report
    is made if the period is still running), and the reports missing for the plan quarters that closed within
    the period by the day the report is made (a quarter's, a half-year's or a year's duties alike).

    `agencies`: only the tasks these agencies lead (a commune's report: its People's Committee's tasks)."""
    section = PlanSection(plan=plan)
    if plan is None:
        return section
    made_on = today or timezone.localdate()
    as_of = section.as_of = min(made_on, period.end)
    rows, lines = [], {}
    for task in tasks_of(plan):
        if agencies is not None and task.lead_agency_id not in agencies:
            continue
        reports = [r for r in task.reports.all() if _filed_by(r, as_of)]
        status = derive(task, reports, as_of, year=plan.year, due_soon_days=settings.PLAN_DUE_SOON_DAYS,
                        grace_days=settings.PLAN_REPORT_GRACE_DAYS)  # fmt: skip
        rows.append(_Row(task, status))
        line = lines.setdefault(task.lead_agency_id, AgencyRow(task.lead_agency))
        line.total += 1
        line.percent_sum += status.percent
        if status.state == TaskState.DONE:
            line.done += 1
        elif status.state == TaskState.DONE_LATE:
            line.late += 1
        elif status.state == TaskState.OVERDUE:
            line.overdue += 1
        else:
            line.on_track += 1
    section.states = Counter(row.status.state for row in rows)
    grace = settings.PLAN_REPORT_GRACE_DAYS
    section.periods = [
        q for q in quarters_of(plan.year) if period.start <= q.end <= period.end and deadline_of(q, grace) < made_on
    ]
    missing = [item for quarter in section.periods for item in missing_reports(rows, quarter)]
    section.missing = missing_by_agency(missing)
    for item in missing:
        lines[item.agency.pk].missing += 1
    section.agencies = sorted(lines.values(), key=lambda line: (line.agency.unit.path, line.agency.name))
    return section


@dataclass
class _Row:
    task: object
    status: object

    @property
    def state(self):
        return self.status.state


@dataclass
class ReportData:
    unit: object
    period: object
    previous: object
    plan: object
    headlines: list
    ideas_by_commune: list  # [(commune, {status: n}, total)]
    idea_statuses: list  # [(status, label)] the columns
    rounds: list  # [Round with entry_count, stars Counter, forwarded, knocked_out]
    stars: Counter  # stars → products, each counted once at its best
    certificates_issued: list
    certificates_expiring: list
    certificates_expired: list
    producers: list  # [(legal form label, total, new)]
    groups: list  # [(group, registered, certified)]
    plan_section: PlanSection
    activity_totals: dict
    activities: list
    funding: list  # [(source label, amount)]
    quarters: list  # the last eight quarters
    ideas_per_quarter: list
    stars_by_commune: list  # [(commune, Counter stars → n)]
    annex: list  # [Entry, with .certificate or None]
    generated_on: date = None

    @property
    def funding_total(self):
        return sum(amount for _label, amount in self.funding)


def plan_for(unit, period):
    """(plan, agencies or None, whether the plan is the unit's own): the unit's plan of the period's year; for a
    commune without one, the plan of its district, narrowed to the tasks the commune's agencies lead."""
    plan = plan_of(unit, period)
    if plan is not None or unit.level != Level.COMMUNE or unit.parent_id is None:
        return plan, None, plan is not None
    agencies = set(Agency.objects.filter(unit=unit).values_list("pk", flat=True))
    return plan_of(unit.parent, period), agencies, False


def plan_of(unit, period):
    return (
        Plan.objects.filter(unit=unit, year=period.end.year)
        .select_related("unit")
        .prefetch_related("targets")
        .order_by("-pk")
        .first()
    )


def _rounds(unit, period):
    from rating.selectors import reaches_threshold

    rounds = list(ind.rounds_held(unit, period))
    entries = ind.Entry.objects.filter(round__in=rounds).select_related("round__rule_set")
    by_round = {r.pk: r for r in rounds}
    for round_ in rounds:
        round_.stars, round_.forwarded, round_.knocked_out = Counter(), 0, 0
        # Stars are recomputed with each sheet while a council scores: only a closed round's results are shown.
        round_.final = round_.status in (ind.RoundStatus.CLOSED, ind.RoundStatus.PUBLISHED)
    for entry in entries:
        round_ = by_round[entry.round_id]
        if not round_.final:
            continue
        if entry.knocked_out:
            round_.knocked_out += 1
        elif entry.stars:
            round_.stars[entry.stars] += 1
        if round_.status == ind.RoundStatus.PUBLISHED and reaches_threshold(entry):
            round_.forwarded += 1
    return rounds


LEVEL_RANK = {"commune": 0, "district": 1, "province": 2, "central": 3}


def _annex(unit, period):
    """One line per product rated in the period: its best result (most stars; among equals the one with a
    certificate, then the higher level), with the certificate issued on any of its entries of the period."""
    entries = (
        ind.rated_entries(unit, period)
        .select_related("product__producer", "product__commune", "round__unit", "certificate")
        .order_by("product__commune__path", "product__name", "pk")
    )
    by_product = {}
    for entry in entries:
        entry.cert = getattr(entry, "certificate", None)
        by_product.setdefault(entry.product_id, []).append(entry)
    annex = []
    for rated in by_product.values():
        best = max(rated, key=lambda e: (e.stars, e.cert is not None, LEVEL_RANK.get(e.round.level, 0), e.pk))
        if best.cert is None:
            certified = [e.cert for e in rated if e.cert is not None]
            best.cert = max(certified, key=lambda c: (c.stars, c.issued_on), default=None)
        annex.append(best)
    return annex


def gather(unit, period, today=None):
    """The whole report of `unit` for `period` (a ReportPeriod)."""
    today = today or timezone.localdate()
    plan, agencies, own = plan_for(unit, period)
    communes = {c.pk: c for c in ind.communes_of(unit)}
    ideas = ind.ideas_by_commune_and_status(unit, period)
    stars_table = ind.stars_by_commune(unit, period)
    stars = Counter()
    for counter in stars_table.values():
        stars.update(counter)
    quarters = quarters_back(period, 8)
    forms = ind.producers_by_legal_form(unit, period)
    return ReportData(
        unit=unit,
        period=period,
        previous=previous(period),
        plan=plan,
        headlines=headlines(unit, period, plan if own else None, today),
        ideas_by_commune=[(communes[pk], ideas[pk], sum(ideas[pk].values())) for pk in communes if pk in ideas],
        idea_statuses=[(s.value, s.label) for s in ProductStatus if any(s.value in c for c in ideas.values())],
        rounds=_rounds(unit, period),
        stars=stars,
        certificates_issued=list(ind.certificates_issued(unit, period).select_related("product__commune")),
        certificates_expiring=list(
            ind.certificates_expiring(unit, period).select_related("product__commune").order_by("valid_until")
        ),
        certificates_expired=list(
            ind.certificates_expired(unit, period).select_related("product__commune").order_by("valid_until")
        ),
        producers=[(form.label, *forms[form.value]) for form in LegalForm if form.value in forms],
        groups=ind.products_by_group(unit, period),
        plan_section=plan_section(plan, period, today, agencies),
        activity_totals=ind.activity_totals(unit, period),
        activities=list(ind.activities(unit, period)),
        funding=[(_source_label(source), amount) for source, amount in ind.funding_by_source(unit, period)],
        quarters=quarters,
        ideas_per_quarter=ind.ideas_per_quarter(unit, quarters),
        stars_by_commune=[(communes[pk], stars_table[pk]) for pk in communes if pk in stars_table],
        annex=_annex(unit, period),
        generated_on=today,
    )


def _source_label(source):
    from plans.enums import FundingSource

    return FundingSource(source).label
