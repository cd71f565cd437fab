"""Factories of the plans app: plans, targets, tasks, progress reports, activities, funding lines and rules.

Defaults describe a district's plan for 2020: a task falls due at the end of the plan's year and is led by an
agency of the plan's unit; a report is a lead-agency report filed (waiting for review) on its period's last day.
Pass `status=ReportStatus.ACCEPTED` etc. to store a reviewed report directly (the services write the history;
these factories only store rows).
"""

from datetime import date, datetime, time
from decimal import Decimal

import factory
from django.utils import timezone

from org.enums import UnitKind
from org.tests.factories import AgencyFactory, DistrictFactory, UserFactory
from plans.enums import ActivityKind, Audience, FundingSource, Measure, Recurrence, ReportStatus
from plans.models import Activity, Funding, FundingRule, Plan, ProgressReport, Target, Task
from plans.periods import parse


def local_moment(day, hour=10, minute=0):
    """An aware datetime at `hour`:`minute` on `day`, in the portal's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    unit = factory.SubFactory(DistrictFactory)
    year = 2020
    title = factory.LazyAttribute(lambda o: f"Kế hoạch thực hiện Chương trình OCOP năm {o.year}")
    number = factory.Sequence(lambda n: f"{n + 1}/KH-UBND")


class TargetFactory(factory.django.DjangoModelFactory):
    """A manual target (the office enters its actual value); pass `measure=` for a computed one."""

    class Meta:
        model = Target

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Chỉ tiêu số {n + 1}")
    measure = Measure.MANUAL
    target_value = Decimal("100")
    value_unit = "%"


class TaskFactory(factory.django.DjangoModelFactory):
    """A one-off task due on 31 December of the plan's year; `coordinating=[agency, …]` adds coordinators."""

    class Meta:
        model = Task
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Nhiệm vụ số {n + 1}")
    lead_agency = factory.SubFactory(AgencyFactory, unit=factory.SelfAttribute("..plan.unit"))
    recurrence = Recurrence.NONE
    due_date = factory.LazyAttribute(lambda o: None if o.recurrence else date(o.plan.year, 12, 31))

    @factory.post_generation
    def coordinating(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.coordinating_agencies.set(extracted)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    """The lead agency's report for `period` (default: the plan year's first quarter), filed on its last day."""

    class Meta:
        model = ProgressReport

    task = factory.SubFactory(TaskFactory)
    agency = factory.SelfAttribute("task.lead_agency")
    period = factory.LazyAttribute(lambda o: f"{o.task.plan.year}-Q1")
    period_end = factory.LazyAttribute(lambda o: parse(o.period).end)
    text = "Đã triển khai theo kế hoạch."
    percent_done = 50
    status = ReportStatus.SUBMITTED
    submitted_by = factory.SubFactory(UserFactory)
    submitted_at = factory.LazyAttribute(lambda o: local_moment(o.period_end))


class ActivityFactory(factory.django.DjangoModelFactory):
    """A training class for programme officials; set `kind`/`audience` for the others."""

    class Meta:
        model = Activity

    plan = factory.SubFactory(PlanFactory)
    kind = ActivityKind.TRAINING
    title = factory.Sequence(lambda n: f"Lớp tập huấn OCOP số {n + 1}")
    held_on = factory.LazyAttribute(lambda o: date(o.plan.year, 6, 15))
    audience = Audience.OFFICIALS
    participants = 30


class FundingRuleFactory(factory.django.DjangoModelFactory):
    """The 2020 Long Mỹ rule: the new-rural-development programme does not fund a thị trấn."""

    class Meta:
        model = FundingRule

    unit = factory.SubFactory(DistrictFactory)
    source = FundingSource.PROGRAMME
    programme = "Chương trình MTQG xây dựng nông thôn mới"
    refused_kind = UnitKind.TOWNSHIP


def funding_line(plan, **fields):
    """An unsaved ledger line of `plan` (record_funding saves it): 50 million đồng from the district budget."""
    fields.setdefault("source", FundingSource.DISTRICT)
    fields.setdefault("amount", 50_000_000)
    fields.setdefault("spent_on", date(plan.year, 5, 20))
    return Funding(plan=plan, **fields)
