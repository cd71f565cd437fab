"""Who produces a report, and when it is produced again: a report being produced is left to the task producing
it (a duplicate or re-sent message is skipped, the command does not take it over or fail it); a report of a
period still running is produced again once the period is over; the document number on regenerating; the stored
dates of a period whatever the cut-off settings say later; the schedule catching up days it missed."""

from datetime import date, timedelta

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
