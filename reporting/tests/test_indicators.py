"""Each indicator function against the hand-counted world of conftest.py: huyện Long Mỹ (936), quarter III of 2020
(01/07/2020 00:00 – 30/09/2020 23:59:59, Asia/Ho_Chi_Minh = UTC+7). TH = xã Thuận Hòa, XP = xã Xà Phiên (both
in 936); VT = xã Vị Thắng, in huyện Vị Thủy (935): never counted for 936.

Ideas (Product.submitted_at, local time):
    I1 TH 01/07 00:00 (= 30/06 17:00 UTC) in, accepted | I2 TH 30/06 23:59 out (Q2) | I3 XP 30/09 23:59:59 in,
    submitted | I4 XP 01/10 00:00 out (Q4) | I5 TH 15/08 in, rejected | I6 VT out (other district) | I7 draft
    → registered Q3 = 3 (I1, I3, I5); Q2 = 1 (I2); the province in Q3 = 4 (+ I6)
    → by commune and status: TH {accepted 1, rejected 1}, XP {submitted 1}
    → per quarter, Q4/2018 … Q3/2020: [0, 0, 0, 0, 7, 0, 1, 3] (X1–X5, X7, X8 were submitted 05/11/2019)

Rating (rounds of 2020; 1048 rule set: a district entry goes on at 50 points):
    R1 district 936, published, 20/08: X1 3★ (60), X2 knocked out, X3 3★ (55), X8 not scored
    R2 district 936, closed (unpublished), 10/09: X4 4★           R3 province, published, 25/09: X1 4★ (72)
    R4 district 936, published, 30/06 (Q2): X5 3★               R5 district 935, published, 20/08: X6 4★
    R6 district 936, draft, 01/09 (no entries)                    R7 district 936, published, no date, created
                                                                    01/07 00:30: X7 2★ (40)
    → rounds held by 936's councils in Q3 = R1 (4 entries), R2 (1), R7 (1): R3 is the province's, R6 a draft
    → products rated Q3 = 3 (X1 once, at its best 4★; X3 3★; X7 2★); 3★ or more = 2; Q2 = 1 (X5), 3★+ = 1
    → best stars: X1 4, X3 3, X7 2; by commune: TH {4★: 1}, XP {3★: 1, 2★: 1}; the province adds X6 (4★)

Certificates (valid_until is the last valid day; the period ends 30/09, + 90 days = 29/12/2020):
    C1 X1 issued 28/09/2020 → 2023 | C2 X3 issued 25/08/2020 → 2023 | issued 2017 (O-products), valid until:
    C3 20/10/2020 | C4 29/12/2020 | C5 30/12/2020 | C6 30/09/2020 | C7 01/07/2020 | C8 30/06/2020 |
    C9 10/08/2020 revoked 01/05/2020 | C10 (VT) 01/08/2020 | C11 15/11/2020 revoked 01/09/2020 |
    C12 20/08/2020 revoked 01/02/2021
    → issued Q3 = 2 (C1, C2); Q2 = 0
    → valid on 30/09 = 6 (C1 C2 C3 C4 C5 C6); on 30/06 = 8 (C3 C4 C5 C6 C7 C8 C11 C12)
    → expiring within 90 days of 30/09 = 2 (C3, C4; C5 is day 91, C6 ends on 30/09, C11 is revoked)
    → expired in Q3 = 3 (C7 01/07, C12 20/08 — revoked only after the quarter —, C6 30/09); C8 ended in Q2

Producers (created_at): TH P1 cooperative 10/03, P2 household 01/07 00:00, P6 cooperative 30/06 23:59;
    XP P3 household 30/09 23:59:59, P4 one-member LLC 01/10 00:00, P7 cooperative 2019; VT P5 cooperative
    → Q3: cooperative (3 by the end, 0 new), household (2, 2 new); Q2: cooperative (3, 1 new: P6)

Products by group (registered = submitted by 30/09, in 936): "Chè" (sets 12, 13): X1–X5, X7, X8 and O1–O7,
    O9, O10 = 16, of which 6 with a certificate valid on 30/09; "Thực phẩm thô, sơ chế" (set 3): I1, I2 = 2;
    "Vải, may mặc" (set 25, a sector): I3, I5 = 2. I4 (01/10), I6 (VT) and I7 (draft) are not counted.

Activities (held_on), on 936's plan unless noted: A1 training 01/07 30 people, A2 training 30/09 25, A3 training
    30/06 40 (Q2), A4 fair 15/08 200, A5 promotion 01/10 (Q4), A6 media 10/09, A7 training 01/08 50 on 935's
    plan, A8 promotion 20/07 on Thuận Hòa's own plan
    → Q3: training (2 classes, 55 people), fair (1, 200), promotion (1, 0), media (1, 0); Q2: training (1, 40)

Funding (spent_on): F1 district 50,000,000 01/07, F2 provincial 120,000,000 30/09, F3 district 30,000,000 10/08,
    F4 own 15,000,000 30/06 (Q2), F5 central 999,000,000 on 935's plan
    → Q3: provincial 120,000,000, district 80,000,000 (total 200,000,000); Q2: own 15,000,000
"""

import pytest

from plans.enums import FundingSource
from products.enums import LegalForm, ProductStatus
from reporting import indicators as ind
from reporting import periods

Q2 = periods.quarter(2020, 2)
Q3 = periods.quarter(2020, 3)


@pytest.fixture
def d(world):
    return world.tree.district


def names(queryset_or_list):
    return sorted(str(item) for item in queryset_or_list)


# --- Ideas ---------------------------------------------------------------------------------------------------


def test_ideas_registered(world, d):
    assert ind.ideas_registered(d, Q3) == 3
    assert names(ind.registered(d, Q3)) == names([world.I1, world.I3, world.I5])
    assert ind.ideas_registered(d, Q2) == 1
    assert ind.ideas_registered(world.tree.province, Q3) == 4
    assert ind.ideas_registered(world.tree.commune, Q3) == 2
    assert ind.ideas_registered(world.tree.other_district, Q3) == 1


def test_ideas_on_the_days_around_the_period(world, d):
    """Midnight in Vietnam is 17:00 UTC the day before: I1 (01/07 00:00) is Q3's, I2 (30/06 23:59) is Q2's."""
    first_day = periods.custom(Q3.start, Q3.start)
    day_before = periods.custom(Q2.end, Q2.end)
    assert [p.name for p in ind.registered(d, first_day)] == [world.I1.name]
    assert [p.name for p in ind.registered(d, day_before)] == [world.I2.name]
    assert [p.name for p in ind.registered(d, periods.custom(Q3.end, Q3.end))] == [world.I3.name]
    assert [p.name for p in ind.registered(d, periods.quarter(2020, 4))] == [world.I4.name]


def test_ideas_by_commune_and_status(world, d):
    table = ind.ideas_by_commune_and_status(d, Q3)
    assert {key: dict(counter) for key, counter in table.items()} == {
        world.tree.commune.pk: {ProductStatus.ACCEPTED: 1, ProductStatus.REJECTED: 1},
        world.tree.other_commune.pk: {ProductStatus.SUBMITTED: 1},
    }


def test_ideas_per_quarter(world, d):
    quarters = periods.quarters_back(Q3, 8)
    assert ind.ideas_per_quarter(d, quarters) == [0, 0, 0, 0, 7, 0, 1, 3]
    assert ind.ideas_per_quarter(world.tree.province, quarters) == [0, 0, 0, 0, 8, 0, 1, 4]


# --- Rating --------------------------------------------------------------------------------------------------


def test_rounds_held(world, d):
    rounds = list(ind.rounds_held(d, Q3))
    assert rounds == [world.R1, world.R2, world.R7]  # by date, the undated one last (on every database)
    assert [r.entry_count for r in rounds] == [4, 1, 1]
    assert list(ind.rounds_held(d, Q2)) == [world.R4]
    assert set(ind.rounds_held(world.tree.province, Q3)) == {world.R1, world.R2, world.R3, world.R5, world.R7}


def test_rated_entries_and_products(world, d):
    assert set(ind.rated_entries(d, Q3)) == {world.E_X1_R1, world.E_X1_R3, world.E_X3_R1, world.E_X7_R7}
    assert ind.products_rated(d, Q3) == 3
    assert ind.products_rated(d, Q3, 3) == 2
    assert ind.products_rated(d, Q3, 4) == 1
    assert (ind.products_rated(d, Q2), ind.products_rated(d, Q2, 3)) == (1, 1)
    assert ind.products_rated(world.tree.province, Q3) == 4


def test_a_product_rated_twice_counts_once_at_its_best(world, d):
    assert ind.best_stars_by_product(d, Q3) == {world.X1.pk: 4, world.X3.pk: 3, world.X7.pk: 2}
    table = ind.stars_by_commune(d, Q3)
    assert {key: dict(counter) for key, counter in table.items()} == {
        world.tree.commune.pk: {4: 1},
        world.tree.other_commune.pk: {3: 1, 2: 1},
    }


# --- Certificates --------------------------------------------------------------------------------------------


def test_certificates_issued(world, d):
    assert names(ind.certificates_issued(d, Q3)) == names([world.C1, world.C2])
    assert ind.certificates_issued(d, Q2).count() == 0


def test_certificates_valid_at_the_periods_end(world, d):
    assert names(ind.certificates_valid(d, Q3.end)) == names([world.C1, world.C2, world.C3, world.C4, world.C5,
                                                              world.C6])  # fmt: skip
    assert names(ind.certificates_valid(d, Q2.end)) == names([world.C3, world.C4, world.C5, world.C6, world.C7,
                                                              world.C8, world.C11, world.C12])  # fmt: skip


def test_certificates_expiring_within_the_days_after_the_end(world, d):
    assert names(ind.certificates_expiring(d, Q3)) == names([world.C3, world.C4])


def test_expiring_days_is_a_setting(world, d, settings):
    settings.REPORT_EXPIRING_DAYS = 91
    assert names(ind.certificates_expiring(d, Q3)) == names([world.C3, world.C4, world.C5])


def test_certificates_expired_in_the_period(world, d):
    assert names(ind.certificates_expired(d, Q3)) == names([world.C6, world.C7, world.C12])
    assert names(ind.certificates_expired(d, Q2)) == names([world.C8])
    assert names(ind.certificates_expired(world.tree.province, Q3)) == names([world.C6, world.C7, world.C10,
                                                                              world.C12])  # fmt: skip


def test_a_certificate_ending_on_the_periods_last_day_is_expired_in_it_and_in_no_other(world, d):
    """C6 is valid until 30/09/2020: valid on the last day of Q3, expired in Q3, not expiring, gone in Q4."""
    q4 = periods.quarter(2020, 4)
    assert world.C6 in ind.certificates_valid(d, Q3.end)
    assert world.C6 in ind.certificates_expired(d, Q3)
    assert world.C6 not in ind.certificates_expiring(d, Q3)
    assert world.C6 not in ind.certificates_expired(d, q4)
    assert world.C6 not in ind.certificates_valid(d, q4.start)


# --- Producers and products ----------------------------------------------------------------------------------


def test_producers_by_legal_form(world, d):
    assert ind.producers_by_legal_form(d, Q3) == {LegalForm.COOPERATIVE: (3, 0), LegalForm.HOUSEHOLD: (2, 2)}
    assert ind.producers_by_legal_form(d, Q2) == {LegalForm.COOPERATIVE: (3, 1)}
    assert ind.producers_by_legal_form(world.tree.other_district, Q3) == {LegalForm.COOPERATIVE: (1, 1)}


def test_products_by_group(world, d):
    assert ind.products_by_group(d, Q3) == [("Chè", 16, 6), ("Thực phẩm thô, sơ chế", 2, 0), ("Vải, may mặc", 2, 0)]


# --- Activities and funding ----------------------------------------------------------------------------------


def test_activities(world, d):
    assert list(ind.activities(d, Q3)) == [world.A1, world.A8, world.A4, world.A6, world.A2]


def test_activity_totals(world, d):
    assert ind.activity_totals(d, Q3) == {"training": (2, 55), "fair": (1, 200), "promotion": (1, 0),
                                          "media": (1, 0)}  # fmt: skip
    assert ind.activity_totals(d, Q2) == {"training": (1, 40), "fair": (0, 0), "promotion": (0, 0), "media": (0, 0)}
    assert ind.activity_totals(world.tree.other_district, Q3)["training"] == (1, 50)


def test_funding_by_source(world, d):
    assert ind.funding_by_source(d, Q3) == [(FundingSource.PROVINCIAL, 120_000_000),
                                            (FundingSource.DISTRICT, 80_000_000)]  # fmt: skip
    assert ind.funding_by_source(d, Q2) == [(FundingSource.OWN, 15_000_000)]
    assert ind.funding_by_source(world.tree.other_district, Q3) == [(FundingSource.CENTRAL, 999_000_000)]


def test_an_empty_unit_counts_zero(world):
    commune = world.tree.far_commune
    q1 = periods.quarter(2016, 1)  # before anything of Vị Thắng was registered
    assert ind.ideas_registered(commune, q1) == 0
    assert ind.products_rated(commune, q1) == 0
    assert ind.producers_by_legal_form(commune, q1) == {}
    assert ind.products_by_group(commune, q1) == []
    assert ind.funding_by_source(commune, q1) == []
    assert ind.activity_totals(commune, q1) == {"training": (0, 0), "fair": (0, 0), "promotion": (0, 0),
                                                "media": (0, 0)}  # fmt: skip
