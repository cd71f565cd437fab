"""Asking for a report: a quarter, six months, a year or a date range of a unit in the user's scope makes one report
(produced at once with eager Celery) and leads to its page; asking again finds the same report; a unit outside the
scope and impossible periods are refused with a message and nothing saved.

The reporting strings are not translated yet, so these tests read the English interface (language="en")."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.enums import ReportState
from reporting.models import Report
from reporting.periods import QUARTER, last_closed
from reporting.tests.generation import eager_celery

pytestmark = pytest.mark.django_db

NEW = reverse("reporting:report_request")


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """ask(client, **fields) -> the response to the form posted, with the report produced in the request."""

    def post(client, follow=False, **fields):
        with eager_celery(), django_capture_on_commit_callbacks(execute=True):
            return client.post(NEW, fields, follow=follow)

    return post


VALID = [
    ({"kind": "quarter", "year": 2020, "part": 3}, "quarter", "2020-Q3", date(2020, 7, 1), date(2020, 9, 30)),
    ({"kind": "half", "year": 2020, "part": 1}, "half", "2020-H1", date(2020, 1, 1), date(2020, 6, 30)),
    ({"kind": "year", "year": 2020, "part": ""}, "year", "2020", date(2020, 1, 1), date(2020, 12, 31)),
    ({"kind": "custom", "year": "", "start": "2020-01-01", "end": "2020-05-15"}, "custom", "2020-01-01..2020-05-15",
     date(2020, 1, 1), date(2020, 5, 15)),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "kind", "code", "start", "end"), VALID, ids=["quarter", "half", "year", "range"])
def test_a_valid_request_makes_one_report_and_leads_to_it(
    ask, client_for, tree, leadership, fields, kind, code, start, end
):
    client = client_for(leadership, language="en")
    response = ask(client, unit=tree.district.pk, number="125/BC-NN", **fields)
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reporting:report_detail", args=[report.pk])
    assert (report.unit, report.kind, report.period_code, report.start, report.end) == (
        tree.district, kind, code, start, end,
    )  # fmt: skip
    # An official document: in the portal's language (Vietnamese), not the English reader's.
    assert (report.requested_by, report.number, report.language) == (leadership, "125/BC-NN", "vi")
    assert report.status == ReportState.DONE and report.pdf and report.xlsx
    assert list(report.transitions.values_list("to_status", "actor")) == [
        (ReportState.QUEUED, leadership.pk), (ReportState.PROCESSING, None), (ReportState.DONE, None),
    ]  # fmt: skip
    page = client.get(response.url).content.decode()
    assert 'data-status="done"' in page and 'id="download-pdf"' in page


def test_asking_again_for_the_same_unit_and_period_finds_the_same_report(ask, client_for, tree, district_officer):
    client = client_for(district_officer, language="en")
    fields = {"unit": tree.district.pk, "kind": "quarter", "year": 2020, "part": 3}
    first = ask(client, **fields)
    report = Report.objects.get()
    again = ask(client, follow=True, **fields)
    assert again.redirect_chain == [(first.url, 302)]
    assert Report.objects.count() == 1
    assert Report.objects.get().generation == 1  # found, not produced again
    assert "This report exists already; download it, or produce it again from today&#x27;s data." in (
        again.content.decode()
    )
    assert report.transitions.count() == 3


def test_a_commune_official_asks_for_their_commune(ask, client_for, tree, commune_official):
    client = client_for(commune_official, language="en")
    response = ask(client, unit=tree.commune.pk, kind="quarter", year=2020, part=3)
    assert response.status_code == 302
    assert Report.objects.get().unit == tree.commune


@pytest.mark.parametrize(("who", "unit"), [("leadership", "other_district"), ("leadership", "province"),
                                           ("commune_official", "district"), ("commune_official", "other_commune"),
                                           ("district_officer", "far_commune")])  # fmt: skip
def test_a_unit_outside_the_scope_is_refused(ask, request, client_for, tree, who, unit):
    client = client_for(request.getfixturevalue(who), language="en")
    response = ask(client, unit=getattr(tree, unit).pk, kind="quarter", year=2020, part=3)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "unit": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert not Report.objects.exists()


def next_year():
    return timezone.localdate().year + 1


BAD = [
    ({"kind": "half", "year": 2020, "part": 3}, "part", "A year has two halves: choose I or II."),
    ({"kind": "quarter", "year": 2020, "part": ""}, "part", "Choose the quarter or the half."),
    ({"kind": "custom", "start": "2020-05-15", "end": "2020-01-01"}, "end", "The last day comes before the first."),
    ({"kind": "custom", "start": "2020-05-15", "end": ""}, "start", "Give the first and the last day."),
    ({"kind": "custom", "start": "2015-01-01", "end": "2020-12-31"}, "end", "A report covers at most five years."),
    ({"kind": "quarter", "year": next_year, "part": 1}, "__all__", "This period has not begun yet."),
    ({"kind": "year", "year": next_year}, "__all__", "This period has not begun yet."),
    ({"kind": "quarter", "year": "", "part": 1}, "year", "This field is required."),
    ({"kind": "quarter", "year": 1999, "part": 1}, "year", "Ensure this value is greater than or equal to 2000."),
    ({"kind": "week", "year": 2020, "part": 1}, "kind",
     "Select a valid choice. week is not one of the available choices."),
    ({"kind": "custom", "start": "2020-02-30", "end": "2020-03-31"}, "start", "Enter a valid date."),
    ({"kind": "custom", "start": "0001-01-01", "end": "0001-03-31"}, "start", "A report covers days from 2000 on."),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "field", "message"), BAD,
                         ids=["half-III", "no-quarter", "end-before-start", "no-end", "over-five-years",
                              "quarter-not-begun", "year-not-begun", "no-year", "year-1999", "no-such-kind",
                              "no-such-day", "year-1"])  # fmt: skip
def test_bad_input_is_refused_with_a_clear_message(ask, client_for, tree, leadership, fields, field, message):
    fields = {name: value() if callable(value) else value for name, value in fields.items()}
    client = client_for(leadership, language="en")
    response = ask(client, unit=tree.district.pk, **fields)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not Report.objects.exists()


def test_a_range_of_five_years_is_accepted(ask, client_for, tree, leadership):
    response = ask(client_for(leadership, language="en"), unit=tree.district.pk, kind="custom",
                   start="2015-01-01", end="2019-12-31")  # fmt: skip
    assert response.status_code == 302
    assert Report.objects.get().period_code == "2015-01-01..2019-12-31"


def test_the_form_offers_the_users_units_and_the_last_closed_quarter(client_for, tree, leadership):
    response = client_for(leadership, language="en").get(NEW)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["unit"].queryset) == [tree.district, tree.commune, tree.other_commune]
    last = last_closed(QUARTER, timezone.localdate())
    assert (form["year"].value(), form["part"].value(), form["kind"].value()) == (last.year, last.number, "quarter")
    page = response.content.decode()
    assert "Vị Thủy" not in page and "Hậu Giang" not in page
    assert 'value="Produce the report"' in page


def test_the_form_takes_its_choices_from_the_address(client_for, tree, leadership):
    query = f"?unit={tree.commune.pk}&kind=half&year=2020&part=2"
    form = client_for(leadership).get(NEW + query).context["form"]
    assert (str(form["unit"].value()), form["kind"].value(), str(form["year"].value()), str(form["part"].value())) == (
        str(tree.commune.pk), "half", "2020", "2",
    )  # fmt: skip


def test_nonsense_in_the_address_only_leaves_the_form_unchosen(client_for, leadership):
    response = client_for(leadership).get(NEW + "?unit=²&kind=week&year=abc&part=9")
    assert response.status_code == 200
    assert "selected>" not in response.content.decode().split('id="id_kind"')[1].split("</select>")[0]
