"""Who produces a report, and when it is produced again: a report being produced is left to the task producing
it (a duplicate or re-sent message is skipped, the command does not take it over or fail it); a report of a
period still running is produced again once the period is over; the document number on regenerating; the stored
dates of a period whatever the cut-off settings say later; the schedule catching up days it missed."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from reporting import periods, services
from reporting.enums import ReportState
from reporting.models import Report

Q3 = periods.parse("2020-Q3")
pytestmark = pytest.mark.usefixtures("eager")


def being_produced(report, task_id, minutes_ago=1):
    """The row as a worker leaves it when it has started (status, owner, start time)."""
    Report.objects.filter(pk=report.pk).update(
        status=ReportState.PROCESSING, task_id=task_id, attempts=1,
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
    )  # fmt: skip
    report.refresh_from_db()
    return report


@pytest.fixture
def queued(tree, leadership):
    report, _created = services.request_report(leadership, tree.district, Q3, send=False)
    return report


def test_another_message_for_a_report_being_produced_is_skipped(queued):
    report = being_produced(queued, "task-a")
    assert services.generate(report.pk, report.generation, task_id="task-b") == services.SKIPPED
    report.refresh_from_db()
    assert (report.status, report.task_id, report.attempts, report.pdf.name) == (
        ReportState.PROCESSING,
        "task-a",
        1,
        "",
    )


def test_the_same_tasks_retry_or_redelivery_goes_on(queued):
    report = being_produced(queued, "task-a")
    assert services.generate(report.pk, report.generation, retries=1, task_id="task-a") == ReportState.DONE
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportState.DONE, 2)


def test_a_producer_silent_past_the_stuck_time_is_taken_over(queued, settings):
    report = being_produced(queued, "task-a", minutes_ago=settings.REPORT_STUCK_MINUTES + 1)
    assert services.generate(report.pk, report.generation, task_id="task-b") == ReportState.DONE
    report.refresh_from_db()
    assert (report.status, report.task_id) == (ReportState.DONE, "task-b")


def test_the_command_leaves_a_report_a_worker_is_producing_alone(queued):
    report = being_produced(queued, "celery-task")
    with translation.override("en"), pytest.raises(ValidationError, match="A worker is producing this report"):
        services.generate_now(report)
    report.refresh_from_db()
    assert (report.status, report.task_id, report.error) == (ReportState.PROCESSING, "celery-task", "")


def test_regenerating_sets_a_new_document_number(queued, leadership, django_capture_on_commit_callbacks):
    services.generate_now(queued)
    with django_capture_on_commit_callbacks(execute=True):
        services.regenerate(leadership, queued, number=" 125/BC-NN ")
    queued.refresh_from_db()
    assert (queued.status, queued.number, queued.generation) == (ReportState.DONE, "125/BC-NN", 2)


def test_a_reports_period_keeps_its_stored_dates_when_the_cut_off_changes(tree, leadership, settings):
    settings.REPORT_CUTOFF_DAY = {"half": 14}
    report, _created = services.request_report(leadership, tree.district, periods.half(2020, 1), send=False)
    settings.REPORT_CUTOFF_DAY = {}
    assert (report.period.start, report.period.end) == (date(2019, 12, 15), date(2020, 6, 14))
    assert report.period.code == "2020-H1"


def test_the_schedule_catches_up_the_days_it_missed(tree, settings, django_capture_on_commit_callbacks):
    settings.REPORT_AUTO_DAYS = 5
    with django_capture_on_commit_callbacks(execute=False):
        queued = services.due_period_reports(today=date(2020, 10, 8))  # due on 05/10; beat was down till 08/10
    assert sorted((r.unit.code, r.period_code) for r in queued) == [("93", "2020-Q3"), ("935", "2020-Q3"),
                                                                    ("936", "2020-Q3")]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False):
        assert services.due_period_reports(today=date(2020, 10, 14)) == []  # past the week: nothing more


def test_a_report_made_while_its_period_ran_is_made_again_once_it_is_over(tree, leadership, settings, monkeypatch):
    settings.REPORT_AUTO_DAYS, settings.REPORT_AUTO_KINDS = 5, ["quarter"]
    report, _created = services.request_report(leadership, tree.district, Q3, send=False)
    services.generate_now(report)
    Report.objects.filter(pk=report.pk).update(generated_at=timezone.make_aware(timezone.datetime(2020, 9, 15, 9)))
    report.refresh_from_db()
    assert report.is_provisional
    with translation.override("en"):
        queued = services.due_period_reports(today=date(2020, 10, 5))
    report.refresh_from_db()
    assert report in queued and report.generation == 2
    assert report.transitions.last().note == "Produced again now that the period is over"


# A worker killed while producing (the real kills: test_fault_worker_killed.py)


def test_a_redelivered_message_goes_on_and_the_history_says_its_worker_stopped(queued):
    report = being_produced(queued, "task-a")
    with translation.override("en"):
        assert services.generate(report.pk, report.generation, task_id="task-a", redelivered=True) == "done"
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportState.DONE, 2)
    restarted = report.transitions.all()[1]  # after the request (being_produced writes no transition)
    assert (restarted.from_status, restarted.to_status) == (ReportState.PROCESSING, ReportState.PROCESSING)
    assert restarted.note == "Its worker stopped before finishing it: started again (attempt 2)."


def test_a_lost_pool_process_is_noted_in_the_history_of_the_report_it_was_producing(queued):
    report = being_produced(queued, "task-a")
    with translation.override("en"):
        services.worker_lost(report.pk, report.generation, "task-b", RuntimeError("not this task's"))
        services.worker_lost(report.pk, report.generation, "task-a", RuntimeError("signal 9 (SIGKILL)"))
    report.refresh_from_db()
    assert report.status == ReportState.PROCESSING and report.transitions.count() == 2
    assert report.transitions.last().note == "The process producing it stopped (signal 9 (SIGKILL)): tried again."


def test_a_report_that_keeps_killing_its_worker_is_failed_after_the_allowed_attempts(queued, settings):
    report = being_produced(queued, "task-a")
    Report.objects.filter(pk=report.pk).update(attempts=settings.REPORT_MAX_ATTEMPTS)
    with translation.override("en"):
        assert services.generate(report.pk, report.generation, task_id="task-a", redelivered=True) == "skipped"
    report.refresh_from_db()
    assert (report.status, report.attempts, report.pdf.name) == (ReportState.FAILED, settings.REPORT_MAX_ATTEMPTS, "")
    assert report.error == f"Stopped after {settings.REPORT_MAX_ATTEMPTS} attempts: the worker did not finish it."


def test_a_try_killed_while_writing_leaves_no_file_once_the_report_is_done(queued, run_on_commit):
    """A try killed between writing and committing left its files (a temporary one, a whole file under the final
    name, one Django's storage would have suffixed); another report's file is not this one's to remove."""
    report = being_produced(queued, "task-a")
    storage = report.pdf.storage
    stem = services.file_stem(report)
    folder = Path(storage.path(f"reports/{report.unit.code}"))
    folder.mkdir(parents=True)
    left = [f"{report.pk}-1-{stem}.pdf.1a2b3c4d.part", f"{report.pk}-1-{stem}.pdf", f"{report.pk}-1-{stem}_AbC1234.pdf",
            f"{report.pk}-1-{stem}.xlsx.5e6f7a8b.part"]  # fmt: skip
    for name in left:
        (folder / name).write_bytes(b"half a file")
    (folder / f"{report.pk + 1}-1-other.pdf").write_bytes(b"another report's")
    with run_on_commit():
        assert services.generate(report.pk, report.generation, task_id="task-a") == "done"
    report.refresh_from_db()
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [f"{report.pk}-1-{stem}.pdf", f"{report.pk}-1-{stem}.xlsx", f"{report.pk + 1}-1-other.pdf"]
    )
    assert (report.pdf.name, report.xlsx.name) == (f"reports/936/{report.pk}-1-{stem}.pdf",
                                                   f"reports/936/{report.pk}-1-{stem}.xlsx")  # fmt: skip
    assert (folder / f"{report.pk}-1-{stem}.pdf").read_bytes()[:5] == b"%PDF-"  # the whole file replaced the half
