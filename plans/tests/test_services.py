"""The plans app's writes: reports and their review, copying a plan, tasks and targets (funding: test_funding.py).

Each service runs in one transaction: a refusal raises ValidationError and leaves no row behind.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation

from plans import services
from plans.enums import FundingSource, Measure, Recurrence, ReportStatus
from plans.models import Activity, Evidence, Funding, Plan, ProgressReport, ReportTransition, Target, Task
from plans.tests.factories import (
    ActivityFactory,
    PlanFactory,
    TargetFactory,
    TaskFactory,
    local_moment,
)
from products.tests.factories import pdf_upload

pytestmark = pytest.mark.django_db

APRIL_2 = local_moment(date(2020, 4, 2))
NTM = "Chương trình MTQG xây dựng nông thôn mới"


def post(task, user, agency, period="2020-Q1", at=APRIL_2, **fields):
    fields.setdefault("text", "Đã rà soát 12 sản phẩm, 5 sản phẩm đủ điều kiện tham gia đánh giá.")
    fields.setdefault("percent_done", 40)
    return services.post_report(task, user=user, agency=agency, period=period, at=at, **fields)


def rows():
    return ProgressReport.objects.count(), ReportTransition.objects.count(), Evidence.objects.count()


def messages(error):
    return " ".join(error.value.messages)


# --- Who reports ---------------------------------------------------------------------------------------------


def test_the_lead_agency_reports_and_the_history_starts(tree, tasks, agency_staff):
    report = post(tasks.survey, agency_staff, tree.agency, figures="12 sản phẩm rà soát")
    assert (report.agency, report.period, report.period_end, report.status) == (
        tree.agency, "2020-Q1", date(2020, 3, 31), ReportStatus.SUBMITTED,
    )  # fmt: skip
    assert (report.submitted_by, report.submitted_at, report.percent_done) == (agency_staff, APRIL_2, 40)
    step = report.transitions.get()
    assert (step.from_status, step.to_status, step.actor, step.at, step.note) == (
        "", ReportStatus.SUBMITTED, agency_staff, APRIL_2, "",
    )  # fmt: skip


def test_a_coordinating_agency_reports_for_itself(tasks, other_agency, other_agency_staff):
    report = post(tasks.survey, other_agency_staff, other_agency)
    assert report.agency == other_agency


def test_a_commune_official_reports_for_the_communes_people_committee(tasks, commune_agency, commune_official):
    report = post(tasks.commune, commune_official, commune_agency, period="2020-Q2", at=local_moment(date(2020, 5, 4)))
    assert (report.agency, report.submitted_by) == (commune_agency, commune_official)


@pytest.mark.parametrize(
    ("task", "actor", "agency"),
    [
        ("quarterly", "other_agency_staff", "other_agency"),  # not an agency of this task
        ("survey", "agency_staff", "other_agency"),  # the lead's staff, claiming the coordinating agency
        ("survey", "other_agency_staff", "agency"),  # a coordinator's staff, claiming the lead
        ("commune", "other_commune_official", "commune_agency"),  # another commune's official
        ("survey", "commune_official", "agency"),  # a commune official, for a district agency
        ("survey", "district_officer", "agency"),  # the district officer reviews; they do not report
        ("survey", "leadership", "agency"),
    ],
)
def test_only_the_tasks_agencies_staff_report(request, tree, tasks, task, actor, agency):
    user = request.getfixturevalue(actor)
    agency = tree.agency if agency == "agency" else request.getfixturevalue(agency)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        post(getattr(tasks, task), user, agency)
    assert messages(error) == "You do not report for this agency on this task."
    assert rows() == (0, 0, 0)


# --- Periods -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "allowed"),
    [
        ("2020-Q1", True),
        ("2020-Q2", True),  # begun on 01/04
        ("2020-Q3", False),  # not begun on 02/04
        ("2020-H1", False),  # not a period of a quarterly task
        ("2020", False),
        ("2019-Q4", False),  # not the plan's year
        ("2021-Q1", False),
        ("bad", False),
    ],
)
def test_the_period_is_one_of_the_tasks_that_has_begun(tasks, agency_staff, tree, period, allowed):
    if allowed:
        assert post(tasks.quarterly, agency_staff, tree.agency, period=period).period == period
        return
    with pytest.raises(ValidationError) as error:
        post(tasks.quarterly, agency_staff, tree.agency, period=period)
    assert list(error.value.message_dict) == ["period"]
    assert rows() == (0, 0, 0)


def test_reportable_periods_latest_first(tasks):
    assert [p.code for p in services.reportable_periods(tasks.quarterly, date(2020, 7, 1))] == [
        "2020-Q3", "2020-Q2", "2020-Q1",
    ]  # fmt: skip
    assert services.reportable_periods(tasks.quarterly, date(2019, 12, 31)) == []


def test_backdating_decides_which_periods_have_begun(tasks, agency_staff, tree):
    with pytest.raises(ValidationError):
        post(tasks.quarterly, agency_staff, tree.agency, period="2020-Q2", at=local_moment(date(2020, 3, 31), 23, 59))
    report = post(tasks.quarterly, agency_staff, tree.agency, period="2020-Q2", at=local_moment(date(2020, 4, 1), 0, 1))
    assert report.period_end == date(2020, 6, 30)


# --- One live report per agency and period -------------------------------------------------------------------


def test_a_second_live_report_is_refused_until_the_first_is_returned(tree, tasks, agency_staff, district_officer):
    first = post(tasks.survey, agency_staff, tree.agency)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        post(tasks.survey, agency_staff, tree.agency, percent_done=60)
    assert messages(error) == "Your agency has already reported on this task for this period."
    assert rows() == (1, 1, 0)

    services.review_report(first, user=district_officer, accept=False, note="Bổ sung danh sách sản phẩm.")
    again = post(tasks.survey, agency_staff, tree.agency, percent_done=60)
    assert again.status == ReportStatus.SUBMITTED
    accepted = services.review_report(again, user=district_officer, accept=True)
    assert accepted.status == ReportStatus.ACCEPTED
    with pytest.raises(ValidationError):  # an accepted report is live too
        post(tasks.survey, agency_staff, tree.agency, percent_done=80)
    assert ProgressReport.objects.filter(task=tasks.survey).count() == 2


def test_another_agency_or_period_is_a_different_report(tree, tasks, agency_staff, other_agency, other_agency_staff):
    post(tasks.survey, agency_staff, tree.agency)
    post(tasks.survey, other_agency_staff, other_agency)
    post(tasks.survey, agency_staff, tree.agency, period="2020-Q2")
    assert sorted(tasks.survey.reports.values_list("agency__short_name", "period")) == [
        ("Phòng KT&HT", "2020-Q1"), ("Phòng KT&HT", "2020-Q2"), ("Phòng NN&PTNT", "2020-Q1"),
    ]  # fmt: skip


def test_percent_above_100_is_refused(tree, tasks, agency_staff):
    with pytest.raises(ValidationError) as error:
        post(tasks.survey, agency_staff, tree.agency, percent_done=101)
    assert "percent_done" in error.value.message_dict
    assert rows() == (0, 0, 0)


# --- Evidence files --------------------------------------------------------------------------------------------


def test_evidence_is_kept_with_its_checked_type(tree, tasks, agency_staff):
    report = post(tasks.survey, agency_staff, tree.agency, uploads=[pdf_upload("bien-ban-ra-soat.pdf")])
    evidence = report.evidence.get()
    assert (evidence.original_name, evidence.content_type, evidence.uploaded_by) == (
        "bien-ban-ra-soat.pdf", "application/pdf", agency_staff,
    )  # fmt: skip
    assert evidence.size > 0
    assert evidence.file.name.startswith("plans/evidence/") and evidence.file.name.endswith(".pdf")
    assert evidence.file.read(5) == b"%PDF-"


@pytest.mark.parametrize(
    "uploads",
    [
        lambda: [ContentFile(b"Bao cao tien do quy I", name="bao-cao.pdf")],  # text named .pdf
        lambda: [pdf_upload("bien-ban.pdf"), ContentFile(b"MZ\x90\x00 not a document", name="anh.jpg")],
        lambda: [pdf_upload("bien-ban.docx")],  # a PDF named .docx
        lambda: [ContentFile(b"", name="trong.pdf")],
    ],
    ids=["text-named-pdf", "one-good-one-bad", "pdf-named-docx", "empty"],
)
def test_a_bad_file_saves_nothing(tree, tasks, agency_staff, settings, uploads):
    files = uploads()
    with pytest.raises(ValidationError) as error:
        post(tasks.survey, agency_staff, tree.agency, uploads=files)
    assert files[-1].name in messages(error)
    assert rows() == (0, 0, 0)
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


# --- Review ------------------------------------------------------------------------------------------------------


@pytest.fixture
def submitted(tree, tasks, agency_staff):
    return post(tasks.survey, agency_staff, tree.agency)


def test_accepting_writes_the_history(submitted, district_officer):
    at = local_moment(date(2020, 4, 6), 14)
    report = services.review_report(submitted, user=district_officer, accept=True, note="  Đạt yêu cầu. ", at=at)
    report.refresh_from_db()
    assert (report.status, report.reviewed_by, report.reviewed_at, report.review_note) == (
        ReportStatus.ACCEPTED, district_officer, at, "Đạt yêu cầu.",
    )  # fmt: skip
    assert [(t.from_status, t.to_status, t.actor, t.at, t.note) for t in report.transitions.all()] == [
        ("", ReportStatus.SUBMITTED, submitted.submitted_by, APRIL_2, ""),
        (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, district_officer, at, "Đạt yêu cầu."),
    ]


def test_returning_needs_a_note(submitted, district_officer):
    for note in ("", "   "):
        with pytest.raises(ValidationError) as error:
            services.review_report(submitted, user=district_officer, accept=False, note=note)
        assert list(error.value.message_dict) == ["note"]
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED
    assert submitted.transitions.count() == 1

    at = local_moment(date(2020, 4, 7))
    services.review_report(submitted, user=district_officer, accept=False, note="Thiếu biên bản.", at=at)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.review_note) == (ReportStatus.RETURNED, "Thiếu biên bản.")
    last = submitted.transitions.last()
    assert (last.from_status, last.to_status, last.actor, last.at, last.note) == (
        ReportStatus.SUBMITTED, ReportStatus.RETURNED, district_officer, at, "Thiếu biên bản.",
    )  # fmt: skip


@pytest.mark.parametrize("first", [True, False], ids=["accepted", "returned"])
@pytest.mark.parametrize("second", [True, False], ids=["accept-again", "return-again"])
def test_a_reviewed_report_cannot_be_reviewed_again(submitted, district_officer, province_officer, first, second):
    services.review_report(submitted, user=district_officer, accept=first, note="Lần một.")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.review_report(submitted, user=province_officer, accept=second, note="Lần hai.")
    assert messages(error) == "This report has already been reviewed."
    submitted.refresh_from_db()
    assert submitted.status == (ReportStatus.ACCEPTED if first else ReportStatus.RETURNED)
    assert submitted.reviewed_by == district_officer
    assert submitted.transitions.count() == 2


# --- Copying a plan ---------------------------------------------------------------------------------------------


def test_copy_plan_keeps_targets_and_tasks_but_no_progress(tree, plan, tasks, agency_staff, district_officer):
    TargetFactory(plan=plan, order=1, text="100% xã có cán bộ phụ trách", measure=Measure.COMMUNES_WITH_OFFICIAL,
                  target_value=100, value_unit="%")  # fmt: skip
    TargetFactory(plan=plan, order=2, text="Tập huấn 60 cán bộ", target_value=60, value_unit="%", population=60,
                  actual_value=Decimal(45), actual_note="Theo danh sách lớp",
                  actual_updated_by=district_officer)  # fmt: skip
    leap = TaskFactory(plan=plan, section="V.3", order=4, title="Hội chợ", lead_agency=tree.agency,
                       due_date=date(2020, 2, 29), starts_on=date(2020, 2, 1))  # fmt: skip
    report = post(tasks.survey, agency_staff, tree.agency, uploads=[pdf_upload()])
    services.review_report(report, user=district_officer, accept=True)
    activity = ActivityFactory(plan=plan)
    Funding.objects.create(plan=plan, source=FundingSource.DISTRICT, amount=1_000_000, spent_on=date(2020, 5, 1),
                           activity=activity)  # fmt: skip

    copy = services.copy_plan(plan, year=2021, user=district_officer)

    assert (copy.unit, copy.year, copy.copied_from, copy.created_by) == (tree.district, 2021, plan, district_officer)
    assert copy.title == "Kế hoạch thực hiện Chương trình OCOP huyện Long Mỹ năm 2021"
    assert list(copy.targets.values_list("order", "text", "measure", "target_value", "value_unit", "population",
                                         "actual_value", "actual_note", "actual_updated_by")) == [
        (1, "100% xã có cán bộ phụ trách", Measure.COMMUNES_WITH_OFFICIAL, Decimal(100), "%", None, None, "", None),
        (2, "Tập huấn 60 cán bộ", Measure.MANUAL, Decimal(60), "%", 60, None, "", None),
    ]  # fmt: skip
    copied = {task.section: task for task in copy.tasks.all()}
    assert {section: (t.title, t.lead_agency, t.due_date, t.recurrence) for section, t in copied.items()} == {
        "V.1": (tasks.survey.title, tree.agency, date(2021, 3, 31), Recurrence.NONE),
        "V.2": (tasks.quarterly.title, tree.agency, None, Recurrence.QUARTERLY),
        "V.11": (tasks.commune.title, tasks.commune.lead_agency, date(2021, 9, 30), Recurrence.NONE),
        "V.3": (leap.title, tree.agency, date(2021, 2, 28), Recurrence.NONE),  # 29/02 → 28/02
    }
    assert copied["V.3"].starts_on == date(2021, 2, 1)  # the start date moves with the year too
    assert [list(copied[s].coordinating_agencies.all()) for s in ("V.1", "V.2", "V.11")] == [
        list(tasks.survey.coordinating_agencies.all()), [], [tree.agency],
    ]  # fmt: skip
    assert ProgressReport.objects.filter(task__plan=copy).count() == 0
    assert Activity.objects.filter(plan=copy).count() == 0
    assert Funding.objects.filter(plan=copy).count() == 0
    assert Evidence.objects.filter(task__plan=copy).count() == Evidence.objects.filter(target__plan=copy).count() == 0
    # The original is untouched.
    assert (plan.targets.count(), plan.tasks.count(), plan.activities.count(), plan.funding.count()) == (2, 4, 1, 1)
    assert ProgressReport.objects.filter(task__plan=plan).count() == 1


def test_copy_plan_refuses_a_year_that_has_a_plan(tree, plan, district_officer):
    PlanFactory(unit=tree.district, year=2021, title="Kế hoạch OCOP năm 2021")
    for year in (2021, 2020):
        with translation.override("en"), pytest.raises(ValidationError) as error:
            services.copy_plan(plan, year=year, user=district_officer)
        assert messages(error) == f"This unit already has a plan for {year}."
    assert Plan.objects.filter(unit=tree.district).count() == 2
    assert Task.objects.count() == 3 and Target.objects.count() == 0


def test_copy_plan_to_another_units_year_is_not_blocked(tree, plan, district_officer):
    PlanFactory(unit=tree.other_district, year=2021)
    copy = services.copy_plan(plan, year=2021, user=district_officer, title="Kế hoạch OCOP Long Mỹ 2021")
    assert (copy.title, copy.tasks.count()) == ("Kế hoạch OCOP Long Mỹ 2021", 3)


# --- Tasks and targets --------------------------------------------------------------------------------------------


def test_save_task_refuses_the_lead_agency_as_coordinating(tree, plan, other_agency):
    task = Task(plan=plan, title="Xây dựng video giới thiệu sản phẩm", lead_agency=tree.agency,
                due_date=date(2020, 8, 1))  # fmt: skip
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.save_task(task, coordinating=[other_agency, tree.agency])
    assert error.value.message_dict == {
        "coordinating_agencies": ["The lead agency cannot also be a coordinating agency."]
    }
    assert task.pk is None and plan.tasks.count() == 3
    saved = services.save_task(task, coordinating=[other_agency])
    assert list(saved.coordinating_agencies.all()) == [other_agency]


def test_save_task_needs_a_due_date_or_a_recurrence(tree, plan):
    with pytest.raises(ValidationError) as error:
        services.save_task(Task(plan=plan, title="Không hạn", lead_agency=tree.agency), coordinating=[])
    assert "due_date" in error.value.message_dict
    assert plan.tasks.count() == 3


def test_enter_actual_only_for_a_manual_target(plan, district_officer):
    computed = TargetFactory(plan=plan, measure=Measure.PRODUCTS_REGISTERED, value_unit="sản phẩm", target_value=5)
    with pytest.raises(ValidationError):
        services.enter_actual(computed, user=district_officer, value=Decimal(4), note="")
    computed.refresh_from_db()
    assert computed.actual_value is None

    manual = TargetFactory(plan=plan, value_unit="lớp", target_value=4)
    with pytest.raises(ValidationError):
        services.enter_actual(manual, user=district_officer, value=Decimal(3), note="Theo báo cáo",
                              uploads=[ContentFile(b"text", name="bien-ban.pdf")])  # fmt: skip
    manual.refresh_from_db()
    assert (manual.actual_value, Evidence.objects.count()) == (None, 0)
    services.enter_actual(manual, user=district_officer, value=Decimal(3), note="Theo báo cáo",
                          uploads=[pdf_upload("bien-ban.pdf")])  # fmt: skip
    manual.refresh_from_db()
    assert (manual.actual_value, manual.actual_note, manual.actual_updated_by) == (Decimal(3), "Theo báo cáo",
                                                                                    district_officer)  # fmt: skip
    assert manual.evidence.get().original_name == "bien-ban.pdf"
