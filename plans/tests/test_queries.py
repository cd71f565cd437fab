"""List and dashboard pages keep the same number of queries at 5 and at 100 tasks (and 1 or 8 plans)."""

import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from org.tests.factories import UserFactory
from plans import services
from plans.enums import ActivityKind, Measure, Recurrence, ReportStatus
from plans.models import ProgressReport
from plans.tests.factories import ActivityFactory, PlanFactory, ProgressReportFactory, TargetFactory, TaskFactory
from plans.views.boards import WAITING_SHOWN
from products.demo import demo_pdf

pytestmark = pytest.mark.django_db


def build(plan, tasks, agencies, manual_targets):
    """`tasks` tasks spread over the agencies, each with reports in every state, plus computed targets, manual
    targets with an entered figure and an evidence file each, and activities."""
    for n in range(tasks):
        task = TaskFactory(plan=plan, section=f"V.{n % 11 + 1}", lead_agency=agencies[n % len(agencies)],
                           recurrence=Recurrence.QUARTERLY if n % 3 == 0 else Recurrence.NONE,
                           coordinating=[agencies[(n + 1) % len(agencies)]])  # fmt: skip
        ProgressReportFactory(task=task, period=f"{plan.year}-Q1", status=ReportStatus.ACCEPTED)
        ProgressReportFactory(task=task, period=f"{plan.year}-Q2", status=ReportStatus.RETURNED)
        ProgressReportFactory(task=task, period=f"{plan.year}-Q3")
    for measure in (Measure.COMMUNES_WITH_OFFICIAL, Measure.PRODUCTS_REGISTERED, Measure.OFFICIALS_TRAINED):
        TargetFactory(plan=plan, measure=measure)
    officer = UserFactory()
    for n in range(manual_targets):
        target = TargetFactory(plan=plan, measure=Measure.MANUAL, value_unit="HTX", target_value=4)
        upload = ContentFile(demo_pdf("Minh chung"), name=f"minh-chung-{n}.pdf")
        services.enter_actual(target, user=officer, value=n, note="Theo báo cáo", uploads=[upload])
    ActivityFactory(plan=plan)
    ActivityFactory(plan=plan, kind=ActivityKind.FAIR, audience="", participants=None)


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


@pytest.fixture
def sizes(tree, other_agency, commune_agency):
    agencies = [tree.agency, other_agency, commune_agency]
    small, large = PlanFactory(unit=tree.district, year=2020), PlanFactory(unit=tree.district, year=2021)
    build(small, 5, agencies, manual_targets=1)
    build(large, 100, agencies, manual_targets=6)
    return small, large


PLAN_PAGES = ["plans:plan_detail", "plans:dashboard", "plans:activity_list", "plans:funding_list"]


@pytest.mark.parametrize("name", PLAN_PAGES)
def test_plan_pages_do_not_grow_with_tasks(client_for, district_officer, sizes, name):
    client = client_for(district_officer)
    small, large = sizes
    small_count, small_page = count(client, reverse(name, args=[small.pk]))
    large_count, large_page = count(client, reverse(name, args=[large.pk]))
    assert small_count == large_count, (small_count, large_count)
    if name in ("plans:plan_detail", "plans:dashboard"):
        assert large_page.count("data-task=") > small_page.count("data-task=")


def test_my_tasks_does_not_grow_with_tasks(client_for, agency_staff, sizes):
    client = client_for(agency_staff)
    counts = {y: count(client, reverse("plans:agency_tasks") + f"?year={y}")[0] for y in (2020, 2021)}
    assert counts[2020] == counts[2021], counts


def test_plan_list_does_not_grow_with_plans(client_for, district_officer, tree):
    client = client_for(district_officer)
    PlanFactory(unit=tree.district, year=2019)
    one, _page = count(client, reverse("plans:plan_list"))
    for year in range(2010, 2017):
        PlanFactory(unit=tree.district, year=year)
    eight, page = count(client, reverse("plans:plan_list"))
    assert one == eight
    assert page.count("/plans/") >= 8


def test_the_dashboard_query_count_is_pinned(client_for, district_officer, sizes):
    """The figure itself, so a change that adds queries is noticed (targets: one query per computed measure)."""
    client = client_for(district_officer)
    small, large = sizes
    queries, _page = count(client, reverse("plans:dashboard", args=[large.pk]))
    assert queries <= 18, queries


def test_the_dashboard_lists_the_oldest_reports_waiting(client_for, district_officer, sizes):
    """100 reports wait for review on the large plan: the 25 oldest are listed with their review forms, the badge
    counts all 100; the small plan's 5 are all listed without the note."""
    client = client_for(district_officer)
    small, large = sizes
    waiting = ProgressReport.objects.filter(task__plan=large, status=ReportStatus.SUBMITTED).order_by(
        "submitted_at", "pk"
    )
    assert waiting.count() == 100
    _queries, page = count(client, reverse("plans:dashboard", args=[large.pk]))
    listed = [int(pk) for pk in re.findall(r'data-report="(\d+)"', page)]
    assert listed == list(waiting.values_list("pk", flat=True)[:WAITING_SHOWN])
    assert page.count('class="d-flex flex-wrap gap-2 mt-1 review-form"') == WAITING_SHOWN
    assert 'badge text-bg-warning">100<' in page and 'id="waiting-more"' in page
    _queries, page = count(client, reverse("plans:dashboard", args=[small.pk]))
    assert page.count('data-report="') == 5 and 'id="waiting-more"' not in page


def sections(page):
    """The dashboard's kept sections, as the page writes them."""
    found = {}
    for name in ("state-counts", "missing", "by-agency", "overdue"):
        match = re.search(rf'id="{name}".*?(?=<section|id="targets"|$)', page, re.S)
        found[name] = match.group(0) if match else None
    return found


def test_the_dashboard_keeps_its_sections_until_a_report_changes(settings, client_for, district_officer, sizes):
    """With PLAN_DASHBOARD_CACHE_SECONDS the sections worked out from every task (counts, missing reports,
    completion by agency, overdue tasks) are kept: the second request reads none of the tasks and writes the same
    sections; reviewing reports and deleting one change the plan's history, and the next request shows the figures
    as worked out afresh."""
    from django.core.cache import cache

    cache.clear()
    settings.PLAN_DASHBOARD_CACHE_SECONDS = 300
    client = client_for(district_officer)
    _small, large = sizes
    url = reverse("plans:dashboard", args=[large.pk]) + f"?period={large.year}-Q3"
    first_queries, first = count(client, url)
    kept_queries, kept = count(client, url)
    assert kept_queries <= first_queries - 3, (first_queries, kept_queries)  # the tasks and their reports not read
    assert sections(kept) == sections(first) and all(sections(first).values())
    assert 'badge text-bg-warning">100<' in kept

    waiting = ProgressReport.objects.filter(task__plan=large, status=ReportStatus.SUBMITTED).order_by("pk")
    for report in waiting[:3]:
        services.review_report(report, user=district_officer, accept=True)
    waiting.last().delete()  # a lead agency's Q3 report gone: its task now misses one
    _queries, after = count(client, url)
    assert 'badge text-bg-warning">96<' in after
    assert sections(after)["missing"] != sections(first)["missing"]
    settings.PLAN_DASHBOARD_CACHE_SECONDS = 0
    _queries, fresh = count(client, url)
    assert sections(after) == sections(fresh)  # what the page keeps is what it would work out now


def test_computed_targets_are_kept_until_what_they_count_changes(settings, client_for, district_officer, sizes, tree):
    """With LIST_COUNT_CACHE_SECONDS the products registered are counted once until a product records a change;
    measures over memberships and activities (no audit history) are counted at every request."""
    from django.core.cache import cache
    from django.utils import timezone

    from products.enums import ProductStatus
    from products.tests.factories import ProducerFactory, ProductFactory

    cache.clear()
    settings.LIST_COUNT_CACHE_SECONDS = 300
    client = client_for(district_officer)
    _small, large = sizes
    url = reverse("plans:dashboard", args=[large.pk])

    def registered():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        [row] = [row for row in response.context["targets"] if row.target.measure == Measure.PRODUCTS_REGISTERED]
        return len(queries), row.count.count

    first_queries, first = registered()
    kept_queries, kept = registered()
    # Counting reads whether a reorganisation came after the year (then products are counted where they were) and
    # counts: both are kept.
    assert kept == first and kept_queries == first_queries - 2
    ProductFactory(producer=ProducerFactory(commune=tree.commune), status=ProductStatus.SUBMITTED, year=large.year,
                   submitted_at=timezone.now())  # fmt: skip
    assert registered()[1] == first + 1
