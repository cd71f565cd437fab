"""`manage.py generate_report`: the operator's way to a report file, through the same services as the pages."""

import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reporting import periods, services
from reporting.enums import ReportState
from reporting.models import Report
from reporting.tests.generation import fail_once, history

pytestmark = pytest.mark.usefixtures("eager")


def generate_report(*args):
    out = StringIO()
    call_command("generate_report", *args, stdout=out)
    return out.getvalue()


def test_writes_the_pdf_of_a_district_quarter(tree, tmp_path):
    target = tmp_path / "long-my-q3.pdf"
    printed = generate_report("--unit", "936", "--period", "2020-Q3", "--out", str(target))
    assert target.read_bytes().startswith(b"%PDF-")
    report = Report.objects.get()
    assert (report.unit, report.period_code, report.status) == (tree.district, "2020-Q3", ReportState.DONE)
    assert report.requested_by is None and report.attempts == 1
    assert target.read_bytes() == report.pdf.open("rb").read()
    assert history(report) == [("", "queued", None), ("queued", "processing", None), ("processing", "done", None)]
    assert str(target) in printed and f"{report.pages} " in printed
    assert f"{report.pdf_seconds:.2f} s" in printed


def test_writes_the_workbook_of_a_half_and_of_a_year(tree, tmp_path):
    half = tmp_path / "h1.xlsx"
    generate_report("--unit", "93", "--period", "2020-H1", "--format", "xlsx", "--out", str(half))
    assert zipfile.is_zipfile(half)
    year = tmp_path / "year.xlsx"  # the format follows --out when --format is not given
    generate_report("--unit", "935", "--period", "2020", "--out", str(year))
    assert zipfile.is_zipfile(year)
    assert sorted(Report.objects.values_list("unit__code", "period_code")) == [("93", "2020-H1"), ("935", "2020")]


def test_writes_a_custom_range_under_its_stored_name_by_default(tree, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    generate_report("--unit", "31484", "--period", "2020-01-01..2020-05-15")
    report = Report.objects.get()
    assert (report.kind, report.start.isoformat(), report.end.isoformat()) == ("custom", "2020-01-01", "2020-05-15")
    written = tmp_path / "bao-cao-ocop-31484-thuan-hoa-2020-01-01-2020-05-15.pdf"
    assert written.read_bytes().startswith(b"%PDF-")
    folder = tmp_path / "out"
    folder.mkdir()
    generate_report("--unit", "31484", "--period", "2020-01-01..2020-05-15", "--format", "xlsx", "--out", str(folder))
    assert zipfile.is_zipfile(folder / "bao-cao-ocop-31484-thuan-hoa-2020-01-01-2020-05-15.xlsx")


def test_a_done_report_is_written_as_it_is_unless_regenerated(tree, tmp_path, django_capture_on_commit_callbacks):
    target = tmp_path / "report.pdf"
    generate_report("--unit", "936", "--period", "2020-Q3", "--out", str(target))
    report = Report.objects.get()
    first = (report.generation, report.finished_at, report.pdf.name)
    generate_report("--unit", "936", "--period", "2020-Q3", "--out", str(target))
    report.refresh_from_db()
    assert (report.generation, report.finished_at, report.pdf.name) == first

    with django_capture_on_commit_callbacks(execute=True):  # the old files go when the new ones are committed
        generate_report("--unit", "936", "--period", "2020-Q3", "--out", str(target), "--regenerate")
    report.refresh_from_db()
    assert report.generation == 2 and report.finished_at > first[1] and report.pdf.name != first[2]
    assert not report.pdf.storage.exists(first[2])
    assert target.read_bytes() == report.pdf.open("rb").read()
    assert history(report)[-3:] == [
        ("done", "queued", None),
        ("queued", "processing", None),
        ("processing", "done", None),
    ]


def test_a_report_queued_from_the_pages_is_produced_here(
    tree, leadership, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # sent to a worker that never ran it
        queued, _created = services.request_report(leadership, tree.district, periods.parse("2020-Q3"))
    target = tmp_path / "report.pdf"
    generate_report("--unit", "936", "--period", "2020-Q3", "--out", str(target))
    queued.refresh_from_db()
    assert (queued.status, queued.generation, queued.requested_by) == (ReportState.DONE, 1, leadership)
    assert target.exists()


@pytest.mark.parametrize(
    "unit, period, expected",
    [
        ("9999", "2020-Q3", "9999"),
        ("936", "2020-Q5", "2020-Q5"),
        ("936", "Q3-2020", "Q3-2020"),
        ("936", "2020-05-15..2020-01-01", "2020-05-15..2020-01-01"),
        ("936", "2020-02-30..2020-03-01", "2020-02-30..2020-03-01"),
    ],
)
def test_a_bad_unit_or_period_is_refused_with_a_message(tree, tmp_path, unit, period, expected):
    with pytest.raises(CommandError) as refused:
        generate_report("--unit", unit, "--period", period, "--out", str(tmp_path / "x.pdf"))
    assert expected in str(refused.value)
    if unit == "936":
        assert "2020-Q3" in str(refused.value)  # the message shows the accepted forms
    assert not Report.objects.exists() and not (tmp_path / "x.pdf").exists()


def test_a_bad_format_is_refused(tree, tmp_path):
    with pytest.raises(CommandError, match="docx"):
        generate_report("--unit", "936", "--period", "2020-Q3", "--format", "docx")


def test_a_failure_is_reported_and_recorded(tree, tmp_path, monkeypatch):
    fail_once(monkeypatch, "reporting.gather.gather", RuntimeError("no such indicator"))
    with pytest.raises(CommandError, match="no such indicator"):
        generate_report("--unit", "936", "--period", "2020-Q3", "--out", str(tmp_path / "x.pdf"))
    report = Report.objects.get()
    assert report.status == ReportState.FAILED and not (tmp_path / "x.pdf").exists()
    generate_report("--unit", "936", "--period", "2020-Q3", "--out", str(tmp_path / "x.pdf"))  # asked again
    report.refresh_from_db()
    assert (report.status, report.generation) == (ReportState.DONE, 2)


def test_a_transient_error_fails_the_report_instead_of_leaving_it_processing(tree, tmp_path, monkeypatch):
    from django.db import OperationalError

    fail_once(monkeypatch, "reporting.gather.gather", OperationalError("server closed the connection"))
    with pytest.raises(CommandError, match="server closed the connection"):
        generate_report("--unit", "936", "--period", "2020-Q3", "--out", str(tmp_path / "x.pdf"))
    report = Report.objects.get()
    assert report.status == ReportState.FAILED and report.error == "OperationalError: server closed the connection"


def test_a_file_missing_from_the_storage_is_named(tree, tmp_path):
    generate_report("--unit", "936", "--period", "2020-Q3", "--out", str(tmp_path / "a.pdf"))
    report = Report.objects.get()
    report.pdf.storage.delete(report.pdf.name)
    with pytest.raises(CommandError, match="--regenerate"):
        generate_report("--unit", "936", "--period", "2020-Q3", "--out", str(tmp_path / "b.pdf"))
