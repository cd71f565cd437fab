"""Targets' actual values against a small world counted by hand, and the target states on fixed days.

The world (`world` fixture), plan = district 936 (Long Mỹ), 2020:

    communes of 936:  Thuận Hòa (2 officials) · Xà Phiên (1 official) · Lương Nghĩa (none)   → 2 of 3 with one
    also an official in far_commune (district 935): not ours

    products (registered = submitted_at set)          counted as registered in 2020?
      P1 Thuận Hòa, 2020, registered                  yes
      P2 Thuận Hòa, 2020, registered                  yes
      P3 Thuận Hòa, 2020, draft                       no (never submitted)
      P4 Xà Phiên,  2020, registered                  yes
      P5 Xà Phiên,  2019, registered                  no (another year)
      P6 Lương Nghĩa, 2021, registered                no (another year)
      P7 Lương Nghĩa, 2020, draft                     no
      P8 far_commune (935), 2020, registered          no (another district)
    → 3 products, in 2 communes (Thuận Hòa, Xà Phiên)

    rating entries                                   counted as rated ≥ 3★ in 2020?
      R1 district 936, 2020, published: P1 4★ yes · P2 3★ yes · P4 2★ no · P5 3★ knocked out no
      R2 province 93, 2020, published:  P1 4★ (P1 again: once) · P8 5★ no (another district)
      R3 district 936, 2020 no. 2, closed (not published): P4 3★ no
      R4 district 936, 2019, published: P5 4★ no (another year)
    → 2 products (P1, P2)

    activities of the plan                           officials trained?
      training for officials, 2 participants           2
      training for officials, 1 participant            1
      training for producers, 40 participants          no
      trade fair, 100 participants                     no
      training for officials in the 2019 plan, 30      no (another plan)
    → 3 participants; accounts with a programme role under 936: 2 + 1 commune officials and the district
      officer = 4 (not the province officer, the far commune's official, agency staff or leadership)
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from org.enums import Role
from org.tests.factories import CommuneFactory, member
from plans.enums import ActivityKind, Audience, Measure, TargetState
from plans.measures import attainment, target_state, year_elapsed
from plans.tests.factories import ActivityFactory, PlanFactory, TargetFactory, local_moment
from products.tests.factories import ProducerFactory, ProductFactory
from rating.catalogue import ensure_rule_sets
from rating.enums import RoundLevel, RoundStatus
from rating.models import Entry, Round, RuleSet

pytestmark = pytest.mark.django_db

MET, ON_TRACK, BEHIND, NO_DATA = TargetState.MET, TargetState.ON_TRACK, TargetState.BEHIND, TargetState.NO_DATA


def product(commune, year=2020, registered=True):
    return ProductFactory(
        producer=ProducerFactory(commune=commune), year=year,
        submitted_at=local_moment(date(year, 3, 10)) if registered else None,
    )  # fmt: skip


def rate(round_, product_, stars, knocked_out=False):
    return Entry.objects.create(round=round_, product=product_, product_set=product_.product_set, stars=stars,
                                knocked_out=knocked_out)  # fmt: skip


@pytest.fixture
def world(tree, commune_official, other_commune_official, district_officer, province_officer, agency_staff,
          leadership):  # fmt: skip
    third = CommuneFactory(code="31490", name="Lương Nghĩa", parent=tree.district)
    member(Role.COMMUNE_OFFICIAL, tree.commune, username="xa.thuanhoa.2")
    member(Role.COMMUNE_OFFICIAL, tree.far_commune, username="xa.vithang")
    p = SimpleNamespace(
        p1=product(tree.commune), p2=product(tree.commune), p3=product(tree.commune, registered=False),
        p4=product(tree.other_commune), p5=product(tree.other_commune, year=2019),
        p6=product(third, year=2021), p7=product(third, registered=False), p8=product(tree.far_commune),
    )  # fmt: skip
    rule_set = ensure_rule_sets(RuleSet)["1048/QĐ-TTg"]

    def round_(unit, status=RoundStatus.PUBLISHED, year=2020, number=1, level=RoundLevel.DISTRICT):
        return Round.objects.create(level=level, unit=unit, year=year, number=number, rule_set=rule_set,
                                    status=status)  # fmt: skip

    r1 = round_(tree.district)
    rate(r1, p.p1, 4), rate(r1, p.p2, 3), rate(r1, p.p4, 2), rate(r1, p.p5, 3, knocked_out=True)
    r2 = round_(tree.province, level=RoundLevel.PROVINCE)
    rate(r2, p.p1, 4), rate(r2, p.p8, 5)
    rate(round_(tree.district, status=RoundStatus.CLOSED, number=2), p.p4, 3)
    rate(round_(tree.district, year=2019), p.p5, 4)

    plan = PlanFactory(unit=tree.district, year=2020)
    ActivityFactory(plan=plan, audience=Audience.OFFICIALS, participants=2)
    ActivityFactory(plan=plan, audience=Audience.OFFICIALS, participants=1)
    ActivityFactory(plan=plan, audience=Audience.PRODUCERS, participants=40)
    ActivityFactory(plan=plan, kind=ActivityKind.FAIR, audience=Audience.OFFICIALS, participants=100)
    ActivityFactory(plan=PlanFactory(unit=tree.district, year=2019), audience=Audience.OFFICIALS, participants=30)
    return SimpleNamespace(plan=plan, products=p, third=third)


def actuals(plan, targets, today=date(2020, 7, 1)):
    return [(row.actual, row.state) for row in attainment(plan, targets, today)]


def test_counts_of_each_measure(world):
    plan = world.plan
    targets = [
        TargetFactory(plan=plan, measure=Measure.COMMUNES_WITH_OFFICIAL, value_unit="xã", target_value=3),
        TargetFactory(plan=plan, measure=Measure.COMMUNES_WITH_PRODUCTS, value_unit="xã", target_value=3),
        TargetFactory(plan=plan, measure=Measure.PRODUCTS_REGISTERED, value_unit="sản phẩm", target_value=5),
        TargetFactory(plan=plan, measure=Measure.PRODUCTS_RATED_3_STARS, value_unit="sản phẩm", target_value=2),
        TargetFactory(plan=plan, measure=Measure.OFFICIALS_TRAINED, value_unit="người", target_value=3),
    ]
    rows = attainment(plan, targets, date(2020, 7, 1))
    assert [row.actual for row in rows] == [
        Decimal(2),  # Thuận Hòa, Xà Phiên (Thuận Hòa's two officials count once; Vị Thắng is not ours)
        Decimal(2),  # Thuận Hòa (P1, P2), Xà Phiên (P4)
        Decimal(3),  # P1, P2, P4
        Decimal(2),  # P1 (rated twice, once), P2
        Decimal(3),  # 2 + 1 officials trained
    ]
    assert [(row.count.count, row.count.population) for row in rows] == [(2, 3), (2, 3), (3, None), (2, None), (3, 4)]


def test_shares_use_the_population_else_the_count_behind_it(world):
    plan = world.plan
    targets = [
        TargetFactory(plan=plan, measure=Measure.COMMUNES_WITH_OFFICIAL, value_unit="%", target_value=100),
        TargetFactory(plan=plan, measure=Measure.COMMUNES_WITH_PRODUCTS, value_unit=" % ", target_value=50),
        TargetFactory(plan=plan, measure=Measure.OFFICIALS_TRAINED, value_unit="%", target_value=100),
        TargetFactory(plan=plan, measure=Measure.OFFICIALS_TRAINED, value_unit="%", target_value=100, population=60),
        TargetFactory(plan=plan, measure=Measure.PRODUCTS_REGISTERED, value_unit="%", target_value=100),
    ]
    assert actuals(plan, targets, date(2020, 7, 1)) == [
        (Decimal("66.7"), ON_TRACK),  # 2 of 3 communes = 66.67 → 66.7 (half up); 66.7 ≥ 100 × 183/366
        (Decimal("66.7"), MET),  # 2 of 3 communes against a target of 50 %
        (Decimal("75.0"), ON_TRACK),  # 3 trained of 4 accounts
        (Decimal("5.0"), BEHIND),  # 3 trained of the 60 officials the target names
        (None, NO_DATA),  # a share of products has nothing to be taken of
    ]


def test_manual_targets_use_the_entered_figure(world):
    plan = world.plan
    entered = TargetFactory(plan=plan, value_unit="lớp", target_value=4, actual_value=Decimal(3))
    empty = TargetFactory(plan=plan, value_unit="lớp", target_value=4)
    done = TargetFactory(plan=plan, value_unit="%", target_value=80, actual_value=Decimal("85.5"))
    assert actuals(plan, [entered, empty, done], date(2020, 7, 1)) == [
        (Decimal(3), ON_TRACK),  # 3 ≥ 4 × 0.5
        (None, NO_DATA),
        (Decimal("85.5"), MET),
    ]
    assert [row.count for row in attainment(plan, [entered, empty, done], date(2020, 7, 1))] == [None, None, None]


def test_a_computed_target_ignores_an_entered_figure(world):
    target = TargetFactory(plan=world.plan, measure=Measure.PRODUCTS_REGISTERED, value_unit="sản phẩm",
                           target_value=5, actual_value=Decimal(40))  # fmt: skip
    assert actuals(world.plan, [target]) == [(Decimal(3), ON_TRACK)]  # 3 ≥ 5 × 0.5


def test_each_measure_is_queried_once_whatever_the_number_of_targets(world):
    plan = world.plan
    one = [TargetFactory(plan=plan, measure=measure) for measure in Measure.values if measure]
    many = one + [TargetFactory(plan=plan, measure=measure) for measure in Measure.values if measure] * 3
    attainment(plan, one, date(2020, 7, 1))  # warm plan.unit
    with CaptureQueriesContext(connection) as few_targets:
        attainment(plan, one, date(2020, 7, 1))
    with CaptureQueriesContext(connection) as more_targets:
        attainment(plan, many, date(2020, 7, 1))
    assert len(more_targets) == len(few_targets)


def test_percent_of_target(world):
    rows = attainment(world.plan, [
        TargetFactory(plan=world.plan, measure=Measure.PRODUCTS_REGISTERED, value_unit="sản phẩm", target_value=4),
        TargetFactory(plan=world.plan, measure=Measure.PRODUCTS_REGISTERED, value_unit="sản phẩm", target_value=2),
        TargetFactory(plan=world.plan, value_unit="lớp", target_value=4),
        TargetFactory(plan=world.plan, value_unit="lớp", target_value=0, actual_value=Decimal(1)),
    ], date(2020, 7, 1))  # fmt: skip
    assert [row.percent_of_target for row in rows] == [75, 100, None, None]  # 3/4; 3/2 capped; no figure; no target


# --- Target states on fixed days (pure) ----------------------------------------------------------------------


def target(value):
    return SimpleNamespace(target_value=Decimal(value))


@pytest.mark.parametrize(
    ("value", "actual", "today", "state"),
    [
        (100, "50", date(2020, 7, 1), ON_TRACK),  # 183 of 366 days gone: 50 needed
        (100, "50", date(2020, 7, 2), BEHIND),  # 184 of 366: 50.27 needed
        (100, "50", date(2020, 12, 1), BEHIND),  # 336 of 366: 91.8 needed
        (100, "92", date(2020, 12, 1), ON_TRACK),
        (100, "100", date(2020, 3, 1), MET),
        (100, "120", date(2020, 3, 1), MET),
        (100, "99.9", date(2020, 12, 31), BEHIND),  # the last day: the whole target is due
        (100, "99.9", date(2021, 1, 15), BEHIND),  # the year is over
        (100, "100", date(2021, 1, 15), MET),
        (10, "0", date(2019, 12, 20), ON_TRACK),  # before the plan's year: nothing due yet
        (10, "0", date(2020, 1, 1), BEHIND),  # the first day is a day gone
        (0, "0", date(2020, 3, 1), MET),
        (100, None, date(2020, 7, 1), NO_DATA),
    ],
)
def test_target_state(value, actual, today, state):
    assert target_state(target(value), None if actual is None else Decimal(actual), today, 2020) == state


@pytest.mark.parametrize(
    ("today", "share"),
    [
        (date(2019, 12, 31), Decimal(0)),
        (date(2020, 1, 1), Decimal(1) / 366),
        (date(2020, 7, 1), Decimal("0.5")),
        (date(2020, 12, 31), Decimal(1)),
        (date(2021, 6, 1), Decimal(1)),
    ],
)
def test_year_elapsed(today, share):
    assert year_elapsed(2020, today) == share
