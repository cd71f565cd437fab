"""The reports' demo: after seed_demo, Long Mỹ's Q3 2020 report has ideas by commune, a district round with
stars, certificates and the plan, and the demo reports are produced (eagerly, without REDIS_URL)."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from org.data.reorganisation_can_tho_2025 import HISTORY_ENDS
from org.models import AdministrativeUnit
from products.models import Product
from rating.enums import RoundLevel
from rating.models import Certificate, Round
from reporting import periods
from reporting.demo import demo_reports
from reporting.enums import ReportState
from reporting.gather import gather
from reporting.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the reports are produced once seed_demo commits
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def long_my():
    return AdministrativeUnit.objects.get(code="936")


def test_the_q3_2020_report_of_long_my_has_every_section(seeded):
    data = gather(long_my(), periods.quarter(2020, 3), today=date(2026, 11, 28))

    ideas = {commune.name: total for commune, _statuses, total in data.ideas_by_commune}
    assert len(ideas) >= 3 and sum(ideas.values()) >= 4
    assert data.headlines[0].key == "ideas" and data.headlines[0].value == sum(ideas.values())
    assert data.headlines[0].previous > 0  # Q2 2020 had ideas too
    assert data.quarters[1].code == "2019-Q1" and all(data.ideas_per_quarter[1:])  # a bar for each quarter since

    (district_round,) = data.rounds
    assert (district_round.level, district_round.meeting_date) == (RoundLevel.DISTRICT, date(2020, 8, 20))
    assert district_round.entry_count == 7 and district_round.forwarded == 5
    assert district_round.stars == Counter({3: 4, 2: 2, 4: 1})
    assert set(data.stars) <= {2, 3, 4} and data.stars[4] >= 1 and data.stars[2] >= 1
    assert data.stars_by_commune

    issued = data.certificates_issued
    assert len(issued) == 4 and {c.issued_on for c in issued} == {date(2020, 9, 29)}
    assert {c.stars for c in issued} == {3, 4}
    assert len(data.annex) >= 7

    assert data.plan is not None and data.plan.year == 2020
    assert data.plan_section.agencies and data.plan_section.missing
    assert data.activities and data.funding
    assert sum(total for _form, total, _new in data.producers) == 11  # registered by the end of Q3 2020


def test_2020_certificates_ran_out_in_2023_and_one_is_expiring_after_the_last_ended_quarter(seeded):
    from_2020 = Certificate.objects.filter(issued_on=date(2020, 9, 29))
    assert {c.valid_until for c in from_2020} == {date(2023, 9, 29)}
    # Long Mỹ's history runs up to the reorganisation: its last quarter is the last ended before 01/07/2025.
    last = periods.last_closed(periods.QUARTER, HISTORY_ENDS)
    assert last.code == "2025-Q1"
    data = gather(long_my(), last)
    # (the rating demo's re-rating may be expiring too, when the quarter ended less than 50 days ago)
    assert "Bưởi Năm Roi Vĩnh Viễn A" in [c.entry.product.name for c in data.certificates_expiring]
    assert data.ideas_by_commune and any(data.ideas_per_quarter[:-1])


def test_the_history_is_dated_when_it_happened(seeded):
    tea = Product.objects.get(name="Khóm Queen Thuận Hưng")
    assert tea.code == "93-936-001-2019" and timezone.localdate(tea.submitted_at) == date(2019, 2, 20)
    assert [timezone.localdate(t.at).year for t in tea.transitions.all()] == [2019] * 5 + [2020]
    assert tea.producer.created_at.year == 2018
    sent_2020 = Product.objects.filter(year=2020, code__endswith="-2020").count()
    assert sent_2020 == Product.objects.filter(year=2020).count() >= 10
    district_round = Round.objects.get(level=RoundLevel.DISTRICT, unit__code="936", year=2019)
    assert {timezone.localdate(t.at).year for t in district_round.transitions.all()} == {2020}
    assert {timezone.localdate(s.submitted_at) for s in Round.objects.get(pk=district_round.pk)
            .entries.first().score_sheets.all()} == {date(2020, 8, 20)}  # fmt: skip
    # The rating demo's round 1/2020 of Long Mỹ is still the only one of 2020.
    assert Round.objects.get(unit__code="936", year=2020).meeting_date == date(2020, 10, 21)


def test_the_demo_reports_are_ready_and_seeding_again_adds_nothing(seeded, settings):
    reports = Report.objects.order_by("pk")
    assert reports.count() == 4 and {r.status for r in reports} == {ReportState.DONE}
    assert all(r.pdf and r.xlsx and r.pages > 1 for r in reports)
    wanted = [(unit.code, period.code) for _who, unit, period in demo_reports()]
    assert [(r.unit.code, r.period_code) for r in reports] == wanted
    assert "Periodic reports" in seeded or "Báo cáo" in seeded

    counts = [m.objects.count() for m in (Product, Round, Certificate, Report)]
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert [m.objects.count() for m in (Product, Round, Certificate, Report)] == counts
    assert out.getvalue().count(settings.DEMO_PASSWORD) == 0
