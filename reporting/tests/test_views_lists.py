"""The list of reports (scope, filters, the same number of queries at 2 and 12 reports), the leadership
dashboard (hand-counted headlines with their links, scope, the same number of queries at two data sizes) and the
home pages' links to both."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from org.enums import Role
from org.tests.factories import UserFactory
from plans.enums import ActivityKind, Recurrence, ReportStatus
from plans.tests.factories import (
    ActivityFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
    funding_line,
    local_moment,
)  # fmt: skip
from products.tests.factories import page_of
from reporting.enums import ReportState
from reporting.periods import QUARTER, containing, half, previous, quarter, year_of
from reporting.tests.view_support import idea, stored

pytestmark = pytest.mark.django_db

LIST = reverse("reporting:report_list")
DASHBOARD = reverse("reporting:dashboard")


@pytest.fixture
def reports(tree):
    """Q3 2020 of every unit, plus Long Mỹ's first half and year 2020 and its first quarter of 2021."""
    units = ["province", "district", "commune", "other_commune", "other_district", "far_commune"]
    rows = {name: stored(getattr(tree, name)) for name in units}
    rows["half"] = stored(tree.district, half(2020, 1))
    rows["year"] = stored(tree.district, year_of(2020), status=ReportState.QUEUED)
    rows["2021"] = stored(tree.district, quarter(2021, 1), status=ReportState.FAILED)
    return rows


def listed(client, query=""):
    response = client.get(LIST + query)
    assert response.status_code == 200
    return {report.pk for report in response.context["reports"]}


def pks(reports, *names):
    return {reports[name].pk for name in names}


LONG_MY = ("district", "commune", "other_commune", "half", "year", "2021")
SCOPES = {
    "leadership": LONG_MY,
    "district_officer": LONG_MY,
    "province_officer": ("province", "other_district", "far_commune", *LONG_MY),
    "commune_official": ("commune",),
    "other_commune_official": ("other_commune",),
    "agency_staff": ("district", "half", "year", "2021"),  # their agency's unit, not the communes below
}


@pytest.mark.parametrize("who", SCOPES)
def test_the_list_shows_only_the_users_scope(request, client_for, reports, who):
    client = client_for(request.getfixturevalue(who))
    assert listed(client) == pks(reports, *SCOPES[who])


def test_the_list_filters_by_kind_and_year(client_for, district_officer, reports):
    client = client_for(district_officer)
    assert listed(client, "?kind=year") == pks(reports, "year")
    assert listed(client, "?kind=half&year=2020") == pks(reports, "half")
    assert listed(client, "?year=2021") == pks(reports, "2021")
    assert listed(client, "?kind=quarter&year=2020") == pks(reports, "district", "commune", "other_commune")
    assert listed(client, "?kind=week&year=twenty") == pks(reports, *LONG_MY)  # nonsense is ignored
    page = page_of(client, LIST + "?kind=half&year=2020")
    assert '<option value="half" selected>' in page and 'value="2020"' in page


def test_the_list_shows_status_files_and_the_way_to_ask(client_for, leadership, agency_staff, reports):
    page = page_of(client_for(leadership, language="en"), LIST)
    done = reports["district"]
    assert f'href="{reverse("reporting:report_pdf", args=[done.pk])}"' in page
    assert f'href="{reverse("reporting:report_pdf", args=[reports["year"].pk])}"' not in page  # nothing made yet
    assert ">Ready</span>" in page and ">Queued</span>" in page and ">Failed</span>" in page
    assert f'href="{reverse("reporting:report_request")}" id="new-report"' in page
    assert f'href="{DASHBOARD}"' in page
    staff_page = page_of(client_for(agency_staff, language="en"), LIST)
    assert 'id="new-report"' not in staff_page and f'href="{DASHBOARD}"' not in staff_page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_makes_the_same_queries_for_2_and_12_reports(client_for, tree, district_officer,
                                                               django_assert_num_queries):  # fmt: skip
    client = client_for(district_officer)
    stored(tree.district, quarter(2020, 1))
    stored(tree.commune, quarter(2020, 1), status=ReportState.QUEUED)
    small = count_queries(client, LIST)
    units = [tree.district, tree.commune, tree.other_commune]
    for number in range(10):
        stored(units[number % 3], quarter(2021 + number // 4, number % 4 + 1), user=district_officer,
               status=ReportState.FAILED if number == 4 else ReportState.DONE)  # fmt: skip
    with django_assert_num_queries(small):
        response = client.get(LIST)
    assert len(response.context["reports"]) == 12


# The dashboard: the current quarter against the one before.
def this_quarter():
    return containing(QUARTER, timezone.localdate())


@pytest.fixture
def ideas(tree):
    """Long Mỹ: two ideas sent this quarter (one per commune), one last quarter, one draft never sent; one idea
    of Vị Thủy this quarter. Hand count for Long Mỹ: 2 now, 1 before, +1."""
    now, before = this_quarter(), previous(this_quarter())
    idea(tree.commune, local_moment(now.start), name="Trà mãng cầu Thuận Hòa")
    idea(tree.other_commune, local_moment(now.start, hour=15), name="Mắm cá lóc Xà Phiên")
    idea(tree.commune, local_moment(before.start + timedelta(days=20)), name="Bánh phồng tôm")
    idea(tree.commune, None, name="Bản nháp")
    idea(tree.far_commune, local_moment(now.start), name="Khóm Vị Thủy")


def headline(response, key):
    return next(item for item in response.context["data"].headlines if item.key == key)


def test_leadership_sees_their_units_headlines_with_links(client_for, tree, leadership, ideas):
    response = client_for(leadership, language="en").get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["unit"] == tree.district and response.context["data"].period == this_quarter()
    ideas_line = headline(response, "ideas")
    assert (ideas_line.value, ideas_line.previous, ideas_line.change) == (2, 1, 1)
    now = this_quarter()
    link = f"/products/?sent_from={now.start.isoformat()}&amp;sent_to={now.end.isoformat()}"
    page = response.content.decode()
    assert f'<a href="{link}" class="text-decoration-none">2</a>' in page
    assert "▲ +1 · before: 1" in page
    assert f'href="{reverse("certificates:certificate_list")}?state=valid"' in page
    assert page.count("<svg") >= 3  # the three charts
    # The list behind the number holds exactly those two ideas (not last quarter's, not the draft, not Vị Thủy's)
    listed = page_of(client_for(leadership), link.replace("&amp;", "&"))
    assert "Mắm cá lóc Xà Phiên" in listed and "Trà mãng cầu Thuận Hòa" in listed
    assert "Bánh phồng tôm" not in listed and "Bản nháp" not in listed and "Khóm Vị Thủy" not in listed


def test_a_commune_on_the_dashboard_counts_its_own_ideas(client_for, tree, leadership, commune_official, ideas):
    response = client_for(leadership).get(f"{DASHBOARD}?unit={tree.commune.pk}")
    assert response.status_code == 200
    line = headline(response, "ideas")
    assert (line.value, line.previous) == (1, 1)
    now = this_quarter()
    sent = f"sent_from={now.start.isoformat()}&amp;sent_to={now.end.isoformat()}"
    assert f'href="/products/?{sent}&amp;commune={tree.commune.pk}"' in response.content.decode()
    own = client_for(commune_official).get(DASHBOARD)  # a commune official's only unit is the commune
    assert own.context["unit"] == tree.commune and headline(own, "ideas").value == 1


def test_the_dashboard_compares_years_and_halves_too(client_for, tree, leadership, ideas):
    response = client_for(leadership).get(f"{DASHBOARD}?kind=year")
    assert response.context["data"].period == year_of(timezone.localdate().year)
    assert response.context["kind"] == "year"
    assert client_for(leadership).get(f"{DASHBOARD}?kind=decade").context["kind"] == "quarter"


@pytest.mark.parametrize("unit", ["other_district", "far_commune", "province"])
def test_another_units_dashboard_is_not_found(client_for, tree, leadership, unit):
    assert client_for(leadership).get(f"{DASHBOARD}?unit={getattr(tree, unit).pk}").status_code == 404


def test_nonsense_unit_is_not_found(client_for, leadership):
    assert client_for(leadership).get(f"{DASHBOARD}?unit=abc").status_code == 404
    assert client_for(leadership).get(f"{DASHBOARD}?unit=999999").status_code == 404


def test_agency_staff_and_people_without_a_role_may_not_read_the_dashboard(client_for, tree, agency_staff, reports):
    assert client_for(agency_staff).get(DASHBOARD).status_code == 403
    assert client_for(agency_staff).get(f"{DASHBOARD}?unit={tree.district.pk}").status_code == 403
    nobody = client_for(UserFactory(username="khong.vai.tro"))
    assert nobody.get(DASHBOARD).status_code == 403
    assert listed(nobody) == set()  # signed in without a role: an empty list


def build_world(tree, plan, size):
    """`size` ideas this quarter and last, spread over the communes; `size` tasks with reports; activities and
    funding lines."""
    now, before = this_quarter(), previous(this_quarter())
    communes = [tree.commune, tree.other_commune]
    for number in range(size):
        idea(communes[number % 2], local_moment(now.start + timedelta(days=number % 20)))
        idea(communes[number % 2], local_moment(before.start + timedelta(days=number % 20)))
        task = TaskFactory(plan=plan, section=f"V.{number + 1}", lead_agency=tree.agency,
                           recurrence=Recurrence.QUARTERLY if number % 2 else Recurrence.NONE)  # fmt: skip
        ProgressReportFactory(task=task, period=f"{plan.year}-Q1", status=ReportStatus.ACCEPTED)
        ActivityFactory(plan=plan, held_on=now.start, kind=ActivityKind.FAIR if number % 2 else ActivityKind.TRAINING)
        funding_line(plan, spent_on=now.start, amount=1_000_000 * (number + 1)).save()


def test_the_dashboard_makes_the_same_queries_at_two_sizes(client_for, tree, leadership, django_assert_num_queries):
    plan = PlanFactory(unit=tree.district, year=this_quarter().end.year)
    client = client_for(leadership)
    build_world(tree, plan, 2)
    small = count_queries(client, DASHBOARD)
    build_world(tree, plan, 10)
    with django_assert_num_queries(small):
        response = client.get(DASHBOARD)
    assert headline(response, "ideas").value == 12
    assert headline(response, "events").value == 6


# Home pages.
def test_leaderships_home_links_to_the_dashboard_and_the_reports(client_for, leadership):
    client = client_for(leadership)
    home = page_of(client, reverse("role_home", args=[Role.LEADERSHIP]))
    assert f'<a href="{DASHBOARD}" class="stretched-link">Xem bảng tổng hợp</a>' in home
    assert f'<a href="{LIST}" class="stretched-link">Tải báo cáo</a>' in home
    assert page_of(client, DASHBOARD) and page_of(client, LIST)


def test_the_district_officers_home_links_to_the_reports(client_for, district_officer):
    client = client_for(district_officer)
    home = page_of(client, reverse("role_home", args=[Role.DISTRICT_OFFICER]))
    assert f'<a href="{LIST}" class="stretched-link">Lập báo cáo định kỳ</a>' in home
    assert 'id="new-report"' in page_of(client, LIST)


def test_addresses_with_numbers_out_of_range_answer_calmly(client_for, tree, district_officer, reports):
    client = client_for(district_officer)
    assert listed(client, "?year=99999") == pks(reports, *LONG_MY)  # not a year: ignored, not a crash
    assert listed(client, "?year=0000") == pks(reports, *LONG_MY)
    assert listed(client, "?year=²") == pks(reports, *LONG_MY)  # a digit to str.isdigit, not to int()
    huge = "9" * 25
    assert client.get(f"{DASHBOARD}?unit={huge}").status_code == 404
    assert client.get(f"{DASHBOARD}?unit=²").status_code == 404
    assert client.get(f"/reports/{huge}/").status_code == 404
    assert client.get(f"/reports/{huge}/pdf/").status_code == 404


def test_the_dashboards_amounts_are_grouped_the_vietnamese_way(client_for, tree, leadership):
    """1.500.000 đồng this quarter, none before: the card reads 1.500.000 and ▲ +1.500.000 (grouped by dots)."""
    from plans.enums import FundingSource
    from plans.models import Funding

    now = this_quarter()
    plan = PlanFactory(unit=tree.district, year=now.end.year)
    Funding.objects.create(plan=plan, source=FundingSource.DISTRICT, amount=1_500_000, spent_on=now.start)
    page = client_for(leadership).get(DASHBOARD).content.decode()
    assert ">1.500.000</a>" in page and "▲ +1.500.000" in page
    assert "1500000" not in page


def test_the_dashboards_figures_are_kept_a_while(client_for, tree, leadership, ideas, settings):
    """With REPORT_DASHBOARD_CACHE_SECONDS the figures are worked out once per unit, period and day: the second
    request makes fewer queries and shows the same numbers, an idea sent meanwhile shows once the cache is gone,
    and the page says when the figures were worked out. Another unit's figures are not mixed in."""
    cache.clear()
    settings.REPORT_DASHBOARD_CACHE_SECONDS = 300
    client = client_for(leadership, language="en")
    first = count_queries(client, DASHBOARD)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    assert len(queries) < first - 15, (len(queries), first)
    assert headline(response, "ideas").value == 2
    page = response.content.decode()
    assert 'id="as-of"' in page and "worked out again after 5 minutes" in page
    idea(tree.commune, local_moment(this_quarter().start, hour=10), name="Mứt mãng cầu")
    assert headline(client.get(DASHBOARD), "ideas").value == 2  # kept
    commune = client.get(f"{DASHBOARD}?unit={tree.commune.pk}")
    assert headline(commune, "ideas").value == 2  # its own figures: the two of Thuận Hòa, this one included
    cache.clear()
    assert headline(client.get(DASHBOARD), "ideas").value == 3
    settings.REPORT_DASHBOARD_CACHE_SECONDS = 0
    assert 'id="as-of"' not in client.get(DASHBOARD).content.decode()
