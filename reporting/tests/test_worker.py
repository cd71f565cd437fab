"""Reports produced by a real Celery worker over Redis, against this test database (CI's PostgreSQL pass).

The worker is a subprocess on a queue of its own (REPORT_QUEUE), given the test database's name through
DATABASE_URL and a media folder shared with the test through MEDIA_ROOT. The tests commit their rows
(transactional) so that the worker sees them. Without REDIS_URL they are skipped, unless WORKER_REQUIRED is set.
"""

import os
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, connections

from reporting import periods, services
from reporting.enums import ReportState
from reporting.models import Report
from reporting.tasks import generate_report
from reporting.tests.generation import history

ROOT = Path(__file__).resolve().parents[2]
WAIT = 180  # seconds: generous, the machine is shared; nothing is timed
Q3 = periods.parse("2020-Q3")

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _refuse(message):
    if os.environ.get("WORKER_REQUIRED"):
        pytest.fail(message)
    pytest.skip(message)


def database_url(db):
    user = quote(db.get("USER") or "", safe="")
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{db.get('HOST') or '127.0.0.1'}{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture(scope="module")
def worker(django_db_setup, tmp_path_factory):
    if not settings.REDIS_URL:
        _refuse("REDIS_URL is not set: the real-worker reports run in CI's PostgreSQL + Redis pass")
    if connection.vendor != "postgresql":
        _refuse("the worker must reach the test database: run with DATABASE_URL=postgres://… as well as REDIS_URL")
    queue = f"reports-{uuid.uuid4().hex[:8]}"
    media = tmp_path_factory.mktemp("worker-media")
    log = tmp_path_factory.mktemp("worker-log") / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),  # the test database, not the one it copies
        "MEDIA_ROOT": str(media),
        "REPORT_QUEUE": queue,
        # Retries at 1, 2, 4, 8 s: room for the test to see the first one and release its lock in time.
        "REPORT_MAX_ATTEMPTS": "5",
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "ocop_portal", "worker", "--pool=solo", "-Q", queue,
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    yield SimpleNamespace(queue=queue, media=media, log=log, process=process)
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


@pytest.fixture
def on_worker(worker, settings):
    """This test's settings pointed at the worker: its queue and its media folder."""
    settings.REPORT_QUEUE = worker.queue
    settings.MEDIA_ROOT = worker.media
    return worker


def wait_until(check, worker, what):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if check():
            return
        if worker.process.poll() is not None:
            pytest.fail(f"the worker stopped (code {worker.process.returncode}):\n{worker.log.read_text()[-4000:]}")
        time.sleep(0.05)
    pytest.fail(f"{what} not seen within {WAIT} s; the worker's log ends:\n{worker.log.read_text()[-4000:]}")


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
            wait_until(lambda: result.state == "RETRY", on_worker, "the task's retry")
            report.refresh_from_db()
            assert (report.status, report.attempts) == (ReportState.QUEUED, 0)  # nothing was started
            cursor.execute("ROLLBACK")  # the lock goes; the next try takes the row
    finally:
        holder.close()
    assert result.get(timeout=WAIT) == "done"
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
    assert duplicate.get(timeout=WAIT) == "skipped"
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
