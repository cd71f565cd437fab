"""A small, hand-counted OCOP world for the reporting tests (`world`), on the root conftest's `tree`.

The report under test is huyện Long Mỹ (936), quarter III of 2020: 01/07/2020 00:00 to 30/09/2020 23:59:59 in
Asia/Ho_Chi_Minh. Xã Vị Thắng (31450) lies in huyện Vị Thủy (935): nothing of it counts for Long Mỹ. Every row
is stored with the factories or the ORM, dates set explicitly; the counts are in test_indicators.py's
docstring. The plan is plans/tests/conftest.py's `plan` (tasks V.1, V.2, V.11) with three more tasks.

Names: producers P1–P7, ideas I1–I7, rated products X1–X8, products with old certificates O1–O10, rounds
R0–R7, certificates C1–C12, activities A1–A8, funding lines F1–F5 (see `world`).
"""

from datetime import date, datetime, time
from types import SimpleNamespace

import pytest
from django.utils import timezone

from org.tests.factories import UserFactory
from plans.enums import ActivityKind, Audience, FundingSource, Measure, MediaKind, ReportStatus
from plans.models import Funding
from plans.tests.conftest import commune_agency, other_agency, plan  # noqa: F401
from plans.tests.factories import (
    ActivityFactory,
    PlanFactory,
    ProgressReportFactory,
    TargetFactory,
    TaskFactory,
)
from products.enums import LegalForm, ProductStatus, RegistrationKind
from products.models import Producer, Product, ProductSet
from products.tests.factories import ProducerFactory, ProductFactory
from rating.catalogue import ensure_rule_sets
from rating.certificates import add_months, current_certificate_of, link_successor, replaced_before
from rating.enums import RoundLevel, RoundStatus
from rating.models import Certificate, Entry, Round, RuleSet
from reporting import periods

Q3 = periods.quarter(2020, 3)


def local(day, hour=0, minute=0, second=0):
    """An aware datetime in the portal's time zone (Asia/Ho_Chi_Minh, UTC+7)."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute, second)))


def producer(commune, legal_form, created_at, name):
    made = ProducerFactory(commune=commune, legal_form=legal_form, name=name)
    Producer.objects.filter(pk=made.pk).update(created_at=created_at)
    return made


def product(producer_, name, submitted_at=None, status=None, set_number=13, kind=RegistrationKind.EXISTING):
    """A product as the workflow leaves it: `submitted_at` is the first submission (None: still a draft)."""
    product_set = ProductSet.objects.get(number=set_number)
    made = ProductFactory(producer=producer_, name=name, kind=kind, product_set=product_set)
    status = status or (ProductStatus.DRAFT if submitted_at is None else ProductStatus.READY)
    Product.objects.filter(pk=made.pk).update(submitted_at=submitted_at, status=status)
    made.refresh_from_db()
    return made


def a_round(unit, level, number, status, meeting_date, year=2020):
    return Round.objects.create(
        level=level, unit=unit, year=year, number=number, rule_set=RuleSet.objects.get(code="1048/QĐ-TTg"),
        status=status, meeting_date=meeting_date,
    )  # fmt: skip


def entry(round_, product_, stars=None, score=None, knocked_out=False):
    """An entry with its results as the score sheets leave them (one sheet whose total is `score`)."""
    return Entry.objects.create(
        round=round_, product=product_, product_set=product_.product_set, stars=stars, knocked_out=knocked_out,
        score_sum=score or 0, sheet_count=1 if score is not None else 0,
    )  # fmt: skip


def certificate(entry_, number, valid_until, user, issued_on=None, revoked_at=None):
    """A certificate as stored; one the product already holds is replaced by it, as issuing does."""
    issued_on = issued_on or add_months(valid_until, -36)
    current = None if revoked_at else current_certificate_of(entry_.product_id)
    if current is not None:
        replaced_before(current, issued_on)
    made = Certificate.objects.create(
        entry=entry_, number=number, stars=entry_.stars, issued_on=issued_on,
        valid_until=valid_until, issued_by=user, revoked_at=revoked_at, revoked_by=user if revoked_at else None,
        revocation_reason="Sản phẩm không còn sản xuất" if revoked_at else "",
    )  # fmt: skip
    if current is not None:
        link_successor(current, made)
    return made


@pytest.fixture
def world(tree, plan, commune_agency, other_agency):  # noqa: F811
    ensure_rule_sets(RuleSet)
    user = UserFactory(username="tinh.chungnhan")
    th, xp, vt = tree.commune, tree.other_commune, tree.far_commune
    w = SimpleNamespace(tree=tree, plan=plan, user=user)

    # Producers: legal form, created
    w.P1 = producer(th, LegalForm.COOPERATIVE, local(date(2020, 3, 10), 9), "HTX Thuận Hòa")
    w.P2 = producer(th, LegalForm.HOUSEHOLD, local(date(2020, 7, 1)), "Hộ Trần Văn Hai")
    w.P3 = producer(xp, LegalForm.HOUSEHOLD, local(date(2020, 9, 30), 23, 59, 59), "Hộ Lê Thị Ba")
    w.P4 = producer(xp, LegalForm.LLC_ONE_MEMBER, local(date(2020, 10, 1)), "Công ty TNHH Xà Phiên")
    w.P5 = producer(vt, LegalForm.COOPERATIVE, local(date(2020, 8, 1), 9), "HTX Vị Thắng")
    w.P6 = producer(th, LegalForm.COOPERATIVE, local(date(2020, 6, 30), 23, 59), "HTX Rau sạch Thuận Hòa")
    w.P7 = producer(xp, LegalForm.COOPERATIVE, local(date(2019, 1, 2), 9), "HTX Xà Phiên")

    # Ideas: submitted (first sent to the district) at the period's edges, local time
    w.I1 = product(w.P1, "Gạo sạch Thuận Hòa", local(date(2020, 7, 1)), ProductStatus.ACCEPTED, 3)
    w.I2 = product(w.P1, "Gạo nếp Thuận Hòa", local(date(2020, 6, 30), 23, 59), ProductStatus.SUBMITTED, 3)
    w.I3 = product(w.P7, "Khăn dệt Xà Phiên", local(date(2020, 9, 30), 23, 59, 59), ProductStatus.SUBMITTED, 25)
    w.I4 = product(w.P7, "Áo bà ba Xà Phiên", local(date(2020, 10, 1)), ProductStatus.SUBMITTED, 25)
    w.I5 = product(w.P1, "Nón lá Thuận Hòa", local(date(2020, 8, 15), 10), ProductStatus.REJECTED, 25)
    w.I6 = product(w.P5, "Mật ong Vị Thắng", local(date(2020, 8, 15), 10), ProductStatus.SUBMITTED, 4)
    w.I7 = product(w.P1, "Bánh tét Thuận Hòa", None, ProductStatus.DRAFT, 6)

    # Rated products (existing products, submitted in Q4 2019) and the rounds of 2020
    sent = local(date(2019, 11, 5), 10)
    w.X1 = product(w.P1, "Trà mãng cầu Thuận Hòa", sent, set_number=12)
    w.X2 = product(w.P1, "Trà khổ qua Thuận Hòa", sent)
    w.X3 = product(w.P7, "Trà bông sen Xà Phiên", sent)
    w.X4 = product(w.P7, "Trà gừng Xà Phiên", sent)
    w.X5 = product(w.P1, "Trà sả Thuận Hòa", sent)
    w.X6 = product(w.P5, "Trà Vị Thắng", sent)
    w.X7 = product(w.P7, "Trà atiso Xà Phiên", sent)
    w.X8 = product(w.P7, "Trà hoa cúc Xà Phiên", sent)
    P, D = RoundLevel.PROVINCE, RoundLevel.DISTRICT
    w.R1 = a_round(tree.district, D, 1, RoundStatus.PUBLISHED, date(2020, 8, 20))
    w.R2 = a_round(tree.district, D, 2, RoundStatus.CLOSED, date(2020, 9, 10))
    w.R3 = a_round(tree.province, P, 1, RoundStatus.PUBLISHED, date(2020, 9, 25))
    w.R4 = a_round(tree.district, D, 3, RoundStatus.PUBLISHED, date(2020, 6, 30))
    w.R5 = a_round(tree.other_district, D, 1, RoundStatus.PUBLISHED, date(2020, 8, 20))
    w.R6 = a_round(tree.district, D, 4, RoundStatus.DRAFT, date(2020, 9, 1))
    w.R7 = a_round(tree.district, D, 5, RoundStatus.PUBLISHED, None)
    Round.objects.filter(pk=w.R7.pk).update(created_at=local(date(2020, 7, 1), 0, 30))
    w.R7.refresh_from_db()
    w.E_X1_R1 = entry(w.R1, w.X1, 3, 60)
    w.E_X2_R1 = entry(w.R1, w.X2, knocked_out=True)
    w.E_X3_R1 = entry(w.R1, w.X3, 3, 55)
    w.E_X8_R1 = entry(w.R1, w.X8)  # not scored yet
    w.E_X4_R2 = entry(w.R2, w.X4, 4, 75)
    w.E_X1_R3 = entry(w.R3, w.X1, 4, 72)
    w.E_X5_R4 = entry(w.R4, w.X5, 3, 52)
    w.E_X6_R5 = entry(w.R5, w.X6, 4, 71)
    w.E_X7_R7 = entry(w.R7, w.X7, 2, 40)
    w.C1 = certificate(w.E_X1_R3, "93-2020-0001/OCOP", date(2023, 9, 28), user, issued_on=date(2020, 9, 28))
    w.C2 = certificate(w.E_X3_R1, "93-2020-0002/OCOP", date(2023, 8, 25), user, issued_on=date(2020, 8, 25))

    # Products certified in 2017 (a province round), their certificates' validity ending around Q3 2020
    w.R0 = a_round(tree.province, P, 1, RoundStatus.PUBLISHED, date(2017, 9, 20), year=2017)
    old = [  # (name, commune's producer, valid until, revoked at)
        ("O1", w.P1, date(2020, 10, 20), None),
        ("O2", w.P7, date(2020, 12, 29), None),  # the period's end + 90 days
        ("O3", w.P1, date(2020, 12, 30), None),  # + 91 days
        ("O4", w.P7, date(2020, 9, 30), None),  # the period's last day
        ("O5", w.P1, date(2020, 7, 1), None),  # the period's first day
        ("O6", w.P7, date(2020, 6, 30), None),  # the day before the period
        ("O7", w.P1, date(2020, 8, 10), local(date(2020, 5, 1), 9)),  # revoked before it expired
        ("O8", w.P5, date(2020, 8, 1), None),  # another district
        ("O9", w.P1, date(2020, 11, 15), local(date(2020, 9, 1), 9)),  # revoked within the period
        ("O10", w.P7, date(2020, 8, 20), local(date(2021, 2, 1), 9)),  # revoked after the period
    ]
    for index, (name, producer_, valid_until, revoked_at) in enumerate(old, start=1):
        made = product(producer_, f"Trà {name}", local(date(2017, 6, 1), 10))
        setattr(w, name, made)
        number = f"93-2017-{index:04d}/OCOP"
        setattr(w, f"C{index + 2}", certificate(entry(w.R0, made, 3, 55), number, valid_until, user, None, revoked_at))

    # The plan: targets, three more tasks, reports (the report filed on 05/10/2020 comes after the quarter)
    TargetFactory(plan=plan, measure=Measure.PRODUCTS_REGISTERED, target_value=10, value_unit="sản phẩm")
    TargetFactory(plan=plan, measure=Measure.PRODUCTS_RATED_3_STARS, target_value=5, value_unit="sản phẩm")
    w.survey, w.quarterly, w.commune_task = (plan.tasks.get(section=s) for s in ("V.1", "V.2", "V.11"))
    w.late_task = TaskFactory(plan=plan, section="V.3", order=4, lead_agency=other_agency, due_date=date(2020, 7, 31))
    w.overdue_task = TaskFactory(plan=plan, section="V.4", order=5, lead_agency=other_agency,
                                 due_date=date(2020, 8, 31))  # fmt: skip
    w.running_task = TaskFactory(plan=plan, section="V.5", order=6, lead_agency=tree.agency)

    def report(task, period, percent, submitted, status=ReportStatus.ACCEPTED):
        return ProgressReportFactory(task=task, period=period, percent_done=percent, status=status,
                                     submitted_at=local(submitted, 10))  # fmt: skip

    report(w.survey, "2020-Q1", 100, date(2020, 3, 25))
    report(w.quarterly, "2020-Q1", 25, date(2020, 3, 31))
    report(w.quarterly, "2020-Q2", 50, date(2020, 7, 10))
    report(w.late_task, "2020-Q3", 100, date(2020, 8, 5))
    report(w.overdue_task, "2020-Q2", 50, date(2020, 6, 30))
    report(w.overdue_task, "2020-Q3", 100, date(2020, 10, 5))
    report(w.running_task, "2020-Q3", 40, date(2020, 9, 20))

    # Activities: on the district's plan, a commune plan below it, and another district's plan
    commune_plan = PlanFactory(unit=th, year=2020)
    other_plan = PlanFactory(unit=tree.other_district, year=2020)
    T, F, PR, M = ActivityKind.TRAINING, ActivityKind.FAIR, ActivityKind.PROMOTION, ActivityKind.MEDIA
    w.A1 = ActivityFactory(plan=plan, kind=T, held_on=date(2020, 7, 1), participants=30)
    w.A2 = ActivityFactory(plan=plan, kind=T, held_on=date(2020, 9, 30), participants=25, audience=Audience.PRODUCERS)
    w.A3 = ActivityFactory(plan=plan, kind=T, held_on=date(2020, 6, 30), participants=40)
    w.A4 = ActivityFactory(plan=plan, kind=F, held_on=date(2020, 8, 15), participants=200, audience="",
                           title="Hội chợ OCOP Long Mỹ 2020")  # fmt: skip
    w.A5 = ActivityFactory(plan=plan, kind=PR, held_on=date(2020, 10, 1), participants=None, audience="")
    w.A6 = ActivityFactory(plan=plan, kind=M, held_on=date(2020, 9, 10), participants=None, audience="",
                           media_kind=MediaKind.ARTICLE)  # fmt: skip
    w.A7 = ActivityFactory(plan=other_plan, kind=T, held_on=date(2020, 8, 1), participants=50)
    w.A8 = ActivityFactory(plan=commune_plan, kind=PR, held_on=date(2020, 7, 20), participants=None, audience="")

    # Funding lines
    def funding(plan_, source, amount, day):
        return Funding.objects.create(plan=plan_, source=source, amount=amount, spent_on=day)

    w.F1 = funding(plan, FundingSource.DISTRICT, 50_000_000, date(2020, 7, 1))
    w.F2 = funding(plan, FundingSource.PROVINCIAL, 120_000_000, date(2020, 9, 30))
    w.F3 = funding(plan, FundingSource.DISTRICT, 30_000_000, date(2020, 8, 10))
    w.F4 = funding(plan, FundingSource.OWN, 15_000_000, date(2020, 6, 30))
    w.F5 = funding(other_plan, FundingSource.CENTRAL, 999_000_000, date(2020, 8, 10))
    return w


@pytest.fixture
def eager():
    """Tasks run in this process whatever REDIS_URL says (the services' and the command's tests)."""
    from reporting.tests.generation import eager_celery

    with eager_celery():
        yield


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """`with run_on_commit():` runs what the block left for after the commit (the eager task) at its end;
    run_on_commit(execute=False) only collects it."""

    def capture(execute=True):
        return django_capture_on_commit_callbacks(execute=execute)

    return capture
