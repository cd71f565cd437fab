"""Fault: the worker producing a report is killed (SIGKILL) while WeasyPrint renders the PDF. The report is finished
by another process, once, and its folder holds one PDF and one Excel file, nothing else.

Two ways to die, with a real worker over Redis against this test's PostgreSQL database (CI's second pass, as
test_worker.py; without REDIS_URL they are skipped, unless WORKER_REQUIRED is set):
- the pool process rendering it is killed (the kernel's out-of-memory killer picks the biggest process): the
  worker's main process sees WorkerLostError and sends the task again (retry_on_worker_lost), which a new pool
  process finishes. Celery's default would have acknowledged the message and left the report "processing" until
  the sweep, REPORT_STUCK_MINUTES later;
- the whole worker is killed (or its machine lost): its message, never acknowledged (acks_late), is given by Redis
  to the next worker after the visibility timeout (BROKER_VISIBILITY_TIMEOUT, set short here), which finishes it.

Nothing of ours is mocked: the report is made slow by its size (an annex of ROWS rated products, some seconds of
WeasyPrint), and the test kills when the row says the PDF is being rendered (progress 45).
"""

import os
import zipfile
from datetime import date
from pathlib import Path

import psutil
import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext

from org.tests.factories import UserFactory
from products.classification import load_classification
from products.enums import ProductStatus, RegistrationKind
from products.models import Product, ProductCategory, ProductSet
from products.tests.factories import ProducerFactory
from rating.catalogue import ensure_rule_sets
from rating.enums import RoundLevel, RoundStatus
from rating.models import Entry, Round, RuleSet
from reporting import periods, services
from reporting.enums import ReportState
from reporting.tests.worker_process import WAIT, log_text, running_worker, task_outcome, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

Q3 = periods.parse("2020-Q3")
ROWS = 600  # rated products in the annex: a PDF of some 25 pages, seconds of rendering
RENDERING = 45  # the progress produce() sets before WeasyPrint's to_pdf
# The whole worker's test: a short visibility timeout, which the settings allow only above the task's time limit
# plus 60 s (a retry's longest countdown); the limits stay far above the rendering's few seconds.
SHORT_LIMITS = {"CELERY_TASK_SOFT_TIME_LIMIT": "25", "CELERY_TASK_TIME_LIMIT": "30", "BROKER_VISIBILITY_TIMEOUT": "91"}


@pytest.fixture
def database():
    refuse = pytest.fail if os.environ.get("WORKER_REQUIRED") else pytest.skip
    if not settings.REDIS_URL:
        refuse("REDIS_URL is not set: killing a real worker is tried in CI's PostgreSQL + Redis pass")
    if connection.vendor != "postgresql":
        refuse("the worker must reach the test database: run with DATABASE_URL=postgres://… as well as REDIS_URL")
    return connection.settings_dict


@pytest.fixture
def big_district(tree):
    """Long Mỹ with ROWS products rated 3 stars in a round of Q3 2020: the report's annex lists them all."""
    load_classification(ProductCategory, ProductSet)  # an earlier transactional test's flush wiped the migration's
    ensure_rule_sets(RuleSet)
    user = UserFactory()
    maker = ProducerFactory(commune=tree.commune, name="HTX Thuận Hòa")
    product_set = ProductSet.objects.get(number=13)
    products = Product.objects.bulk_create(
        Product(producer=maker, commune=tree.commune, name=f"Sản phẩm Thuận Hòa số {n:04d}", created_by=user,
                kind=RegistrationKind.EXISTING, product_set=product_set, status=ProductStatus.READY)
        for n in range(ROWS)
    )  # fmt: skip
    round_ = Round.objects.create(
        level=RoundLevel.DISTRICT, unit=tree.district, year=2020, number=1, status=RoundStatus.PUBLISHED,
        rule_set=RuleSet.objects.get(code="1048/QĐ-TTg"), meeting_date=date(2020, 8, 20),
    )  # fmt: skip
    Entry.objects.bulk_create(
        Entry(round=round_, product=p, product_set=product_set, stars=3, score_sum=60, sheet_count=1) for p in products
    )
    return tree.district


def on(worker, settings):
    settings.REPORT_QUEUE = worker.queue
    settings.MEDIA_ROOT = worker.media


def request_and_wait_for_rendering(worker, leadership, unit):
    """Ask for the report (sent at once) and wait until the worker renders its PDF; the row then."""
    report, _created = services.request_report(leadership, unit, Q3)

    def rendering():
        report.refresh_from_db()
        assert report.status != ReportState.DONE, "produced before the kill: make the report bigger (ROWS)"
        return report.status == ReportState.PROCESSING and report.progress >= RENDERING

    wait_until(rendering, worker, f"report {report.pk} rendering its PDF")
    assert report.attempts == 1 and report.task_id
    return report


def wait_until_done(report, worker):
    def done():
        report.refresh_from_db()
        return report.status in (ReportState.DONE, ReportState.FAILED)

    wait_until(done, worker, f"report {report.pk} done", wait=WAIT)
    assert (report.status, report.error, report.progress) == (ReportState.DONE, "", 100)


def assert_one_pdf_and_one_xlsx(report, media):
    """The files the row names are whole, and are all there is under the media folder."""
    pdf = Path(report.pdf.storage.path(report.pdf.name))
    xlsx = Path(report.xlsx.storage.path(report.xlsx.name))
    assert sorted(p for p in media.rglob("*") if p.is_file()) == sorted([pdf, xlsx])
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.read_bytes().rstrip().endswith(b"%%EOF")
    assert zipfile.is_zipfile(xlsx)
    assert report.pages > 20


def steps(report):
    return [(step.from_status, step.to_status) for step in report.transitions.all()]


def test_a_pool_process_killed_while_rendering_is_replaced_and_the_report_tried_again(
    database, big_district, leadership, settings, tmp_path
):
    with running_worker(database, tmp_path / "worker", pool="prefork") as worker:
        on(worker, settings)
        report = request_and_wait_for_rendering(worker, leadership, big_district)
        children = psutil.Process(worker.process.pid).children()
        assert len(children) == 1, children  # --concurrency=1: the pool process rendering it
        children[0].kill()  # SIGKILL, as the out-of-memory killer does
        children[0].wait(timeout=30)

        wait_until_done(report, worker)
        assert "WorkerLostError" in log_text(worker) and "signal 9 (SIGKILL)" in log_text(worker)
        assert task_outcome(worker, report.task_id).endswith("'done'")  # the same task, its next try
        assert [child.pid for child in psutil.Process(worker.process.pid).children()] != [children[0].pid]

    assert report.attempts == 2
    assert steps(report) == [("", "queued"), ("queued", "processing"), ("processing", "processing"),
                             ("processing", "done")]  # fmt: skip
    assert "signal 9 (SIGKILL)" in report.transitions.all()[2].note
    assert_one_pdf_and_one_xlsx(report, worker.media)


def test_a_worker_killed_while_rendering_leaves_the_report_to_the_next_worker(
    database, big_district, leadership, settings, tmp_path
):
    with running_worker(database, tmp_path / "first", **SHORT_LIMITS) as first:
        on(first, settings)
        report = request_and_wait_for_rendering(first, leadership, big_district)
        first.process.kill()  # the whole worker (--pool=solo: it renders in its own process)
        first.process.wait(timeout=30)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportState.PROCESSING, 1)  # nobody acknowledged the message

    with running_worker(database, tmp_path / "second", queue=first.queue, media=first.media, **SHORT_LIMITS) as second:
        wait_until_done(report, second)  # after the visibility timeout, Redis gives the message to this worker
        assert task_outcome(second, report.task_id).endswith("'done'")

    assert report.attempts == 2
    assert steps(report) == [("", "queued"), ("queued", "processing"), ("processing", "processing"),
                             ("processing", "done")]  # fmt: skip
    with translation.override(settings.LANGUAGE_CODE):  # the worker writes the portal's language
        restarted = gettext("Its worker stopped before finishing it: started again (attempt %(n)s).") % {"n": 2}
    assert report.transitions.all()[2].note == restarted
    assert_one_pdf_and_one_xlsx(report, first.media)
