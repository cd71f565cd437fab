"""The demo plan: Long Mỹ's 2020 OCOP plan as seed_demo builds it, and its copy into a later year."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from org.demo import seed_org
from org.models import AdministrativeUnit
from plans import board, selectors, services
from plans.demo import load_plan_data, seed_plans
from plans.enums import FundingSource, Measure, Recurrence, ReportStatus, TaskState
from plans.models import Activity, Evidence, Funding, FundingRule, Plan, ProgressReport, ReportTransition, Target, Task
from products.demo import seed_products
from products.tests.factories import ProducerFactory, ProductFactory
from rating.demo import seed_rating

pytestmark = pytest.mark.django_db

LEADS = {
    "V.1": {"Phòng NN&PTNT"},
    "V.2": {"Phòng KT&HT"},
    "V.3": {"Phòng TN&MT"},
    "V.4": {"Phòng YT"},
    "V.5": {"Phòng LĐ-TB&XH"},
    "V.6": {"Phòng TC-KH"},
    "V.7": {"Phòng VH&TT"},
    "V.8": {"Đài TT"},
    "V.9": {"TT DVNN", "PGD NHCSXH"},
    "V.10": {"UBMTTQVN huyện"},
    "V.11": {
        "UBND thị trấn Vĩnh Viễn", "UBND xã Thuận Hưng", "UBND xã Thuận Hòa", "UBND xã Vĩnh Thuận Đông",
        "UBND xã Vĩnh Viễn A", "UBND xã Lương Tâm", "UBND xã Lương Nghĩa", "UBND xã Xà Phiên",
    },
}  # fmt: skip


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def plan_2020():
    return Plan.objects.get(unit__code="936", year=2020)


def acted_for(user, agency):
    """The user acted for the agency while Long Mỹ existed: its staff, or the official of the commune whose People's
    Committee it is (the reorganisation of 01/07/2025 has ended these memberships since)."""
    return any(m.agency_id == agency.pk or (m.role == "commune_official" and m.unit_id == agency.unit_id)
               for m in user.memberships.all())  # fmt: skip


def counts():
    models = (Plan, Target, Task, ProgressReport, ReportTransition, Evidence, Activity, Funding, FundingRule)
    return [model.objects.count() for model in models] + [get_user_model().objects.count()]


def test_seeding_twice_adds_nothing(seeded, settings):
    first = counts()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert counts() == first
    assert settings.DEMO_PASSWORD not in out.getvalue()
    assert "coquan.nnptnt" in seeded and "xa.xaphien" in seeded and "huyện Long Mỹ" in seeded


def test_the_2020_plan_its_targets_and_tasks(seeded):
    plan = plan_2020()
    title = "Kế hoạch triển khai thực hiện Chương trình Mỗi xã một sản phẩm (Chương trình OCOP) huyện Long Mỹ năm 2020"
    assert plan.title == load_plan_data()["title"] == title
    assert (plan.number, plan.signed_on, plan.created_by.username) == ("", None, "huyen.longmy")
    measures = list(plan.targets.values_list("measure", "target_value", "value_unit", "population"))
    assert (Measure.COMMUNES_WITH_PRODUCTS, 100, "%", None) in measures
    assert (Measure.COMMUNES_WITH_OFFICIAL, 100, "%", None) in measures
    assert (Measure.OFFICIALS_TRAINED, 100, "%", 27) in measures
    manual = plan.targets.filter(measure=Measure.MANUAL)
    assert manual.count() == 3 and manual.filter(actual_value__isnull=False).count() == 3
    assert Evidence.objects.filter(target__plan=plan).count() == 3
    assert manual.get(text__contains="Bưởi da xanh").target_value == 2

    # Section V: eleven groups of tasks, each with its lead agencies.
    tasks = plan.tasks.select_related("lead_agency")
    leads = {}
    for task in tasks:
        leads.setdefault(task.section, set()).add(task.lead_agency.short_name)
    assert leads == LEADS
    fair = tasks.get(title__startswith="Tổ chức Hội chợ OCOP")
    assert (fair.lead_agency.short_name, fair.due_date) == ("Phòng NN&PTNT", date(2020, 11, 30))
    assert list(fair.coordinating_agencies.values_list("short_name", flat=True)) == ["Phòng KT&HT"]
    front = tasks.get(section="V.10")
    assert set(front.coordinating_agencies.values_list("short_name", flat=True)) == {
        "Hội Nông dân", "Hội LHPN", "Huyện Đoàn",
    }  # fmt: skip
    assert tasks.get(section="V.1", title__startswith="Tổng hợp báo cáo").recurrence == Recurrence.QUARTERLY
    assert tasks.get(section="V.2", recurrence=Recurrence.YEARLY).title.startswith("Tổng hợp, đề xuất nhiệm vụ")
    assert tasks.filter(section="V.2", coordinating_agencies__short_name="UBND xã Xà Phiên").exists()

    # V.11: each commune's People's Committee has its tasks.
    communes = AdministrativeUnit.objects.filter(parent__code="936")
    assert communes.count() == 8
    for commune in communes:
        mine = plan.tasks.filter(section="V.11", lead_agency__unit=commune)
        assert mine.count() == 3, commune
        assert mine.filter(recurrence=Recurrence.QUARTERLY).count() == 1
        # A commune official of the commune reported for its People's Committee (until the reorganisation).
        official = get_user_model().objects.get(memberships__unit=commune, memberships__role="commune_official")
        assert acted_for(official, mine.first().lead_agency)


def test_the_2020_reports_activities_and_funding(seeded):
    plan = plan_2020()
    reports = ProgressReport.objects.filter(task__plan=plan).select_related("agency", "task", "submitted_by")
    assert {r.period for r in reports} == {"2020-Q1", "2020-Q2", "2020-Q3", "2020-H1"}
    assert not reports.filter(period="2020-Q4").exists()
    late = [r for r in reports if timezone.localdate(r.submitted_at) > r.period_end]
    assert len(late) >= 3
    returned = reports.filter(status=ReportStatus.RETURNED)
    assert returned.count() >= 2 and all(r.review_note for r in returned)
    assert any(
        reports.filter(task=r.task, agency=r.agency, period=r.period, status=ReportStatus.ACCEPTED).exists()
        for r in returned
    )  # a corrected report was filed again and accepted
    assert reports.filter(status=ReportStatus.SUBMITTED).count() >= 3
    assert {r.reviewed_by.username for r in reports.exclude(status=ReportStatus.SUBMITTED)} == {"huyen.longmy"}
    for report in reports:  # each filed by someone who acted for the agency
        assert acted_for(report.submitted_by, report.agency)
    q3 = reports.filter(period="2020-Q3")
    assert not q3.filter(agency__short_name="Phòng TN&MT").exists()
    assert not q3.filter(agency__short_name="UBND xã Thuận Hưng").exists()
    percents = list(reports.filter(task__title__startswith="Chủ trì tổ chức thực hiện").values_list(
        "percent_done", flat=True))  # fmt: skip
    assert percents == sorted(percents) and len(percents) == 3
    rows = board.rows(selectors.tasks_of(plan), today=date(2020, 10, 5))
    states = board.state_counts(rows)
    assert states[TaskState.DONE] >= 1 and states[TaskState.DONE_LATE] >= 1 and states[TaskState.OVERDUE] >= 1
    assert board.missing_reports(rows, board.quarters_of(2020)[2])

    fair = plan.activities.get(title="Hội chợ OCOP huyện Long Mỹ năm 2020")
    assert fair.products.count() >= 3 and fair.producers.count() >= 3 and fair.targets.exists()
    trained = plan.activities.filter(kind="training", audience="officials", organiser__short_name="Phòng NN&PTNT")
    assert trained.count() == 2
    assert plan.activities.filter(kind="training", audience="producers", organiser__short_name="Phòng LĐ-TB&XH")
    assert plan.activities.filter(kind="media", organiser__short_name="Đài TT").count() >= 2
    sources = set(plan.funding.values_list("source", flat=True))
    assert {FundingSource.PROGRAMME, FundingSource.DISTRICT, FundingSource.PROVINCIAL, FundingSource.OWN,
            FundingSource.CREDIT} <= sources  # fmt: skip
    assert plan.funding.get(source=FundingSource.PROGRAMME, product__name="Bưởi da xanh Lương Tâm").amount == 45_000_000

    # Section IV: the rural-development programme does not fund a thị trấn.
    rule = FundingRule.objects.get(unit__code="936")
    assert (rule.source, rule.refused_kind) == (FundingSource.PROGRAMME, "thi_tran") and "thị trấn" in rule.note
    township = AdministrativeUnit.objects.get(code="31489")
    product = ProductFactory(producer=ProducerFactory(commune=township), name="Rau an toàn Vĩnh Viễn")
    before = Funding.objects.count()
    line = Funding(plan=plan, source=FundingSource.PROGRAMME, programme=rule.programme, amount=20_000_000,
                   spent_on=date(2020, 8, 1), product=product)  # fmt: skip
    with pytest.raises(ValidationError, match="Vĩnh Viễn"):
        services.record_funding(line, user=plan.created_by)
    assert Funding.objects.count() == before


def test_the_plan_is_copied_into_a_later_year_where_ktht_is_overdue(settings):
    settings.DEBUG = True
    year = timezone.localdate().year
    today = date(year, 8, 20)  # Q1 and Q2 have ended
    seed_org(settings.DEMO_PASSWORD)
    seed_products()
    seed_rating(settings.DEMO_PASSWORD, today=today)
    accounts = seed_plans(settings.DEMO_PASSWORD, today=today)
    assert len(accounts) == 17 and all(created for _u, created, _r, _p in accounts)
    copy = Plan.objects.get(unit__code="936", year=year)
    assert copy.title.endswith(f"năm {year}") and copy.copied_from == plan_2020()
    assert copy.tasks.count() == plan_2020().tasks.count()
    periods = set(ProgressReport.objects.filter(task__plan=copy).values_list("period", flat=True))
    assert periods == {f"{year}-Q1", f"{year}-Q2", f"{year}-H1"}
    ktht = get_user_model().objects.get(username="coquan.ktht")
    rows = board.rows(selectors.tasks_for_agencies(ktht, year=year), today=today)
    overdue = [r for r in rows if r.task.lead_agency.short_name == "Phòng KT&HT" and r.state == TaskState.OVERDUE]
    assert any(r.task.recurrence == Recurrence.QUARTERLY and f"{year}-Q2" in [p.code for p in r.status.missing]
               for r in overdue)  # fmt: skip
    mine = board.agency_board(rows, selectors.acting_agency_ids(ktht), today=today)
    assert mine.overdue and mine.to_report
    assert seed_plans(settings.DEMO_PASSWORD, today=today) == [(u, False, r, p) for u, _c, r, p in accounts]
