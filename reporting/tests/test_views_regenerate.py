"""The report page after the review: a document number given when producing again (printed in the PDF), a
number asked for an existing report, a failure told in plain words (the error's text for the administrators
only), and the note on a report produced before its period ended."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from org.tests.factories import UserFactory
from reporting.enums import ReportState
from reporting.models import Report
from reporting.tests.generation import eager_celery
from reporting.tests.view_support import Q3_2020, body, pdf_text, produced, stored

pytestmark = pytest.mark.django_db


def test_producing_again_with_a_number_prints_it(client_for, tree, leadership, django_capture_on_commit_callbacks):
    report = produced(leadership, tree.district)
    client = client_for(leadership, language="en")
    with eager_celery(), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:report_regenerate", args=[report.pk]), {"number": "125/BC-NN"})
    report.refresh_from_db()
    assert (report.status, report.generation, report.number) == (ReportState.DONE, 2, "125/BC-NN")
    text = pdf_text(body(client.get(reverse("reporting:report_pdf", args=[report.pk]))))
    assert "125/BC-NN" in text


def test_a_number_asked_for_an_existing_report_says_how_to_set_it(client_for, tree, leadership):
    stored(tree.district, user=leadership)
    response = client_for(leadership, language="en").post(
        reverse("reporting:report_request"),
        {"unit": tree.district.pk, "kind": "quarter", "year": 2020, "part": 3, "number": "7/BC-NN"},
        follow=True,
    )
    page = response.content.decode()
    assert "Its document number changes when you produce it again." in page
    assert Report.objects.get().number == ""


def test_a_failure_is_told_in_plain_words_and_the_error_only_to_administrators(client_for, tree, leadership):
    report = stored(tree.district, status=ReportState.FAILED, files=False, error="OperationalError: disk full")
    url = reverse("reporting:report_detail", args=[report.pk])
    page = client_for(leadership, language="en").get(url).content.decode()
    assert "The report could not be produced. Try to produce it again" in page
    assert "disk full" not in page
    admin = UserFactory(is_staff=True, is_superuser=True)
    assert "OperationalError: disk full" in client_for(admin, language="en").get(url).content.decode()


def test_a_report_produced_before_its_period_ended_says_so(client_for, tree, leadership):
    report = stored(tree.district, user=leadership)
    url = reverse("reporting:report_detail", args=[report.pk])
    assert 'id="provisional"' not in client_for(leadership, language="en").get(url).content.decode()
    Report.objects.filter(pk=report.pk).update(generated_at=timezone.make_aware(datetime(2020, 9, 15, 10)))
    page = client_for(leadership, language="en").get(url).content.decode()
    assert "Produced on 15/09/2020, before the period ended: its figures stop on that day." in page
    assert Q3_2020.end.strftime("%d/%m/%Y") in page
