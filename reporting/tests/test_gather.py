"""gather(): the report's sections over conftest.py's world (hand counts in test_indicators.py's docstring), the
plan section as it stood on the period's last day, and the previous-period comparison across a year boundary.

The plan (936's, 2020) on 30/09/2020, reports filed by then (V.4's report of 05/10 comes too late):
    Phòng KT&HT:   V.1 done (100 % on 25/03, due 31/03) · V.2 quarterly, Q1 and Q2 filed, Q3 due today: due soon
                   (50 %) · V.5 on track (40 %)            → 3 tasks, 1 done, 2 on track, 190/3 = 63 %
    Phòng NN&PTNT: V.3 done late (100 % on 05/08, due 31/07) · V.4 overdue (due 31/08, 50 %)
                                                            → 2 tasks, 1 late, 1 overdue, 150/2 = 75 %
    UBND xã Thuận Hòa: V.11 due 30/09, no report: due soon (0 %) → 1 task, 1 on track, 0 %
    Total: 6 tasks, 1 done, 1 late, 3 on track, 1 overdue, 340/6 = 57 %.
    Not reported for Q3: Phòng KT&HT (V.2), UBND xã Thuận Hòa (V.11) — V.1 was finished in Q1; V.3, V.4 (its
    05/10 report counts here: completeness is judged on the day the report is made) and V.5 have Q3 reports.

Q4 2020 against Q1 2021 (the test adds, in 936: an idea on 31/12/2020 23:59 and one on 01/01/2021 00:00; X2 3★
in a published district round of 31/12/2020 with a certificate issued that day; X8 4★ in a round of
04/01/2021; 5,000,000 đồng of commune budget on 31/12/2020):
    ideas 2 (I4, 31/12) → 1 · rated 1 → 1 · 3★+ 1 → 1 · certificates issued 1 → 0 · valid at the end 3 (C1, C2,
    the new one) → 3 · trained 0 → 0 · fairs and promotion 1 (A5, 01/10) → 0 · funding 5,000,000 → 0.
"""

from collections import Counter
from datetime import date

import pytest
from django.utils import translation

from plans.enums import FundingSource, Measure, TaskState
from products.enums import LegalForm, ProductStatus
from rating.enums import RoundLevel, RoundStatus
from reporting import periods
from reporting.gather import gather, headlines
from reporting.tests.conftest import a_round, certificate, entry, local, product

Q3 = periods.quarter(2020, 3)
TODAY = date(2020, 10, 15)


@pytest.fixture
def data(world):
    return gather(world.tree.district, Q3, today=TODAY)


def figures(items):
    return {item.key: (item.value, item.previous) for item in items}


def test_headlines_with_the_previous_quarter_and_the_plan_targets(data):
    assert figures(data.headlines) == {
        "ideas": (3, 1),
        "rated": (3, 1),
        "rated_3": (2, 1),
        "certificates": (2, 0),
        "valid": (6, 8),
        "trained": (55, 40),
        "events": (2, 0),
        "funding": (200_000_000, 15_000_000),
    }
    by_key = {item.key: item for item in data.headlines}
    assert (by_key["ideas"].change, by_key["valid"].change, by_key["funding"].change) == (2, -2, 185_000_000)
    assert by_key["ideas"].target.measure == Measure.PRODUCTS_REGISTERED
    assert by_key["ideas"].target.target_value == 10
    assert by_key["rated_3"].target.target_value == 5
    assert [key for key, item in by_key.items() if item.target is not None] == ["ideas", "rated_3"]
    assert data.previous.code == "2020-Q2"


def test_ideas_sections(world, data):
    assert [(commune, dict(counts), total) for commune, counts, total in data.ideas_by_commune] == [
        (world.tree.commune, {ProductStatus.ACCEPTED: 1, ProductStatus.REJECTED: 1}, 2),
        (world.tree.other_commune, {ProductStatus.SUBMITTED: 1}, 1),
    ]
    assert [code for code, _label in data.idea_statuses] == ["submitted", "rejected", "accepted"]
    assert [q.code for q in data.quarters] == ["2018-Q4", "2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4", "2020-Q1",
                                               "2020-Q2", "2020-Q3"]  # fmt: skip
    assert data.ideas_per_quarter == [0, 0, 0, 0, 7, 0, 1, 3]


def test_rating_sections(world, data):
    assert [(r, r.entry_count, dict(r.stars), r.knocked_out, r.forwarded) for r in data.rounds] == [
        (world.R1, 4, {3: 2}, 1, 2),  # X1 60 and X3 55 reach the district's 50 points; X8 has no sheet
        (world.R2, 1, {4: 1}, 0, 0),  # closed, not published: nothing goes on yet
        (world.R7, 1, {2: 1}, 0, 0),  # 40 points
    ]
    assert data.stars == Counter({4: 1, 3: 1, 2: 1})
    assert [(commune, dict(counter)) for commune, counter in data.stars_by_commune] == [
        (world.tree.commune, {4: 1}),
        (world.tree.other_commune, {3: 1, 2: 1}),
    ]
    assert [e.product for e in data.annex] == [world.X1, world.X7, world.X3]
    assert [(e.round, e.stars, e.cert) for e in data.annex] == [(world.R3, 4, world.C1), (world.R7, 2, None),
                                                                (world.R1, 3, world.C2)]  # fmt: skip


def test_certificate_sections(world, data):
    assert sorted(c.number for c in data.certificates_issued) == [world.C1.number, world.C2.number]
    assert data.certificates_expiring == [world.C3, world.C4]
    assert data.certificates_expired == [world.C7, world.C12, world.C6]


def test_producers_groups_activities_and_funding(world, data):
    with translation.override("en"):
        assert [(str(label), total, new) for label, total, new in data.producers] == [
            (str(LegalForm.HOUSEHOLD.label), 2, 2),
            (str(LegalForm.COOPERATIVE.label), 3, 0),
        ]
        assert [(str(label), amount) for label, amount in data.funding] == [
            (str(FundingSource.PROVINCIAL.label), 120_000_000),
            (str(FundingSource.DISTRICT.label), 80_000_000),
        ]
    assert data.funding_total == 200_000_000
    assert data.groups == [("Chè", 16, 6), ("Thực phẩm thô, sơ chế", 2, 0), ("Vải, may mặc", 2, 0)]
    assert data.activity_totals["training"] == (2, 55)
    assert data.activities == [world.A1, world.A8, world.A4, world.A6, world.A2]
    assert data.generated_on == TODAY


def agency_rows(section):
    return [(str(r.agency), r.total, r.done, r.late, r.on_track, r.overdue, r.completion, r.missing)
            for r in section.agencies]  # fmt: skip


def test_plan_section_as_it_stood_on_the_periods_last_day(world, data):
    section = data.plan_section
    assert section.plan == world.plan
    assert agency_rows(section) == [
        ("Phòng KT&HT", 3, 1, 0, 2, 0, 63, 1),
        ("Phòng NN&PTNT", 2, 0, 1, 0, 1, 75, 0),
        ("UBND xã Thuận Hòa", 1, 0, 0, 1, 0, 0, 1),
    ]
    t = section.totals
    assert (t.total, t.done, t.late, t.on_track, t.overdue, t.completion, t.missing) == (6, 1, 1, 3, 1, 57, 2)
    assert dict(section.states) == {TaskState.DONE: 1, TaskState.DONE_LATE: 1, TaskState.OVERDUE: 1,
                                    TaskState.DUE_SOON: 2, TaskState.ON_TRACK: 1}  # fmt: skip
    assert [q.code for q in section.periods] == ["2020-Q3"] and section.as_of == Q3.end
    assert [(str(agency), [m.task.section for m in items]) for agency, items in section.missing] == [
        ("Phòng KT&HT", ["V.2"]),
        ("UBND xã Thuận Hòa", ["V.11"]),
    ]


def test_a_later_regeneration_reports_the_same_task_states(world):
    later = gather(world.tree.district, Q3, today=date(2021, 3, 1))
    assert agency_rows(later.plan_section)[:2] == [
        ("Phòng KT&HT", 3, 1, 0, 2, 0, 63, 1),
        ("Phòng NN&PTNT", 2, 0, 1, 0, 1, 75, 0),
    ]


def test_a_unit_without_a_plan(world):
    data = gather(world.tree.province, Q3, today=TODAY)
    assert data.plan is None
    assert data.plan_section.agencies == []
    assert all(item.target is None for item in data.headlines)
    assert figures(data.headlines)["ideas"] == (4, 1)
    assert figures(data.headlines)["rated"] == (4, 1)


@pytest.fixture
def year_end(world):
    """The rows of the Q4 2020 / Q1 2021 comparison (see the module's docstring)."""
    tree = world.tree
    product(world.P1, "Mắm cá linh Thuận Hòa", local(date(2020, 12, 31), 23, 59), ProductStatus.SUBMITTED, 9)
    product(world.P7, "Bánh phồng Xà Phiên", local(date(2021, 1, 1)), ProductStatus.SUBMITTED, 6)
    december = a_round(tree.district, RoundLevel.DISTRICT, 6, RoundStatus.PUBLISHED, date(2020, 12, 31))
    january = a_round(tree.district, RoundLevel.DISTRICT, 1, RoundStatus.PUBLISHED, date(2021, 1, 4), year=2021)
    certificate(entry(december, world.X2, 3, 51), "93-2020-0003/OCOP", date(2023, 12, 31), world.user,
                issued_on=date(2020, 12, 31))  # fmt: skip
    entry(january, world.X8, 4, 71)
    world.plan.funding.create(source=FundingSource.COMMUNE, amount=5_000_000, spent_on=date(2020, 12, 31))
    return world


def test_q1_is_compared_with_the_previous_years_q4(year_end):
    district = year_end.tree.district
    q1 = periods.parse("2021-Q1")
    data = gather(district, q1, today=date(2021, 4, 10))
    assert data.previous.code == "2020-Q4"
    assert figures(data.headlines) == {
        "ideas": (1, 2),
        "rated": (1, 1),
        "rated_3": (1, 1),
        "certificates": (0, 1),
        "valid": (3, 3),
        "trained": (0, 0),
        "events": (0, 1),
        "funding": (0, 5_000_000),
    }
    q4 = {item.key: item.value for item in headlines(district, periods.quarter(2020, 4))}
    assert {item.key: item.previous for item in data.headlines} == q4
    assert data.plan is None  # no plan for 2021 yet


def test_the_annex_shows_the_certified_entry_among_equal_results(world):
    """X3 got 3★ from the district (R1, with C2); rated 3★ again by the province in the period, its line shows
    the province's entry with its certificate — and a product whose certificate sits on an entry with fewer
    stars still shows that certificate."""
    province_round = a_round(world.tree.province, RoundLevel.PROVINCE, 8, RoundStatus.PUBLISHED, date(2020, 9, 17))
    again = entry(province_round, world.X3, 3, 58)
    province_certificate = certificate(again, "93-2020-0099/OCOP", date(2023, 9, 16), world.user, date(2020, 9, 17))
    data = gather(world.tree.district, Q3, today=TODAY)
    line = next(e for e in data.annex if e.product == world.X3)
    assert (line.round, line.stars, line.cert) == (province_round, 3, province_certificate)
    assert len([e for e in data.annex if e.product == world.X3]) == 1

    better = entry(province_round, world.X7, 4, 70)  # X7: 2★ at R7 without a certificate, now 4★ uncertified
    earlier = a_round(world.tree.district, RoundLevel.DISTRICT, 9, RoundStatus.PUBLISHED, date(2020, 9, 1))
    certificate(entry(earlier, world.X7, 3, 56), "93-2020-0098/OCOP", date(2023, 8, 31), world.user, date(2020, 9, 1))
    line = next(e for e in gather(world.tree.district, Q3, today=TODAY).annex if e.product == world.X7)
    assert (line.pk, line.stars, line.cert.number) == (better.pk, 4, "93-2020-0098/OCOP")
