"""Requesting, producing and regenerating reports through the services, with Celery eager (no REDIS_URL needed:
the tests run the task in this process whatever the environment says)."""

import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from reporting import periods, services
from reporting.enums import ReportState
from reporting.models import Report, ReportTransition
from reporting.tests.generation import history, watch_files

Q3 = periods.parse("2020-Q3")
pytestmark = pytest.mark.usefixtures("eager")


def test_a_request_is_produced_with_both_files_and_its_history(tree, leadership, run_on_commit):
    with run_on_commit():
        report, created = services.request_report(leadership, tree.district, Q3)
    assert created
    report.refresh_from_db()
    assert report.status == ReportState.DONE
    assert (report.kind, report.period_code, report.start.isoformat(), report.end.isoformat()) == (
        "quarter",
        "2020-Q3",
        "2020-07-01",
        "2020-09-30",
    )
    assert report.progress == 100 and report.attempts == 1 and report.generation == 1
    assert report.error == ""
    assert report.requested_by == leadership
    assert report.started_at <= report.finished_at == report.generated_at
    assert report.pages >= 1
    assert all(value >= 0 for value in (report.gather_seconds, report.render_seconds, report.pdf_seconds))
    with report.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert zipfile.is_zipfile(report.xlsx.path)
    assert len(load_workbook(report.xlsx.path).sheetnames) >= 1
    assert report.pdf.name.startswith(f"reports/936/{report.pk}-1-") and report.pdf.name.endswith(".pdf")
    assert report.xlsx.name.endswith(".xlsx")

    steps = list(report.transitions.all())
    assert [(step.from_status, step.to_status) for step in steps] == [
        ("", "queued"),
        ("queued", "processing"),
        ("processing", "done"),
    ]
    assert [step.actor for step in steps] == [leadership, None, None]  # the worker acts for nobody
    assert steps[0].at <= steps[1].at <= steps[2].at
    assert all(step.note for step in steps)
    assert str(report.pages) in steps[2].note


def test_requesting_a_done_report_again_returns_it_without_queuing(tree, leadership, district_officer, run_on_commit):
    with run_on_commit():
        report, _created = services.request_report(leadership, tree.district, Q3)
    report.refresh_from_db()
    with run_on_commit() as sent:
        again, created = services.request_report(district_officer, tree.district, periods.quarter(2020, 3))
    assert not created and again.pk == report.pk
    assert sent == []  # nothing sent to the worker
    again.refresh_from_db()
    assert (again.status, again.generation, again.finished_at, again.pdf.name) == (
        ReportState.DONE,
        1,
        report.finished_at,
        report.pdf.name,
    )
    assert again.requested_by == leadership
    assert report.transitions.count() == 3
    assert Report.objects.count() == 1


def test_requesting_a_queued_report_again_does_not_send_it_twice(tree, leadership, run_on_commit):
    with run_on_commit(execute=False) as first:
        services.request_report(leadership, tree.district, Q3)
    with run_on_commit(execute=False) as second:
        services.request_report(leadership, tree.district, Q3)
    assert len(first) == 1 and second == []


def test_a_failed_report_is_queued_again_with_a_new_generation(tree, leadership, district_officer, run_on_commit):
    report, _created = services.request_report(leadership, tree.district, Q3, send=False)
    services.fail(report.pk, report.generation, RuntimeError("the disk is full"))
    report.refresh_from_db()
    assert report.status == ReportState.FAILED and report.error == "RuntimeError: the disk is full"

    with run_on_commit():
        again, created = services.request_report(district_officer, tree.district, Q3)
    assert not created
    again.refresh_from_db()
    assert (again.status, again.generation, again.error, again.attempts) == (ReportState.DONE, 2, "", 1)
    assert again.requested_by == district_officer
    assert history(again) == [
        ("", "queued", leadership),
        ("queued", "failed", None),
        ("failed", "queued", district_officer),
        ("queued", "processing", None),
        ("processing", "done", None),
    ]
    assert "the disk is full" in again.transitions.get(to_status="failed").note


def test_a_custom_range_and_a_commune_are_reports_of_their_own(tree, commune_official, run_on_commit):
    period = periods.parse("2020-01-01..2020-05-15")
    with run_on_commit():
        report, created = services.request_report(commune_official, tree.commune, period)
        other, other_created = services.request_report(commune_official, tree.commune, Q3)
    assert created and other_created and report.pk != other.pk
    report.refresh_from_db()
    assert (report.kind, report.period_code, report.status) == ("custom", "2020-01-01..2020-05-15", "done")
    assert report.period == period


def test_regenerating_keeps_the_old_files_until_the_new_ones_are_saved(
    tree, leadership, district_officer, run_on_commit, monkeypatch
):
    with run_on_commit():
        report, _created = services.request_report(leadership, tree.district, Q3)
    report.refresh_from_db()
    old_pdf, old_xlsx, old_finished = report.pdf.name, report.xlsx.name, report.finished_at
    storage = report.pdf.storage

    with run_on_commit(execute=False) as pending:
        queued = services.regenerate(district_officer, report, "Figures corrected")
    assert (queued.status, queued.generation, queued.progress) == (ReportState.QUEUED, 2, 0)
    queued.refresh_from_db()
    assert queued.pdf.name == old_pdf and storage.exists(old_pdf) and storage.exists(old_xlsx)

    seen_while_producing = watch_files(monkeypatch, storage, [old_pdf, old_xlsx])
    with run_on_commit():  # the old files' removal waits for the commit too
        for callback in pending:
            callback()
    queued.refresh_from_db()
    assert seen_while_producing == [True, True]  # downloadable while the new files were being made
    assert queued.status == ReportState.DONE and queued.finished_at > old_finished
    assert queued.pdf.name != old_pdf and f"/{report.pk}-2-" in queued.pdf.name
    assert storage.exists(queued.pdf.name) and storage.exists(queued.xlsx.name)
    assert not storage.exists(old_pdf) and not storage.exists(old_xlsx)  # deleted once the new ones were saved
    assert history(queued)[-3:] == [
        ("done", "queued", district_officer),
        ("queued", "processing", None),
        ("processing", "done", None),
    ]
    assert queued.transitions.get(from_status="done").note == "Figures corrected"


def test_a_live_report_cannot_be_regenerated(tree, leadership, run_on_commit):
    with run_on_commit(execute=False):
        report, _created = services.request_report(leadership, tree.district, Q3)
    with pytest.raises(ValidationError):
        services.regenerate(leadership, report)
    Report.objects.filter(pk=report.pk).update(status=ReportState.PROCESSING)
    with pytest.raises(ValidationError):
        services.regenerate(leadership, report)
    report.refresh_from_db()
    assert report.generation == 1 and report.transitions.count() == 1


def test_a_failed_report_keeps_its_old_files(tree, leadership, run_on_commit, monkeypatch):
    with run_on_commit():
        report, _created = services.request_report(leadership, tree.district, Q3)
    report.refresh_from_db()
    old_pdf = report.pdf.name

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug in the charts")

    monkeypatch.setattr("reporting.document.render_html", broken)
    with run_on_commit():
        services.regenerate(leadership, report)
    report.refresh_from_db()
    assert report.status == ReportState.FAILED
    assert report.error == "ZeroDivisionError: a bug in the charts"
    assert report.pdf.name == old_pdf and report.pdf.storage.exists(old_pdf)
    assert ReportTransition.objects.filter(report=report, to_status="failed").count() == 1
