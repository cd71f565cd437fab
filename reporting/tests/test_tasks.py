"""The Celery tasks, run eagerly: idempotency, retries on transient errors and not on bugs, time limits, the
sweep of stuck reports and the period-end schedule. Faults are injected into one function for one call."""

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings as django_settings
from django.db import OperationalError
from django.utils import timezone

from ocop_portal.celery import app
from reporting import periods, services
from reporting.enums import ReportState
from reporting.models import Report
from reporting.tasks import generate_report, schedule_period_reports, sweep_stuck_reports
from reporting.tests.generation import fail_once, history

ROOT = Path(__file__).resolve().parents[2]
Q3 = periods.parse("2020-Q3")
pytestmark = pytest.mark.usefixtures("eager")


@pytest.fixture
def queued(tree, leadership):
    """A report of Long Mỹ for Q3 2020, queued and not sent (the test sends it)."""
    report, _created = services.request_report(leadership, tree.district, Q3, send=False)
    return report


def run(report, generation=None):
    """Send the task for the report (eagerly) and return its result."""
    result = generate_report.delay(report.pk, generation or report.generation).get(timeout=60)
    report.refresh_from_db()
    return result


def snapshot(report):
    report.refresh_from_db()
    return (report.status, report.generation, report.attempts, report.finished_at, report.pdf.name,
            report.xlsx.name, report.transitions.count())  # fmt: skip


def test_the_task_produces_a_queued_report(queued, leadership):
    assert run(queued) == "done"
    assert queued.status == ReportState.DONE and queued.attempts == 1
    assert history(queued) == [("", "queued", leadership), ("queued", "processing", None), ("processing", "done", None)]


def test_a_second_message_for_a_done_report_is_skipped_and_changes_nothing(queued, run_on_commit):
    with run_on_commit():  # the old-file removal of the first run, if any, happens here
        assert run(queued) == "done"
    before = snapshot(queued)
    storage = queued.pdf.storage
    with run_on_commit() as after_commit:
        assert run(queued) == "skipped"
        assert services.generate(queued.pk, queued.generation) == "skipped"
    assert snapshot(queued) == before
    assert after_commit == []  # no file removed, nothing sent
    assert storage.exists(queued.pdf.name) and storage.exists(queued.xlsx.name)


def test_a_message_of_an_older_generation_is_skipped_after_a_regeneration(queued, leadership, run_on_commit):
    run(queued)
    with run_on_commit(execute=False) as pending:
        services.regenerate(leadership, queued)
    queued.refresh_from_db()
    assert (queued.status, queued.generation) == (ReportState.QUEUED, 2)
    assert run(queued, generation=1) == "skipped"  # a late copy of the first message
    assert (queued.status, queued.generation, queued.attempts) == (ReportState.QUEUED, 2, 0)
    with run_on_commit():
        for callback in pending:
            callback()
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (ReportState.DONE, 1)
    assert f"-{queued.pk}-2-" in f"-{queued.pdf.name.rsplit('/', 1)[1]}"


def test_a_message_for_a_missing_report_is_skipped(db):
    assert generate_report.delay(999_999, 1).get(timeout=10) == "skipped"


def test_a_bug_fails_the_report_at_once_with_its_text(queued, monkeypatch):
    calls = fail_once(monkeypatch, "reporting.gather.gather", RuntimeError("no such indicator: stars"), times=9)
    assert run(queued) == "failed"
    assert calls == [True]  # tried once: a bug is not retried
    assert (queued.status, queued.attempts) == (ReportState.FAILED, 1)
    assert queued.error == "RuntimeError: no such indicator: stars"
    assert queued.finished_at is not None and not queued.pdf and not queued.xlsx
    assert history(queued)[1:] == [("queued", "processing", None), ("processing", "failed", None)]
    assert "no such indicator" in queued.transitions.last().note


def test_a_bug_after_the_rendering_fails_the_report_instead_of_leaving_it_processing(queued, monkeypatch):
    calls = fail_once(monkeypatch, "reporting.services._finish", KeyError("pages"))
    assert run(queued) == "failed"
    assert calls == [True]
    assert queued.status == ReportState.FAILED and queued.error == "KeyError: 'pages'"


def test_a_transient_error_is_retried_and_the_report_completes(queued, monkeypatch):
    calls = fail_once(monkeypatch, "reporting.gather.gather", OperationalError("server closed the connection"))
    assert run(queued) == "done"
    assert calls == [True, False]
    assert (queued.status, queued.attempts, queued.error) == (ReportState.DONE, 2, "")
    # The retry is not a new status: one start, one finish.
    assert [step[:2] for step in history(queued)] == [("", "queued"), ("queued", "processing"), ("processing", "done")]


def test_a_transient_error_when_taking_the_row_is_retried(queued, monkeypatch):
    calls = fail_once(monkeypatch, "reporting.services._start", OperationalError("could not obtain lock on row"))
    assert run(queued) == "done"
    assert calls == [True, False]
    # The try that found the row locked counts as an attempt, though it changed nothing.
    assert (queued.status, queued.attempts) == (ReportState.DONE, 2)
    assert [step[:2] for step in history(queued)] == [("", "queued"), ("queued", "processing"), ("processing", "done")]


def test_a_transient_error_that_persists_fails_the_report_after_the_allowed_attempts(queued, monkeypatch):
    calls = fail_once(monkeypatch, "reporting.gather.gather", OperationalError("the database is down"), times=99)
    assert run(queued) == "failed"
    assert len(calls) == django_settings.REPORT_MAX_ATTEMPTS
    assert (queued.status, queued.attempts) == (ReportState.FAILED, django_settings.REPORT_MAX_ATTEMPTS)
    assert queued.error == "OperationalError: the database is down"


def test_running_past_the_soft_time_limit_fails_the_report(queued, monkeypatch):
    calls = fail_once(monkeypatch, "reporting.document.to_pdf", SoftTimeLimitExceeded())
    assert run(queued) == "failed"
    assert calls == [True]
    assert queued.status == ReportState.FAILED
    assert queued.error.startswith("TimeoutError: ")


def test_the_task_and_the_worker_are_configured_for_long_renderings():
    assert generate_report.acks_late
    assert generate_report.soft_time_limit == django_settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert generate_report.time_limit > generate_report.soft_time_limit
    assert generate_report.max_retries == django_settings.REPORT_MAX_ATTEMPTS - 1
    # A killed pool process: the task is sent again, not acknowledged; a message of a dead worker comes back
    # after the visibility timeout, never while a worker may still be at it (test_fault_worker_killed.py).
    assert generate_report.retry_on_worker_lost and generate_report.reject_on_worker_lost
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility == django_settings.BROKER_VISIBILITY_TIMEOUT > generate_report.time_limit + 60
    assert app.conf.worker_max_tasks_per_child == django_settings.CELERY_WORKER_MAX_TASKS_PER_CHILD > 0
    assert app.conf.worker_prefetch_multiplier == 1
    app.loader.import_default_modules()
    for entry in django_settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
    names = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"reporting.schedule_period_reports", "reporting.sweep_stuck_reports"} <= names


# The sweep


def age(report, minutes, **fields):
    past = timezone.now() - timedelta(minutes=minutes)
    Report.objects.filter(pk=report.pk).update(requested_at=past, **fields)
    report.refresh_from_db()


def test_the_sweep_sends_again_reports_left_queued(tree, leadership, settings, run_on_commit):
    settings.REPORT_STUCK_MINUTES = 15
    stale, _created = services.request_report(leadership, tree.district, Q3, send=False)  # the broker was down
    fresh, _created = services.request_report(leadership, tree.other_district, Q3, send=False)
    age(stale, 16)
    age(fresh, 14)
    with run_on_commit():
        assert sweep_stuck_reports.delay().get(timeout=60) == {"requeued": 1, "failed": 0}
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, stale.generation) == (ReportState.DONE, 1)
    assert fresh.status == ReportState.QUEUED


def test_the_sweep_queues_again_a_report_stuck_in_processing(queued, settings, run_on_commit):
    settings.REPORT_STUCK_MINUTES = 15
    old = timezone.now() - timedelta(minutes=20)
    age(queued, 30, status=ReportState.PROCESSING, started_at=old, attempts=1)
    with run_on_commit(execute=False) as pending:
        assert services.sweep_stuck() == (1, 0)
    queued.refresh_from_db()
    assert (queued.status, queued.generation, queued.attempts) == (ReportState.QUEUED, 2, 1)
    assert history(queued)[-1] == ("processing", "queued", None)
    assert run(queued, generation=1) == "skipped"  # the lost worker's message, if it comes back
    with run_on_commit():
        for callback in pending:
            callback()
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (ReportState.DONE, 2)


def test_the_sweep_fails_a_stuck_report_after_the_allowed_attempts(queued, settings, run_on_commit):
    settings.REPORT_STUCK_MINUTES, settings.REPORT_MAX_ATTEMPTS = 10, 2
    old = timezone.now() - timedelta(minutes=11)
    age(queued, 30, status=ReportState.PROCESSING, started_at=old, attempts=2)
    with run_on_commit() as sent:
        assert sweep_stuck_reports.delay().get(timeout=10) == {"requeued": 0, "failed": 1}
    assert sent == []
    queued.refresh_from_db()
    assert (queued.status, queued.generation) == (ReportState.FAILED, 1)
    assert "2" in queued.error and queued.finished_at is not None
    assert history(queued)[-1] == ("processing", "failed", None)


def test_the_sweep_leaves_reports_being_produced_alone(queued, settings, run_on_commit):
    settings.REPORT_STUCK_MINUTES = 15
    age(queued, 30, status=ReportState.PROCESSING, started_at=timezone.now() - timedelta(minutes=5), attempts=1)
    with run_on_commit() as sent:
        assert services.sweep_stuck() == (0, 0)
    assert sent == []
    assert snapshot(queued)[:3] == (ReportState.PROCESSING, 1, 1)


# The period-end schedule


def due(today, run_on_commit):
    with run_on_commit(execute=False) as sent:
        created = services.due_period_reports(today=today)
    assert len(sent) == len(created)  # each new report is sent to the worker once
    return sorted((report.unit.code, report.period_code) for report in created)


def test_each_district_and_the_province_get_the_closed_quarter_on_the_due_day(tree, settings, run_on_commit):
    settings.REPORT_AUTO_DAYS = 5
    assert due(date(2020, 10, 4), run_on_commit) == []
    assert due(date(2020, 10, 5), run_on_commit) == [("93", "2020-Q3"), ("935", "2020-Q3"), ("936", "2020-Q3")]
    assert due(date(2020, 10, 5), run_on_commit) == []  # not twice
    assert due(date(2020, 10, 6), run_on_commit) == []
    report = Report.objects.get(unit=tree.district, period_code="2020-Q3")
    assert (report.status, report.requested_by, report.language) == (ReportState.QUEUED, None, "vi")
    assert history(report) == [("", "queued", None)]
    assert not Report.objects.filter(unit__level=3).exists()  # communes report on request only


def test_the_year_end_brings_the_quarter_the_half_and_the_year(tree, settings, run_on_commit):
    settings.REPORT_AUTO_DAYS = 5
    codes = due(date(2021, 1, 5), run_on_commit)
    assert len(codes) == 9
    assert {code for _unit, code in codes} == {"2020-Q4", "2020-H2", "2020"}
    settings.REPORT_AUTO_KINDS = ["year"]
    Report.objects.all().delete()
    assert due(date(2021, 1, 5), run_on_commit) == [("93", "2020"), ("935", "2020"), ("936", "2020")]


def test_the_schedule_follows_the_cut_off_days(tree, settings, run_on_commit):
    settings.REPORT_AUTO_DAYS, settings.REPORT_AUTO_KINDS = 1, ["half"]
    settings.REPORT_CUTOFF_DAY = {"quarter": 0, "half": 14, "year": 0}
    assert due(date(2020, 7, 1), run_on_commit) == []  # 30/06 ends nothing when halves end on the 14th
    assert due(date(2020, 6, 14), run_on_commit) == []  # the half's last day: not over yet
    assert len(due(date(2020, 6, 15), run_on_commit)) == 3
    report = Report.objects.get(unit=tree.province)
    assert (report.start, report.end) == (date(2019, 12, 15), date(2020, 6, 14))


def test_the_beat_task_queues_today_s_reports(tree, settings, run_on_commit, monkeypatch):
    settings.REPORT_AUTO_DAYS = 5
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2020, 10, 5))
    with run_on_commit(execute=False):
        ids = schedule_period_reports.delay().get(timeout=60)
    assert sorted(ids) == sorted(Report.objects.values_list("pk", flat=True)) and len(ids) == 3


# Settings that cannot work are refused when the process starts


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"REPORT_STUCK_MINUTES": "5"}, "REPORT_STUCK_MINUTES=5 must be longer than CELERY_TASK_TIME_LIMIT (360 s)"),
        ({"REPORT_STUCK_MINUTES": "5", "CELERY_TASK_SOFT_TIME_LIMIT": "250"}, "CELERY_TASK_TIME_LIMIT (310 s)"),
        ({"REPORT_AUTO_KINDS": "quarter,quater"}, "REPORT_AUTO_KINDS='quarter,quater' names an unknown kind"),
    ],
)
def test_report_settings_that_cannot_work_are_refused(tmp_path, environment, message):
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("REPORT_", "CELERY_", "DJANGO_")) and name not in ("SECRET_KEY", "DEBUG")
    }
    kept.update(DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}", **environment)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=kept, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
