"""What a review of the plans app found, each pinned by a test: visibility for every agency a plan assigns to,
the dashboard's missing reports, locked fields once reports exist, dates in the plan's year, start dates,
money typed with dots, double reviews, files left behind, the history of entered figures."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from org.enums import Role
from org.tests.factories import AgencyFactory, member
from plans import board, services
from plans.enums import Recurrence, ReportStatus, TaskState
from plans.models import Evidence, FundingRule, ProgressReport, Task
from plans.periods import parse, quarter
from plans.tests.factories import PlanFactory, ProgressReportFactory, TargetFactory, TaskFactory, local_moment
from products.demo import demo_pdf
from products.tests.factories import page_of

pytestmark = pytest.mark.django_db

ACC = ReportStatus.ACCEPTED


def pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, demo_pdf("Bao cao"), content_type="application/pdf")


# --- 1. Everyone a plan assigns tasks to can open it ------------------------------------------------------------


def test_the_staff_of_a_commune_level_agency_open_the_district_plan_and_report(client_for, tree, plan):
    agency = AgencyFactory(unit=tree.commune, name="Hội Nông dân xã Thuận Hòa")
    staff = member(Role.AGENCY_STAFF, agency, username="hnd.thuanhoa")
    task = TaskFactory(plan=plan, lead_agency=agency, due_date=date(2020, 12, 31), title="Vận động hội viên")
    client = client_for(staff)
    assert plan.title in page_of(client, reverse("plans:plan_detail", args=[plan.pk]))
    assert "Vận động hội viên" in page_of(client, reverse("plans:agency_tasks"))
    data = {"agency": agency.pk, "period": "2020-Q1", "percent_done": 20, "text": "Đã họp chi hội."}
    response = client.post(reverse("plans:report_add", args=[task.pk]), data)
    assert response.status_code == 302 and ProgressReport.objects.get().agency == agency


def test_a_province_plan_is_read_by_the_districts_below_not_by_another_province(client_for, tree, district_officer,
                                                                                  agency_staff):  # fmt: skip
    from org.tests.factories import ProvinceFactory

    province_plan = PlanFactory(unit=tree.province, year=2020)
    task = TaskFactory(plan=province_plan, lead_agency=tree.agency, due_date=date(2020, 12, 31))
    for user in (district_officer, agency_staff):
        assert client_for(user).get(reverse("plans:task_detail", args=[task.pk])).status_code == 200
    assert client_for(district_officer).get(reverse("plans:task_edit", args=[task.pk])).status_code == 403
    elsewhere = member(Role.DISTRICT_OFFICER, ProvinceFactory(code="94", name="Sóc Trăng"), username="tinh.soctrang")
    assert client_for(elsewhere).get(reverse("plans:plan_detail", args=[province_plan.pk])).status_code == 404


# --- 2. Missing reports on the dashboard --------------------------------------------------------------------------


def test_a_quarterly_duty_reported_at_100_percent_still_owes_the_next_quarters(tasks):
    ProgressReportFactory(task=tasks.quarterly, period="2020-Q1", percent_done=100, status=ACC)
    rows = board.rows([tasks.quarterly], date(2020, 10, 5))
    assert [m.task for m in board.missing_reports(rows, quarter(2020, 2))] == [tasks.quarterly]


def test_a_coordinators_100_percent_does_not_hide_the_leads_missing_report(tasks, other_agency):
    ProgressReportFactory(task=tasks.survey, agency=other_agency, period="2020-Q1", percent_done=100, status=ACC)
    rows = board.rows([tasks.survey], date(2020, 7, 5))
    assert [m.task for m in board.missing_reports(rows, quarter(2020, 2))] == [tasks.survey]
    assert rows[0].state == TaskState.OVERDUE


# --- 3. What reports rest on cannot change under them -------------------------------------------------------------


def test_a_plans_unit_and_year_are_fixed_once_it_has_tasks(client_for, district_officer, plan, tasks):
    client = client_for(district_officer)
    response = client.post(reverse("plans:plan_edit", args=[plan.pk]),
                           {"unit": plan.unit.pk, "year": 2019, "title": "Kế hoạch OCOP đã sửa"})  # fmt: skip
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.year, plan.title) == (2020, "Kế hoạch OCOP đã sửa")


def test_a_tasks_lead_and_recurrence_are_fixed_once_reported(tasks, other_agency, district_officer):
    ProgressReportFactory(task=tasks.quarterly, period="2020-Q1")
    task = Task.objects.get(pk=tasks.quarterly.pk)
    task.recurrence = Recurrence.YEARLY
    with pytest.raises(ValidationError) as refused:
        services.save_task(task, coordinating=[], user=district_officer)
    assert "recurrence" in refused.value.message_dict
    task = Task.objects.get(pk=tasks.quarterly.pk)
    task.lead_agency = other_agency
    with pytest.raises(ValidationError) as refused:
        services.save_task(task, coordinating=[], user=district_officer)
    assert "lead_agency" in refused.value.message_dict
    assert Task.objects.get(pk=task.pk).recurrence == Recurrence.QUARTERLY


# --- 4 and 10. Dates in the plan's year; a task added during the year -------------------------------------------


def test_a_due_date_outside_the_plans_year_is_refused(client_for, district_officer, tree, plan):
    response = client_for(district_officer).post(reverse("plans:task_add", args=[plan.pk]), {
        "title": "Nhiệm vụ năm sau", "lead_agency": tree.agency.pk, "due_date": "01/05/2021",
    })  # fmt: skip
    assert response.status_code == 200
    assert "Hãy chọn một ngày trong năm của kế hoạch, 2020." in response.content.decode()
    assert not Task.objects.filter(title="Nhiệm vụ năm sau").exists()


def test_a_task_added_in_october_owes_no_report_for_earlier_quarters(plan, tree):
    task = TaskFactory(plan=plan, lead_agency=tree.agency, starts_on=date(2020, 10, 1), due_date=date(2020, 12, 15))
    duty = TaskFactory(plan=plan, lead_agency=tree.agency, starts_on=date(2020, 10, 1), recurrence=Recurrence.QUARTERLY,
                       due_date=None)  # fmt: skip
    rows = board.rows([task, duty], date(2020, 10, 20))
    assert board.missing_reports(rows, quarter(2020, 1)) == []
    assert [row.state for row in rows] == [TaskState.NOT_STARTED, TaskState.NOT_STARTED]
    owed = board.agency_board(rows, {tree.agency.pk}, date(2020, 10, 20)).to_report
    assert [(row.task, period.code) for row, period in owed] == [(task, "2020-Q4"), (duty, "2020-Q4")]


def test_activities_and_funding_are_dated_in_the_plans_year(plan, district_officer):
    from plans.models import Activity
    from plans.tests.factories import funding_line

    activity = Activity(plan=plan, kind="fair", title="Hội chợ", held_on=date(2021, 1, 5))
    with pytest.raises(ValidationError):
        services.save_activity(activity, user=district_officer)
    with pytest.raises(ValidationError):
        services.record_funding(funding_line(plan, spent_on=date(2019, 12, 30), description="x"), user=district_officer)
    assert not plan.activities.exists() and not plan.funding.exists()


# --- 6, 7, 8, 9. Forms and reviews --------------------------------------------------------------------------------


def test_money_is_typed_in_a_text_box_with_dots(client_for, district_officer, plan):
    form = page_of(client_for(district_officer), reverse("plans:funding_add", args=[plan.pk]))
    assert 'name="amount"' in form and 'type="text" name="amount"' in form and 'inputmode="numeric"' in form


def test_a_report_reviewed_twice_gets_a_message_not_a_403(client_for, district_officer, tasks):
    report = ProgressReportFactory(task=tasks.quarterly, period="2020-Q1")
    client = client_for(district_officer)
    url = reverse("plans:report_review", args=[report.pk])
    assert client.post(url, {"decision": "accept"}).status_code == 302
    response = client.post(url, {"decision": "return", "note": "Bổ sung"}, follow=True)
    assert response.status_code == 200
    assert "Báo cáo này đã được xem xét." in response.content.decode()
    assert ProgressReport.objects.get(pk=report.pk).status == ACC


def test_a_plan_whose_creator_left_can_still_be_edited(client_for, district_officer, plan):
    assert plan.created_by is None
    response = client_for(district_officer).post(reverse("plans:plan_edit", args=[plan.pk]),
                                                 {"unit": plan.unit.pk, "year": 2020, "title": "Tên mới"})  # fmt: skip
    assert response.status_code == 302


def test_a_rule_names_a_programme_only_for_the_programme_source(tree):
    rule = FundingRule(unit=tree.district, source="district", programme="Nông thôn mới", refused_kind="thi_tran")
    with pytest.raises(ValidationError) as refused:
        services.save_funding_rule(rule)
    assert "programme" in refused.value.message_dict and not FundingRule.objects.exists()


# --- 11. Files are not left behind -------------------------------------------------------------------------------


class BrokenUpload(SimpleUploadedFile):
    """A file that passes the content check but fails while it is written (a full disk, a storage error)."""

    def chunks(self, chunk_size=None):
        raise OSError("disk full")


def test_a_storage_failure_half_way_leaves_no_file_and_no_row(settings, tasks, agency_staff, tree):
    broken = BrokenUpload("hong.pdf", demo_pdf("Hong"), content_type="application/pdf")
    with pytest.raises(OSError):
        services.post_report(tasks.quarterly, user=agency_staff, agency=tree.agency, period="2020-Q1",
                             text="Báo cáo", percent_done=10, uploads=[pdf("tot.pdf"), broken])  # fmt: skip
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()
    stored = [p for p in (settings.MEDIA_ROOT / "plans").rglob("*") if p.is_file()] if (
        settings.MEDIA_ROOT / "plans").exists() else []  # fmt: skip
    assert stored == []


# --- 12. Entered figures keep their history ----------------------------------------------------------------------


def test_each_entered_figure_is_kept_with_who_when_before_and_after(client_for, district_officer, plan):
    target = TargetFactory(plan=plan, text="Củng cố hợp tác xã", target_value=4, value_unit="HTX")
    services.enter_actual(target, user=district_officer, value=2, note="Quý II",
                          at=local_moment(parse("2020-Q2").end))  # fmt: skip
    services.enter_actual(target, user=district_officer, value=3, note="Quý III")
    changes = list(target.changes.values_list("value_before", "value_after", "note", "actor"))
    assert [(b and int(b), int(a), n, u) for b, a, n, u in changes] == [
        (None, 2, "Quý II", district_officer.pk), (2, 3, "Quý III", district_officer.pk),
    ]  # fmt: skip
    page = page_of(client_for(district_officer), reverse("plans:target_actual", args=[target.pk]))
    assert "Quý II" in page and "2 → 3" in page


def test_agency_staff_must_name_their_agency_as_organiser(client_for, agency_staff, tree, plan):
    response = client_for(agency_staff).post(reverse("plans:activity_add", args=[plan.pk]), {
        "kind": "media", "title": "Bài viết", "held_on": "15/05/2020", "media_kind": "article",
    })  # fmt: skip
    assert response.status_code == 200 and not plan.activities.exists()


def test_the_superuser_is_told_they_report_for_no_agency(client, tree, tasks):
    from org.tests.factories import UserFactory

    admin = UserFactory(username="quantri.test", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(reverse("plans:report_add", args=[tasks.quarterly.pk]), follow=True)
    assert "Bạn không báo cáo cho cơ quan nào của nhiệm vụ này." in response.content.decode()
