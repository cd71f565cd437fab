"""Watching a report being produced (the htmx fragment polls while it is queued or being produced, stops when it
is ready or failed) and producing it again (new files, the old ones deleted, the history names who asked)."""

import pytest
from django.urls import reverse

from reporting.enums import ReportState
from reporting.tests.generation import eager_celery
from reporting.tests.view_support import produced, stored

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def fragment(client, report):
    response = client.get(reverse("reporting:report_detail", args=[report.pk]), headers=HX)
    assert response.status_code == 200
    return response.content.decode()


def polls(html, report):
    return (
        f'hx-get="{reverse("reporting:report_detail", args=[report.pk])}"' in html and 'hx-trigger="every 2s"' in html
    )


def downloads(html, report):
    pdf, xlsx = (reverse(f"reporting:report_{fmt}", args=[report.pk]) for fmt in ("pdf", "xlsx"))
    return f'href="{pdf}" id="download-pdf"' in html and f'href="{xlsx}" id="download-xlsx"' in html


@pytest.mark.parametrize("status", [ReportState.QUEUED, ReportState.PROCESSING])
def test_a_live_report_polls_and_shows_its_progress(client_for, tree, leadership, status):
    report = stored(tree.district, status=status, progress=45)
    client = client_for(leadership, language="en")
    html = fragment(client, report)
    assert polls(html, report) and 'hx-swap="outerHTML"' in html
    assert f'data-status="{status}"' in html
    assert '<progress class="report-progress mb-3" max="100" value="45"' in html
    assert "this page updates by itself" in html
    assert not downloads(html, report)
    page = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert polls(page, report)  # the full page starts the polling
    assert 'id="regenerate"' not in page  # nothing to produce again while it is being produced


def test_a_report_being_produced_again_still_offers_the_old_files(client_for, tree, leadership):
    report = stored(tree.district, status=ReportState.PROCESSING, files=True, progress=30)
    html = fragment(client_for(leadership, language="en"), report)
    assert polls(html, report) and downloads(html, report)
    assert "These are the previous files; the new ones replace them when ready." in html


def test_a_ready_report_stops_polling_and_offers_its_files(client_for, tree, leadership):
    report = stored(tree.district)
    html = fragment(client_for(leadership, language="en"), report)
    assert "hx-get" not in html and "hx-trigger" not in html and "<progress" not in html
    assert downloads(html, report)
    assert 'data-status="done"' in html and ">Ready</span>" in html
    # What the last poll brings: "produce again" and the history, up to date without a reload.
    assert 'id="regenerate"' in html and html.count("<li>") == report.transitions.count()
    assert "Produced " in html and ", 1 page." in html  # the stand-in PDF has one page


def test_a_failed_report_says_so_and_stops_polling(client_for, tree, leadership):
    report = stored(tree.district, status=ReportState.FAILED, error="OSError: the disk is full")
    client = client_for(leadership, language="en")
    html = fragment(client, report)
    assert "hx-get" not in html and "hx-trigger" not in html
    assert "The report could not be produced." in html
    assert "OSError: the disk is full" not in html  # the error's text is for the administrators
    assert not downloads(html, report)
    page = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert 'id="regenerate"' in page  # a failed report may be tried again


def test_regenerating_makes_new_files_and_deletes_the_old_ones(
    client_for, tree, leadership, district_officer, django_capture_on_commit_callbacks
):
    report = produced(leadership, tree.district)
    old = [report.pdf.name, report.xlsx.name]
    storage = report.pdf.storage
    assert all(storage.exists(name) for name in old)
    client = client_for(district_officer, language="en")
    with eager_celery(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:report_regenerate", args=[report.pk]))
    assert response.status_code == 302
    assert response.url == reverse("reporting:report_detail", args=[report.pk])
    report.refresh_from_db()
    assert (report.status, report.generation, report.progress) == (ReportState.DONE, 2, 100)
    new = [report.pdf.name, report.xlsx.name]
    assert set(new).isdisjoint(old) and all(storage.exists(name) for name in new)
    assert not any(storage.exists(name) for name in old)
    with report.pdf.open("rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    steps = list(report.transitions.values_list("from_status", "to_status", "actor", "note"))
    assert steps[3:] == [
        (ReportState.DONE, ReportState.QUEUED, district_officer.pk, "Regenerated"),
        (ReportState.QUEUED, ReportState.PROCESSING, None, "Started"),
        (ReportState.PROCESSING, ReportState.DONE, None, f"{report.pages} pages"),
    ]
    page = client.get(response.url).content.decode()
    assert "Regenerated" in page and district_officer.get_full_name() in page


def test_regenerating_a_live_report_is_refused_with_a_message(client_for, tree, leadership):
    report = stored(tree.district, status=ReportState.QUEUED)
    client = client_for(leadership, language="en")
    response = client.post(reverse("reporting:report_regenerate", args=[report.pk]), follow=True)
    assert response.redirect_chain == [(reverse("reporting:report_detail", args=[report.pk]), 302)]
    assert "This report is already being produced." in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.generation, report.transitions.count()) == (ReportState.QUEUED, 1, 1)


def test_regenerate_answers_only_a_post(client_for, tree, leadership):
    report = stored(tree.district)
    assert client_for(leadership).get(reverse("reporting:report_regenerate", args=[report.pk])).status_code == 405
