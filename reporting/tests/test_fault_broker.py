"""Fault: Redis is down when a report is requested. The request is saved as queued, the user sees that the report
will be produced when the service is back, and once Redis answers the sweep sends it and a worker produces it.

The broker is really unreachable: the Celery app is pointed at a closed port (DOWN) for the request, not mocked,
so the send fails inside kombu as it would with Redis stopped. The request must still answer, and not hang:
Celery's publish retries are short and the task stores no result (a result store at a dead Redis made a request
wait ~19 s); SIGALRM fails the test if the request has not answered within REQUEST_TIMEOUT seconds.

The second half needs the real Redis and a real worker (CI's PostgreSQL + Redis pass, as test_worker.py): without
REDIS_URL it is skipped, unless WORKER_REQUIRED is set.
"""

import logging
import os
import signal
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from ocop_portal.celery import app
from reporting import periods, services
from reporting.enums import ReportState
from reporting.models import Report
from reporting.tests.worker_process import running_worker, wait_until

pytestmark = pytest.mark.django_db(transaction=True)  # the send happens on commit, and the worker reads the rows

DOWN = "redis://127.0.0.1:6390/0"  # nothing listens there
REQUEST_TIMEOUT = 60  # seconds; not a timing assertion, only "it answered"
Q3 = periods.parse("2020-Q3")
Q3_2020 = {"kind": "quarter", "year": 2020, "part": 3}
UNAVAILABLE = (
    "The report service is unavailable at the moment. Your request is saved: the report will be produced when the "
    "service is back, and this page updates by itself."
)


def use_broker(url, eager):
    """Point the Celery app (and the services' eager check) at `url`: its pools are looked up again for it (kombu
    keeps one per broker address; they are not closed, as the other address's pool is used again after)."""
    app.conf.broker_url = url
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER = eager
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_down():
    previous = app.conf.broker_url, app.conf.task_always_eager
    use_broker(DOWN, eager=False)
    try:
        yield
    finally:
        use_broker(*previous)


@contextmanager
def answered_within(seconds):
    def hung(_signum, _frame):
        raise TimeoutError(f"the request did not answer within {seconds} s (hangs on the broker?)")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def request_while_redis_is_down(client, unit, caplog):
    """Post the report form with the broker down; the report row it made."""
    with broker_down(), caplog.at_level(logging.WARNING, logger="reporting.services"):
        with answered_within(REQUEST_TIMEOUT):
            response = client.post(reverse("reporting:report_request"), {**Q3_2020, "unit": unit.pk})
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == reverse("reporting:report_detail", args=[report.pk])
    assert (report.status, report.send_failed, report.attempts) == (ReportState.QUEUED, True, 0)
    assert f"Report {report.pk} not sent to the worker" in caplog.text
    return report


def test_a_report_requested_while_redis_is_down_is_saved_and_the_user_told(client_for, leadership, tree, caplog):
    client = client_for(leadership, "en")
    report = request_while_redis_is_down(client, tree.district, caplog)

    page = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert 'id="service-unavailable"' in page and UNAVAILABLE in page
    assert 'hx-trigger="every 2s"' in page  # it keeps polling, so it shows the report once produced
    fragment = client.get(reverse("reporting:report_detail", args=[report.pk]), HTTP_HX_REQUEST="true")
    assert UNAVAILABLE in fragment.content.decode()
    with translation.override("vi"):
        vietnamese = client_for(leadership, "vi").get(reverse("reporting:report_detail", args=[report.pk]))
        assert translation.gettext(UNAVAILABLE) in vietnamese.content.decode()
        assert translation.gettext(UNAVAILABLE) != UNAVAILABLE


def test_a_report_queued_for_a_while_says_the_service_is_unavailable(leadership, tree, client_for):
    """Sent, but no worker took it for over a minute (none running): the page says so too."""
    report, _created = services.request_report(leadership, tree.district, Q3, send=False)
    client = client_for(leadership, "en")
    assert UNAVAILABLE not in client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    Report.objects.filter(pk=report.pk).update(requested_at=timezone.now() - timedelta(minutes=2))
    assert UNAVAILABLE in client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()


@pytest.fixture
def worker(tmp_path, settings):
    """A real worker on a queue of its own, once Redis answers (REDIS_URL), against this PostgreSQL database."""
    refuse = pytest.fail if os.environ.get("WORKER_REQUIRED") else pytest.skip
    if not settings.REDIS_URL:
        refuse("REDIS_URL is not set: the broker coming back is tried in CI's PostgreSQL + Redis pass")
    if connection.vendor != "postgresql":
        refuse("the worker must reach the test database: run with DATABASE_URL=postgres://… as well as REDIS_URL")
    with running_worker(connection.settings_dict, tmp_path / "worker") as process:
        settings.REPORT_QUEUE = process.queue
        settings.MEDIA_ROOT = process.media
        yield process


def test_once_redis_answers_the_sweep_sends_it_and_a_worker_produces_it(worker, client_for, leadership, tree, caplog):
    client = client_for(leadership, "en")
    report = request_while_redis_is_down(client, tree.district, caplog)
    # Redis answers again (the broker is the real one from here on). The report has waited past
    # REPORT_STUCK_MINUTES when the five-minute sweep comes round.
    Report.objects.filter(pk=report.pk).update(
        requested_at=timezone.now() - timedelta(minutes=settings.REPORT_STUCK_MINUTES, seconds=1)
    )
    assert services.sweep_stuck() == (1, 0)
    report.refresh_from_db()
    assert not report.send_failed  # sent this time

    def produced():
        report.refresh_from_db()
        return report.status == ReportState.DONE

    wait_until(produced, worker, f"report {report.pk} done")
    assert (report.attempts, report.error, report.progress) == (1, "", 100)
    assert open(report.pdf.storage.path(report.pdf.name), "rb").read(5) == b"%PDF-"
    page = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert UNAVAILABLE not in page and 'id="download-pdf"' in page
