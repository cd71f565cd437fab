"""Journey 5: leadership of huyện Long Mỹ asks for the report of quarter III of 2020, watches it being produced and
downloads the PDF.

The world is small but makes every section hold something: two ideas registered in the quarter (and one in Vị Thủy,
which must not count), the district's 2020 plan with a task and its reports, a training class and a fair, and a
funding line. Home → "Tải báo cáo" (the reports list) → "New report" → Long Mỹ, quarter, 2020, III → the report's
page, which polls (htmx) until the report is ready → the PDF, whose text names Long Mỹ.

Who produces the report: without REDIS_URL (CI's first pass) Celery runs eagerly, so the report is ready when the
page opens. With REDIS_URL and PostgreSQL (the second pass) a real worker runs as in reporting/tests/test_worker.py,
on a queue of its own, given the test database and a media folder shared with the live server: the page then
really polls until the worker is done. The reporting strings are not translated yet, so elements are found by id,
href and data-status; the status label is read from the catalogue, whatever it says today.
"""

import re
import subprocess
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from playwright.sync_api import expect

from e2e.conftest import ARTIFACTS
from e2e.session import sign_in
from plans.enums import ActivityKind, Audience, FundingSource, ReportStatus
from plans.models import Funding
from plans.tests.factories import ActivityFactory, PlanFactory, ProgressReportFactory, TaskFactory, local_moment
from products.enums import ProductStatus
from products.models import Producer, Product
from products.tests.factories import ProducerFactory, ProductFactory
from reporting.enums import ReportState
from reporting.models import Report
from reporting.tests.generation import eager_celery
from reporting.tests.worker_process import running_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WAIT_MS = 180_000  # the worker's start and one report, on a shared machine; nothing is timed


@pytest.fixture(scope="module")
def worker(django_db_setup, tmp_path_factory):
    """A real Celery worker on its own queue when REDIS_URL and PostgreSQL are there; None otherwise (eager)."""
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        yield None
        return
    with running_worker(connection.settings_dict, tmp_path_factory.mktemp("journey"), prefix="journey") as process:
        yield process


@pytest.fixture
def producer_of_reports(worker, settings):
    """Where the report is produced: the worker (its queue and media folder), or this process, eagerly."""
    if worker is not None:
        settings.REPORT_QUEUE = worker.queue
        settings.MEDIA_ROOT = worker.media
        yield worker
        return
    with eager_celery():
        yield None


@pytest.fixture
def quarter_world(tree):
    """Long Mỹ's third quarter of 2020, small: ideas, the plan's task with its reports, activities, funding."""
    for commune, name, day, status in [
        (tree.commune, "Trà mãng cầu Thuận Hòa", date(2020, 7, 14), ProductStatus.ACCEPTED),
        (tree.other_commune, "Mắm cá lóc Xà Phiên", date(2020, 9, 2), ProductStatus.SUBMITTED),
        (tree.far_commune, "Khóm Vị Thắng", date(2020, 8, 20), ProductStatus.SUBMITTED),  # another district
    ]:
        producer = ProducerFactory(commune=commune)
        Producer.objects.filter(pk=producer.pk).update(created_at=local_moment(date(2020, 3, 2)))
        product = ProductFactory(producer=producer, name=name)
        Product.objects.filter(pk=product.pk).update(status=status, submitted_at=local_moment(day))
    plan = PlanFactory(unit=tree.district, year=2020, number="45/KH-UBND",
                       title="Kế hoạch thực hiện Chương trình OCOP huyện Long Mỹ năm 2020")  # fmt: skip
    task = TaskFactory(plan=plan, section="V.1", title="Rà soát, đánh giá các sản phẩm hiện có trên địa bàn",
                       lead_agency=tree.agency, due_date=date(2020, 9, 30))  # fmt: skip
    ProgressReportFactory(task=task, period="2020-Q2", percent_done=60, status=ReportStatus.ACCEPTED)
    ProgressReportFactory(task=task, period="2020-Q3", percent_done=100, status=ReportStatus.ACCEPTED)
    ActivityFactory(plan=plan, held_on=date(2020, 8, 12), participants=45, title="Tập huấn OCOP cho chủ thể",
                    audience=Audience.PRODUCERS)  # fmt: skip
    ActivityFactory(plan=plan, kind=ActivityKind.FAIR, held_on=date(2020, 9, 18), participants=None, audience="",
                    title="Hội chợ OCOP huyện Long Mỹ 2020")  # fmt: skip
    Funding.objects.create(plan=plan, source=FundingSource.DISTRICT, amount=50_000_000, spent_on=date(2020, 8, 12))
    return plan


def status_label(state):
    with translation.override("vi"):
        return str(ReportState(state).label)


def pdf_text(data):
    command = ["pdftotext", "-enc", "UTF-8", "-", "-"]
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout.decode()  # noqa: S603, S607


def open_menu(page):
    if page.viewport_name == "phone":  # the menu sits behind the toggler
        page.locator("button.navbar-toggler").click()


def test_leadership_asks_for_the_quarter_report_watches_it_and_downloads_the_pdf(
    page, screenshot, tree, quarter_world, leadership, producer_of_reports
):
    # 1. Home: "Download reports" leads to the reports; the menu has them too.
    sign_in(page, leadership)
    expect(page).to_have_url("/home/leadership/")
    open_menu(page)
    expect(page.locator("#main-nav a.nav-link[href='/reports/']")).to_be_visible()
    open_menu(page)  # closed again
    expect(page.locator("a.stretched-link[href='/reports/dashboard/']")).to_be_visible()
    page.locator("a.stretched-link[href='/reports/']").click()
    expect(page).to_have_url("/reports/")
    expect(page.locator("#report-table tbody tr")).to_have_count(1)  # "no report yet"

    # 2. New report: Long Mỹ, a quarter, 2020, III.
    page.locator("#new-report").click()
    expect(page).to_have_url("/reports/new/")
    unit = page.locator("#id_unit")
    expect(unit.locator("option")).to_have_count(3)  # Long Mỹ and its two communes, nothing of Vị Thủy
    unit.select_option(str(tree.district.pk))
    page.locator("#id_kind").select_option("quarter")
    page.locator("#id_year").fill("2020")
    page.locator("#id_part").select_option("3")
    screenshot("reports-request")
    page.locator("input[type=submit][name=save]").click()

    # 3. The report's page: it polls until the report is ready (at once when Celery runs eagerly).
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    report = Report.objects.get()
    assert page.url.endswith(f"/reports/{report.pk}/")
    assert (report.unit, report.period_code, report.requested_by) == (tree.district, "2020-Q3", leadership)
    progress = page.locator("#report-progress")
    if producer_of_reports is not None:
        expect(progress).to_have_attribute("data-status", re.compile("queued|processing|done"))
        screenshot("reports-in-progress")
    expect(progress).to_have_attribute("data-status", ReportState.DONE, timeout=WAIT_MS)
    expect(progress.locator(".badge")).to_have_text(status_label(ReportState.DONE))
    expect(progress).not_to_have_attribute("hx-trigger", re.compile("."))  # the polling has stopped
    # The last poll brought "produce again" and the whole history, without a reload.
    expect(progress.locator("#regenerate")).to_be_visible()
    expect(progress.locator("#report-history li")).to_have_count(3)
    expect(page.locator("h1")).to_contain_text("2020")
    expect(page.locator("main#content")).to_contain_text("Long Mỹ")
    screenshot("reports-ready")

    # 4. The PDF: downloaded with the browser's session, its text names the district and the period.
    pdf_link = page.locator("#download-pdf")
    expect(pdf_link).to_be_visible()
    assert pdf_link.get_attribute("href") == f"/reports/{report.pk}/pdf/"
    pdf = page.request.get(pdf_link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert 'filename="bao-cao-ocop-936-long-my-2020-q3.pdf"' in pdf.headers["content-disposition"]
    data = pdf.body()
    assert data.startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"reports-q3-2020-{page.viewport_name}.pdf").write_bytes(data)  # for a human look
    text = pdf_text(data)
    assert "Long Mỹ" in text and "30/09/2020" in text
    assert "Xã Thuận Hòa" in text and "Vị Thắng" not in text  # ideas by commune: only Long Mỹ's communes
    xlsx = page.request.get(page.locator("#download-xlsx").get_attribute("href"))
    assert xlsx.ok and xlsx.body().startswith(b"PK")

    # 5. Back in the list: the report is there, ready, with its files.
    page.goto("/reports/")
    row = page.locator("#report-table tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator(f"a[href='/reports/{report.pk}/']")).to_be_visible()
    expect(row.locator(".badge")).to_have_text(status_label(ReportState.DONE))
    screenshot("reports-list")

    report.refresh_from_db()
    assert report.status == ReportState.DONE and report.pages >= 2
    assert [step.to_status for step in report.transitions.all()] == ["queued", "processing", "done"]
