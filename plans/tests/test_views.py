"""The plan screens with the triad: the district office manages, the district's agencies and communes read
and report on their own tasks, leadership reads only (403 on writes), another district's people get 404."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from org.enums import Role
from org.tests.factories import AgencyFactory, member
from plans.enums import ReportStatus
from plans.models import Evidence, ProgressReport, ReportTransition, Task
from plans.tests.factories import ProgressReportFactory
from products.demo import demo_pdf
from products.tests.factories import page_of

pytestmark = pytest.mark.django_db


def pdf(name="bao-cao-quy-3.pdf"):
    return SimpleUploadedFile(name, demo_pdf("Bao cao quy"), content_type="application/pdf")


@pytest.fixture
def far_staff(tree):
    """Staff of an agency of another district: an outsider to the plan."""
    return member(Role.AGENCY_STAFF, AgencyFactory(unit=tree.other_district, name="Phòng KT&HT Vị Thủy"),
                  username="coquan.vithuy")  # fmt: skip


@pytest.fixture
def far_official(tree):
    return member(Role.COMMUNE_OFFICIAL, tree.far_commune, username="xa.vithang")


def read_urls(plan, tasks):
    return {
        "plan": reverse("plans:plan_detail", args=[plan.pk]),
        "dashboard": reverse("plans:dashboard", args=[plan.pk]),
        "task": reverse("plans:task_detail", args=[tasks.survey.pk]),
        "activities": reverse("plans:activity_list", args=[plan.pk]),
        "funding": reverse("plans:funding_list", args=[plan.pk]),
        "export": reverse("plans:task_export", args=[plan.pk]),
    }


READERS = ["district_officer", "province_officer", "leadership", "agency_staff", "other_agency_staff",
           "commune_official", "other_commune_official"]  # fmt: skip


@pytest.mark.parametrize("who", READERS)
def test_the_district_its_agencies_and_communes_read_the_plan(request, client_for, plan, tasks, who):
    client = client_for(request.getfixturevalue(who))
    for name, url in read_urls(plan, tasks).items():
        response = client.get(url)
        assert response.status_code == 200, (name, who)
        if name != "export":
            assert "Rà soát, đánh giá các sản phẩm hiện có" in response.content.decode() or name in (
                "activities", "funding",
            ), name  # fmt: skip
    assert plan.title in page_of(client, reverse("plans:plan_list"))


@pytest.mark.parametrize("who", ["far_staff", "far_official"])
def test_people_of_another_district_find_nothing(request, client_for, plan, tasks, who):
    client = client_for(request.getfixturevalue(who))
    report = ProgressReportFactory(task=tasks.survey)
    urls = [*read_urls(plan, tasks).values(), reverse("plans:report_add", args=[tasks.survey.pk]),
            reverse("plans:plan_edit", args=[plan.pk]), reverse("plans:task_edit", args=[tasks.survey.pk])]  # fmt: skip
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("plans:report_review", args=[report.pk]), {"decision": "accept"}).status_code == 404
    assert plan.title not in page_of(client, reverse("plans:plan_list"))


def test_leadership_reads_but_cannot_write(client_for, leadership, plan, tasks):
    client = client_for(leadership)
    report = ProgressReportFactory(task=tasks.survey)
    for url in [reverse("plans:plan_edit", args=[plan.pk]), reverse("plans:task_add", args=[plan.pk]),
                reverse("plans:target_add", args=[plan.pk]), reverse("plans:plan_copy", args=[plan.pk]),
                reverse("plans:funding_add", args=[plan.pk]), reverse("plans:activity_add", args=[plan.pk]),
                reverse("plans:report_add", args=[tasks.survey.pk]), reverse("plans:plan_add")]:  # fmt: skip
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("plans:report_review", args=[report.pk]), {"decision": "accept"}).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert "Chấp nhận" not in page_of(client, reverse("plans:task_detail", args=[tasks.survey.pk]))


def test_only_the_lead_or_coordinating_agencies_post(client_for, agency_staff, other_agency_staff, tree, plan, tasks):
    # Phòng NN&PTNT coordinates the survey but has nothing to do with the quarterly duty of Phòng KT&HT.
    other = client_for(other_agency_staff)
    quarterly = reverse("plans:report_add", args=[tasks.quarterly.pk])
    assert other.get(quarterly).status_code == 403
    assert other.post(quarterly, {"period": "2020-Q1", "percent_done": 10, "text": "x"}).status_code == 403
    assert not ProgressReport.objects.exists()
    page = page_of(other, reverse("plans:task_detail", args=[tasks.quarterly.pk]))
    assert "Gửi báo cáo" not in page
    page = page_of(other, reverse("plans:task_detail", args=[tasks.survey.pk]))
    assert "Gửi báo cáo" in page  # coordinating: may post


def test_agency_staff_post_a_report_with_a_file(client_for, agency_staff, tree, plan, tasks):
    client = client_for(agency_staff)
    url = reverse("plans:report_add", args=[tasks.quarterly.pk])
    response = client.post(url, {"agency": tree.agency.pk, "period": "2020-Q3", "percent_done": 75,
                                 "text": "Đã hỗ trợ 04 chủ thể tham gia hội chợ tỉnh.", "figures": "04 chủ thể",
                                 "files": [pdf()]})  # fmt: skip
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.agency, report.period, report.percent_done, report.status) == (
        tree.agency, "2020-Q3", 75, ReportStatus.SUBMITTED,
    )  # fmt: skip
    assert report.evidence.get().original_name == "bao-cao-quy-3.pdf"
    assert list(report.transitions.values_list("to_status", "actor")) == [(ReportStatus.SUBMITTED, agency_staff.pk)]
    page = page_of(client, reverse("plans:task_detail", args=[tasks.quarterly.pk]))
    assert "Đã hỗ trợ 04 chủ thể tham gia hội chợ tỉnh." in page and "bao-cao-quy-3.pdf" in page
    assert "Chờ xem xét" in page
    file_response = client.get(reverse("plans:evidence_file", args=[report.evidence.get().pk]))
    assert b"".join(file_response.streaming_content).startswith(b"%PDF-")


def test_a_file_that_is_not_what_it_says_saves_nothing(client_for, agency_staff, tree, plan, tasks):
    client = client_for(agency_staff)
    fake = SimpleUploadedFile("bao-cao.pdf", b"just some text, not a PDF", content_type="application/pdf")
    response = client.post(reverse("plans:report_add", args=[tasks.quarterly.pk]),
                           {"agency": tree.agency.pk, "period": "2020-Q1", "percent_done": 10, "text": "Báo cáo",
                            "files": [pdf("tot.pdf"), fake]})  # fmt: skip
    assert response.status_code == 200
    assert "bao-cao.pdf" in response.content.decode()
    assert "không thuộc các định dạng được chấp nhận" in response.content.decode()
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


def test_a_percentage_above_100_is_refused(client_for, agency_staff, tree, plan, tasks):
    response = client_for(agency_staff).post(reverse("plans:report_add", args=[tasks.quarterly.pk]),
                                             {"agency": tree.agency.pk, "period": "2020-Q1", "percent_done": 140,
                                              "text": "Báo cáo"})  # fmt: skip
    assert response.status_code == 200
    assert "nhỏ hơn hoặc bằng với 100" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_the_commune_official_reports_for_the_communes_people_committee(
    client_for, commune_official, plan, tasks, commune_agency, other_commune_official
):
    url = reverse("plans:report_add", args=[tasks.commune.pk])
    assert client_for(other_commune_official).get(url).status_code == 403
    data = {"agency": commune_agency.pk, "period": "2020-Q2", "percent_done": 40, "text": "Đã hướng dẫn 3 chủ thể."}
    response = client_for(commune_official).post(url, data)
    assert response.status_code == 302
    assert ProgressReport.objects.get().agency == commune_agency


def test_the_district_officer_accepts_or_returns_with_history(client_for, district_officer, plan, tasks):
    client = client_for(district_officer)
    first = ProgressReportFactory(task=tasks.quarterly, period="2020-Q1")
    second = ProgressReportFactory(task=tasks.quarterly, period="2020-Q2")
    review = lambda report, data: client.post(reverse("plans:report_review", args=[report.pk]), data)  # noqa: E731
    assert review(first, {"decision": "accept"}).status_code == 302
    review(second, {"decision": "return", "note": ""})
    second.refresh_from_db()
    assert second.status == ReportStatus.SUBMITTED  # a return needs a note
    review(second, {"decision": "return", "note": "Bổ sung số liệu hội chợ."})
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
    step = ReportTransition.objects.get(report=second)
    assert (step.from_status, step.to_status, step.actor, step.note) == (
        ReportStatus.SUBMITTED, ReportStatus.RETURNED, district_officer, "Bổ sung số liệu hội chợ.",
    )  # fmt: skip
    page = page_of(client, reverse("plans:task_detail", args=[tasks.quarterly.pk]))
    assert "Bổ sung số liệu hội chợ." in page and "Trả lại để sửa" in page


def test_the_export_holds_status_and_latest_progress(client_for, district_officer, plan, tasks):
    ProgressReportFactory(task=tasks.commune, period="2020-Q2", percent_done=100, status=ReportStatus.ACCEPTED,
                          text="Hoàn thành hướng dẫn hồ sơ.")  # fmt: skip
    response = client_for(district_officer).get(reverse("plans:task_export", args=[plan.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("Mục", "Nhiệm vụ", "Cơ quan chủ trì")
    by_title = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    commune = by_title["Hướng dẫn chủ thể hoàn thiện hồ sơ đăng ký sản phẩm"]
    assert commune["Trạng thái"] == "Đã xong" and commune["% hoàn thành"] == 100
    assert commune["Báo cáo gần nhất: nội dung"] == "Hoàn thành hướng dẫn hồ sơ."
    assert by_title["Rà soát, đánh giá các sản phẩm hiện có"]["Trạng thái"] == "Quá hạn"
    assert by_title["Rà soát, đánh giá các sản phẩm hiện có"]["Hạn hoặc định kỳ"] == "31/03/2020"


def test_a_funding_line_against_the_rules_is_refused_in_vietnamese(client_for, district_officer, tree, plan):
    from org.tests.factories import CommuneFactory
    from plans.tests.factories import FundingRuleFactory
    from products.tests.factories import ProductFactory

    township = CommuneFactory(code="31489", name="Vĩnh Viễn", kind="thi_tran", parent=tree.district)
    product = ProductFactory(commune=township, producer__commune=township)
    FundingRuleFactory(unit=tree.district)
    response = client_for(district_officer).post(reverse("plans:funding_add", args=[plan.pk]), {
        "source": "programme", "programme": "Chương trình MTQG xây dựng nông thôn mới", "amount": "50.000.000",
        "spent_on": "20/05/2020", "product": product.pk,
    })  # fmt: skip
    assert response.status_code == 200
    assert "Vĩnh Viễn là một thị trấn" in response.content.decode()
    assert not plan.funding.exists()


def test_copying_a_plan_into_a_new_year(client_for, district_officer, plan, tasks):
    response = client_for(district_officer).post(reverse("plans:plan_copy", args=[plan.pk]),
                                                 {"year": 2021, "title": "Kế hoạch OCOP năm 2021"})  # fmt: skip
    assert response.status_code == 302
    copy = plan.unit.plans.get(year=2021)
    assert copy.tasks.count() == 3 and not ProgressReport.objects.filter(task__plan=copy).exists()
    assert Task.objects.get(plan=copy, section="V.1").due_date.isoformat() == "2021-03-31"


def test_home_pages_say_what_the_plan_asks(client_for, agency_staff, district_officer, leadership, tasks):
    """Agency staff: their overdue tasks; the district officer: reports waiting, linking to the plan's dashboard."""
    ProgressReportFactory(task=tasks.commune, period="2020-Q1")
    ProgressReportFactory(task=tasks.commune, period="2020-Q2")
    agency_home = page_of(client_for(agency_staff), reverse("role_home", args=["agency_staff"]))
    assert "3 nhiệm vụ kế hoạch đã quá hạn" in agency_home  # 2020 is over: two it leads, one it coordinates
    office_home = page_of(client_for(district_officer), reverse("role_home", args=["district_officer"]))
    dashboard = reverse("plans:dashboard", args=[tasks.commune.plan_id])
    assert "2 báo cáo tiến độ đang chờ xem xét" in office_home and f'href="{dashboard}"' in office_home
    assert 'id="plan-alerts"' not in page_of(client_for(leadership), reverse("role_home", args=["leadership"]))
