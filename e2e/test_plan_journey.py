"""Journey 4: the yearly OCOP plan, from an overdue agency task to an accepted progress report.

The district's plan for this year gives Phòng KT&HT a quarterly reporting duty: the reports of the earlier quarters
are in and accepted, the last quarter whose deadline has passed has none, so the task is overdue. The agency's staff
sign in, see the overdue alert on the home page, open My tasks, post the missing quarter's report with a PDF; the
district officer sees the waiting report on the home page, opens the plan's dashboard and accepts it, and the task
is no longer overdue. The dates come from today (the app uses the real date): when today is in a first quarter, the
quarter missed is the previous year's fourth, and the plan is the previous year's.
The plan strings may not be translated yet, so the test finds elements by id, name and data-* attributes.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from e2e.session import sign_in, sign_out
from org.tests.factories import AgencyFactory
from plans.enums import Recurrence, ReportStatus, TaskState
from plans.models import Evidence, ProgressReport, ReportTransition
from plans.periods import quarter
from plans.status import deadline_of
from plans.tests.factories import PlanFactory, ProgressReportFactory, TaskFactory
from products.demo import demo_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAVE = "input[type=submit][name=save]"  # the form's own button, not the language switch's
REPORT_TEXT = "Đã hỗ trợ 04 chủ thể tham gia hội chợ OCOP tỉnh; tổng hợp kết quả gửi Văn phòng Điều phối."
FILE_NAME = "bao-cao-tien-do-quy.pdf"


def missed_quarter(today):
    """The latest quarter whose report deadline (its last day plus the grace days) has passed."""
    grace = settings.PLAN_REPORT_GRACE_DAYS
    quarters = [quarter(year, n) for year in (today.year - 1, today.year) for n in range(1, 5)]
    return [q for q in quarters if deadline_of(q, grace) < today][-1]


@pytest.fixture
def plan_setup(tree, agency_staff):
    """This year's plan of the district (last year's when the quarter missed is last year's fourth): a quarterly
    duty of Phòng KT&HT, overdue; a one-off task of the same agency, on track; a done task of another agency."""
    today = timezone.localdate()
    missed = missed_quarter(today)
    year = missed.start.year
    plan = PlanFactory(unit=tree.district, year=year, number="45/KH-UBND",
                       title=f"Kế hoạch thực hiện Chương trình OCOP huyện Long Mỹ năm {year}")  # fmt: skip
    other_agency = AgencyFactory(
        unit=tree.district, name="Phòng Nông nghiệp và Phát triển nông thôn", short_name="Phòng NN&PTNT"
    )
    quarterly = TaskFactory(
        plan=plan, section="V.2", order=2, title="Báo cáo tiến độ thực hiện Chương trình OCOP hằng quý",
        lead_agency=tree.agency, recurrence=Recurrence.QUARTERLY,
    )  # fmt: skip
    for number in range(1, int(missed.code[-1])):  # every earlier quarter: reported on time and accepted
        ProgressReportFactory(task=quarterly, period=f"{year}-Q{number}", percent_done=25 * number,
                              status=ReportStatus.ACCEPTED)  # fmt: skip
    # A one-off task far enough from its due date to be on track, with an accepted report at 40 %.
    due = max(quarter(year, 4).end, today + timedelta(days=settings.PLAN_DUE_SOON_DAYS + 30))
    fair = TaskFactory(
        plan=plan, section="V.5", order=5, title="Tổ chức hội chợ giới thiệu sản phẩm OCOP của huyện",
        lead_agency=tree.agency, due_date=due, coordinating=[other_agency],
    )  # fmt: skip
    ProgressReportFactory(task=fair, period=f"{year}-Q1", percent_done=40, status=ReportStatus.ACCEPTED)
    # Another agency's task, done, which Phòng KT&HT coordinates.
    survey = TaskFactory(
        plan=plan, section="V.1", order=1, title="Rà soát, đánh giá các sản phẩm hiện có trên địa bàn",
        lead_agency=other_agency, due_date=quarter(year, 1).end, coordinating=[tree.agency],
    )  # fmt: skip
    ProgressReportFactory(task=survey, period=f"{year}-Q1", percent_done=100, status=ReportStatus.ACCEPTED)
    return plan, quarterly, fair, missed


def task_row(page, section, task):
    return page.locator(f"#{section} [data-task='{task.pk}']")


def open_menu(page):
    if page.viewport_name == "phone":  # the menu sits behind the toggler
        page.locator("button.navbar-toggler").click()


def test_overdue_task_is_reported_with_a_file_and_accepted(
    page, screenshot, tree, agency_staff, district_officer, plan_setup
):
    plan, task, fair, missed = plan_setup
    task_url = f"/plans/tasks/{task.pk}/"
    dashboard_url = f"/plans/{plan.pk}/dashboard/"

    # 1. The agency's staff sign in: the home page warns of the overdue task; the menu has My tasks.
    sign_in(page, agency_staff)
    alert = page.locator("#plan-alerts a.list-group-item-danger")
    expect(alert).to_have_count(1)
    expect(alert).to_have_attribute("href", "/plans/my-tasks/")
    open_menu(page)
    my_tasks = page.locator("#main-nav a.nav-link[href='/plans/my-tasks/']")
    expect(my_tasks).to_be_visible()
    my_tasks.click()
    expect(page).to_have_url("/plans/my-tasks/")

    # 2. My tasks: the quarterly duty is overdue, the fair on track, the other agency's survey done.
    overdue_row = task_row(page, "overdue", task)
    expect(overdue_row).to_be_visible()
    expect(overdue_row.locator("[data-state]")).to_have_attribute("data-state", TaskState.OVERDUE)
    expect(page.locator("#overdue [data-task]")).to_have_count(1)
    expect(task_row(page, "other-tasks", fair).locator("[data-state]")).to_have_attribute(
        "data-state", TaskState.ON_TRACK
    )
    expect(page.locator("#other-tasks [data-task] [data-state='done']")).to_have_count(1)
    screenshot("plans-my-tasks")

    report_link = task_row(page, "to-report", task).locator(f"a[href^='/plans/tasks/{task.pk}/report/?period=']")
    expect(report_link).to_be_visible()
    link_period = report_link.get_attribute("href").rpartition("=")[2]
    report_link.click()
    expect(page).to_have_url(f"/plans/tasks/{task.pk}/report/?period={link_period}")

    # 3. The report form opens on the link's period; the report is for the quarter missed.
    expect(page.locator("#id_period")).to_have_value(link_period)
    assert link_period == missed.code  # the link offers the quarter missed, not the current one
    expect(page.locator("#id_period")).to_have_value(missed.code)
    page.locator("#id_percent_done").fill("75")
    page.locator("#id_text").fill(REPORT_TEXT)
    page.locator("#id_figures").fill("04 chủ thể tham gia hội chợ\n12 sản phẩm trưng bày")
    page.locator("#id_files").set_input_files(
        {"name": FILE_NAME, "mimeType": "application/pdf", "buffer": demo_pdf("Bao cao tien do quy")}
    )
    screenshot("plans-report-form")
    page.locator(SAVE).click()
    expect(page).to_have_url(task_url)
    report = ProgressReport.objects.get(task=task, period=missed.code)
    card = page.locator(f"#reports [data-period='{missed.code}'] [data-report='{report.pk}']")
    expect(card).to_have_attribute("data-status", ReportStatus.SUBMITTED)
    expect(card).to_contain_text(REPORT_TEXT)
    evidence = Evidence.objects.get(report=report)
    expect(card.locator(f"a[href='/plans/files/{evidence.pk}/']")).to_have_text(FILE_NAME)
    expect(page.locator("#missing-periods")).to_have_count(0)  # the quarter missed now has its report
    screenshot("plans-task-submitted")
    sign_out(page)

    # 4. The district officer sees the waiting report on the home page and opens the plan's dashboard…
    sign_in(page, district_officer)
    waiting_alert = page.locator(f"#plan-alerts a[href='{dashboard_url}']")
    expect(waiting_alert).to_be_visible()
    waiting_alert.click()
    expect(page).to_have_url(dashboard_url)
    waiting = page.locator(f"#waiting [data-report='{report.pk}']")
    expect(waiting).to_be_visible()
    expect(page.locator("#waiting [data-report]")).to_have_count(1)
    # A report waiting for review already counts for its quarter (plans.status): the task is not overdue.
    expect(page.locator(f"#overdue [data-task='{task.pk}']")).to_have_count(0)
    screenshot("plans-dashboard")

    # …and accepts it: back on the dashboard, nothing is waiting any more.
    waiting.locator("button[name=decision][value=accept]").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(dashboard_url)}$"))
    expect(page.locator(f"#waiting [data-report='{report.pk}']")).to_have_count(0)
    expect(page.locator("#waiting [data-report]")).to_have_count(0)
    expect(page.locator(f"#overdue [data-task='{task.pk}']")).to_have_count(0)
    screenshot("plans-dashboard-accepted")

    # The database agrees: accepted by the district officer, with its history.
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert (report.agency, report.percent_done, report.submitted_by) == (tree.agency, 75, agency_staff)
    assert report.reviewed_by == district_officer
    assert list(ReportTransition.objects.filter(report=report).values_list("from_status", "to_status", "actor")) == [
        ("", ReportStatus.SUBMITTED, agency_staff.pk),
        (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, district_officer.pk),
    ]
    assert (evidence.original_name, evidence.content_type, evidence.uploaded_by) == (
        FILE_NAME, "application/pdf", agency_staff,
    )  # fmt: skip
    with evidence.file.open("rb") as stored:
        assert stored.read() == demo_pdf("Bao cao tien do quy")

    # The task's page shows the accepted report, and the task is no longer overdue.
    page.goto(task_url)
    card = page.locator(f"#reports [data-period='{missed.code}'] [data-report='{report.pk}']")
    expect(card).to_have_attribute("data-status", ReportStatus.ACCEPTED)
    expect(page.locator("#task-state [data-state]")).not_to_have_attribute("data-state", TaskState.OVERDUE)
    expect(page.locator("#missing-periods")).to_have_count(0)
    screenshot("plans-task-accepted")
