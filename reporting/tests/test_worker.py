"""Reports produced by a real Celery worker over Redis, against this test database (CI's PostgreSQL pass).

The worker is a subprocess on a queue of its own (REPORT_QUEUE), given the test database's name through
DATABASE_URL and a media folder shared with the test through MEDIA_ROOT. The tests commit their rows
(transactional) so that the worker sees them. Without REDIS_URL they are skipped, unless WORKER_REQUIRED is set.
"""

import os
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections

from reporting import periods, services
from reporting.enums import ReportState
from reporting.models import Report
from reporting.tasks import generate_report
from reporting.tests.generation import history
from reporting.tests.worker_process import running_worker, task_outcome, wait_until

Q3 = periods.parse("2020-Q3")

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _refuse(message):
    if os.environ.get("WORKER_REQUIRED"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def worker(django_db_setup, tmp_path_factory):
    if not settings.REDIS_URL:
        _refuse("REDIS_URL is not set: the real-worker reports run in CI's PostgreSQL + Redis pass")
    if connection.vendor != "postgresql":
        _refuse("the worker must reach the test database: run with DATABASE_URL=postgres://… as well as REDIS_URL")
    # Retries at 1, 2, 4, 8 s: room for the test to see the first one and release its lock in time.
    with running_worker(connection.settings_dict, tmp_path_factory.mktemp("worker"), REPORT_MAX_ATTEMPTS="5") as w:
        yield w


@pytest.fixture
def on_worker(worker, settings):
    """This test's settings pointed at the worker: its queue and its media folder."""
    settings.REPORT_QUEUE = worker.queue
    settings.MEDIA_ROOT = worker.media
    return worker


def wait_for_status(report, status, worker):
    def reached():
        report.refresh_from_db()
        return report.status == status

    wait_until(reached, worker, f"report {report.pk} {status}")


def files_of(report):
    return report.pdf.storage.path(report.pdf.name), report.xlsx.storage.path(report.xlsx.name)


def test_a_requested_report_is_produced_by_the_worker(on_worker, tree, leadership):
    report, created = services.request_report(leadership, tree.district, Q3)  # committed: sent at once
    assert created
    wait_for_status(report, ReportState.DONE, on_worker)
    assert (report.progress, report.attempts, report.error) == (100, 1, "")
    pdf, xlsx = files_of(report)
    assert pdf.startswith(str(on_worker.media)) and open(pdf, "rb").read(5) == b"%PDF-"
    assert zipfile.is_zipfile(xlsx)
    assert report.pages >= 1 and report.pdf_seconds is not None
    assert history(report) == [("", "queued", leadership), ("queued", "processing", None), ("processing", "done", None)]


def test_a_task_that_meets_a_locked_row_is_retried_and_completes(on_worker, tree, leadership):
    report, _created = services.request_report(leadership, tree.district, Q3, send=False)
    # A real transient fault: another transaction holds the row, so the worker's SELECT … FOR UPDATE NOWAIT
    # raises OperationalError (could not obtain lock); the worker retries after its backoff.
    holder = connections.create_connection("default")
    try:
        with holder.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT id FROM reporting_report WHERE id = %s FOR UPDATE", [report.pk])
            result = generate_report.apply_async((report.pk, report.generation), queue=on_worker.queue)
            assert "Retry in" in task_outcome(on_worker, result.id, "retry")
            report.refresh_from_db()
            assert (report.status, report.attempts) == (ReportState.QUEUED, 0)  # nothing was started
            cursor.execute("ROLLBACK")  # the lock goes; the next try takes the row
    finally:
        holder.close()
    assert task_outcome(on_worker, result.id).endswith("'done'")
    wait_for_status(report, ReportState.DONE, on_worker)
    assert report.attempts >= 2 and report.error == ""  # the try that met the lock counts, though it changed nothing
    assert [step[:2] for step in history(report)] == [("", "queued"), ("queued", "processing"), ("processing", "done")]
    assert all(os.path.exists(path) for path in files_of(report))


def test_a_duplicate_message_does_not_produce_a_done_report_again(on_worker, tree, leadership):
    report, _created = services.request_report(leadership, tree.province, Q3)
    wait_for_status(report, ReportState.DONE, on_worker)
    before = (report.generation, report.attempts, report.finished_at, report.pdf.name, report.xlsx.name)
    pdf, xlsx = files_of(report)
    stamps = (os.stat(pdf).st_mtime_ns, os.stat(xlsx).st_mtime_ns)

    duplicate = generate_report.apply_async((report.pk, report.generation), queue=on_worker.queue)
    assert task_outcome(on_worker, duplicate.id).endswith("'skipped'")
    report.refresh_from_db()
    assert (report.generation, report.attempts, report.finished_at, report.pdf.name, report.xlsx.name) == before
    assert (os.stat(pdf).st_mtime_ns, os.stat(xlsx).st_mtime_ns) == stamps
    assert report.transitions.count() == 3
    assert sorted(p.name for p in Path(pdf).parent.iterdir()) == sorted([Path(pdf).name, Path(xlsx).name])


def test_a_report_regenerated_on_the_worker_replaces_its_files(on_worker, tree, leadership):
    report, _created = services.request_report(leadership, tree.other_district, Q3)
    wait_for_status(report, ReportState.DONE, on_worker)
    old = files_of(report)
    services.regenerate(leadership, report)
    wait_for_status(report, ReportState.DONE, on_worker)
    assert report.generation == 2
    assert all(os.path.exists(path) for path in files_of(report))
    wait_until(lambda: not any(os.path.exists(path) for path in old), on_worker, "the old files' removal")
    assert Report.objects.count() == 1
