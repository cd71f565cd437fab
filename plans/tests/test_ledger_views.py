"""Targets, tasks, activities and funding through their forms: who may write, what bad input gets."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.enums import ActivityKind, Audience, Measure
from plans.models import Activity, Evidence, Target, Task
from plans.tests.factories import ActivityFactory, TargetFactory
from products.demo import demo_pdf
from products.tests.factories import page_of

pytestmark = pytest.mark.django_db


def test_the_office_adds_a_task_and_the_lead_cannot_coordinate(client_for, district_officer, tree, plan,
                                                                other_agency):  # fmt: skip
    client = client_for(district_officer)
    url = reverse("plans:task_add", args=[plan.pk])
    data = {"section": "V.2", "order": 5, "title": "Hỗ trợ đăng ký mã số, mã vạch", "lead_agency": tree.agency.pk,
            "coordinating_agencies": [tree.agency.pk, other_agency.pk], "due_date": "30/11/2020"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Cơ quan chủ trì không thể đồng thời là cơ quan phối hợp." in response.content.decode()
    assert not Task.objects.filter(title=data["title"]).exists()
    data["coordinating_agencies"] = [other_agency.pk]
    assert client.post(url, data).status_code == 302
    task = Task.objects.get(title=data["title"])
    assert task.due_date.isoformat() == "2020-11-30" and list(task.coordinating_agencies.all()) == [other_agency]


def test_a_task_needs_a_due_date_or_a_recurrence(client_for, district_officer, tree, plan):
    url = reverse("plans:task_add", args=[plan.pk])
    response = client_for(district_officer).post(url, {"title": "Nhiệm vụ không hạn", "lead_agency": tree.agency.pk})
    assert response.status_code == 200
    assert "Hãy đặt hạn hoàn thành cho nhiệm vụ hoặc cho nhiệm vụ lặp lại." in response.content.decode()
    assert not Task.objects.filter(title="Nhiệm vụ không hạn").exists()


def test_the_office_enters_a_targets_figure_with_evidence(client_for, district_officer, plan):
    target = TargetFactory(plan=plan, text="Củng cố, kiện toàn các hợp tác xã", target_value=4, value_unit="HTX")
    client = client_for(district_officer)
    upload = SimpleUploadedFile("bien-ban-htx.pdf", demo_pdf("Bien ban"), content_type="application/pdf")
    data = {"actual_value": "3", "actual_note": "Theo báo cáo của Liên minh HTX", "files": [upload]}
    response = client.post(reverse("plans:target_actual", args=[target.pk]), data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.actual_value == 3 and target.actual_updated_by == district_officer
    assert Evidence.objects.get(target=target).original_name == "bien-ban-htx.pdf"
    page = page_of(client, reverse("plans:plan_detail", args=[plan.pk]))
    assert "bien-ban-htx.pdf" in page and "Theo báo cáo của Liên minh HTX" in page


def test_a_computed_target_has_no_figure_to_enter(client_for, district_officer, plan):
    target = TargetFactory(plan=plan, measure=Measure.PRODUCTS_REGISTERED, value_unit="sản phẩm")
    response = client_for(district_officer).post(reverse("plans:target_actual", args=[target.pk]),
                                                 {"actual_value": "9"})  # fmt: skip
    assert response.status_code == 200
    assert "được tính từ dữ liệu" in response.content.decode()
    assert Target.objects.get(pk=target.pk).actual_value is None


def test_agency_staff_record_their_own_agencys_activity_only(client_for, agency_staff, tree, plan, other_agency):
    client = client_for(agency_staff)
    url = reverse("plans:activity_add", args=[plan.pk])
    form = page_of(client, url)
    assert f'value="{tree.agency.pk}"' in form and f'value="{other_agency.pk}"' not in form
    data = {"kind": ActivityKind.MEDIA, "title": "Chuyên mục Mỗi xã một sản phẩm", "held_on": "15/05/2020",
            "organiser": other_agency.pk, "media_kind": "radio_column"}  # fmt: skip
    assert client.post(url, data).status_code == 200  # another agency as organiser: not a valid choice
    assert not Activity.objects.exists()
    data["organiser"] = tree.agency.pk
    assert client.post(url, data).status_code == 302
    mine = Activity.objects.get()
    theirs = ActivityFactory(plan=plan, organiser=other_agency)
    assert client.get(reverse("plans:activity_edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("plans:activity_edit", args=[theirs.pk])).status_code == 403


def test_a_training_needs_its_audience_and_participants(client_for, district_officer, plan):
    client = client_for(district_officer)
    url = reverse("plans:activity_add", args=[plan.pk])
    response = client.post(url, {"kind": ActivityKind.TRAINING, "title": "Tập huấn OCOP", "held_on": "10/06/2020"})
    assert response.status_code == 200
    assert "Hãy cho biết số người tham dự." in response.content.decode()
    assert not Activity.objects.exists()
    response = client.post(url, {"kind": ActivityKind.TRAINING, "title": "Tập huấn OCOP", "held_on": "10/06/2020",
                                 "audience": Audience.OFFICIALS, "participants": 35, "cost": "12.500.000"})  # fmt: skip
    assert response.status_code == 302
    assert Activity.objects.get().cost == 12_500_000
    assert "12.500.000" in page_of(client, reverse("plans:activity_list", args=[plan.pk]))


def test_the_office_records_funding_and_sees_totals_by_source(client_for, district_officer, plan):
    client = client_for(district_officer)
    url = reverse("plans:funding_add", args=[plan.pk])
    for source, amount in (("district", "30.000.000"), ("district", "20.000.000"), ("own", "150.000.000")):
        data = {"source": source, "amount": amount, "spent_on": "20/05/2020", "description": "Hỗ trợ bao bì"}
        assert client.post(url, data).status_code == 302
    page = page_of(client, reverse("plans:funding_list", args=[plan.pk]))
    assert "50.000.000" in page and "200.000.000" in page
    response = client.post(url, {"source": "programme", "amount": "1.000.000", "spent_on": "20/05/2020",
                                 "description": "x"})  # fmt: skip
    assert "Hãy ghi tên chương trình lồng ghép." in response.content.decode()
    response = client.post(url, {"source": "district", "amount": "0", "spent_on": "20/05/2020", "description": "x"})
    assert response.status_code == 200 and plan.funding.count() == 3


def test_agency_staff_and_leadership_cannot_record_funding(client_for, agency_staff, leadership, plan):
    for user in (agency_staff, leadership):
        data = {"source": "district", "amount": "1000", "spent_on": "20/05/2020"}
        response = client_for(user).post(reverse("plans:funding_add", args=[plan.pk]), data)
        assert response.status_code == 403
    assert not plan.funding.exists()


def test_the_office_corrects_a_funding_line_under_the_same_rules(client_for, district_officer, leadership, plan):
    from datetime import date

    from plans import services
    from plans.tests.factories import funding_line

    line = services.record_funding(funding_line(plan, description="Hỗ trợ bao bì"), user=district_officer)
    url = reverse("plans:funding_edit", args=[line.pk])
    assert client_for(leadership).get(url).status_code == 403
    client = client_for(district_officer)
    data = {"source": "district", "amount": "35.000.000", "spent_on": "20/05/2020", "description": "Hỗ trợ bao bì"}
    assert client.post(url, data).status_code == 302
    line.refresh_from_db()
    assert line.amount == 35_000_000 and line.spent_on == date(2020, 5, 20)
    assert client.post(url, {**data, "spent_on": "20/05/2021"}).status_code == 200
    line.refresh_from_db()
    assert line.spent_on == date(2020, 5, 20)


def test_only_the_unit_that_set_a_rule_lifts_it(client_for, district_officer, province_officer, leadership, tree):
    from plans.models import FundingRule
    from plans.tests.factories import FundingRuleFactory

    province_rule = FundingRuleFactory(unit=tree.province)
    district_rule = FundingRuleFactory(unit=tree.district, programme="Chương trình khác")
    page = page_of(client_for(district_officer), reverse("plans:funding_rules"))
    assert page.count("/delete/") == 1  # the district sees the province's rule but lifts only its own
    delete = lambda rule: reverse("plans:funding_rule_delete", args=[rule.pk])  # noqa: E731
    assert client_for(district_officer).post(delete(province_rule)).status_code == 403
    assert client_for(leadership).post(delete(district_rule)).status_code == 403
    assert client_for(district_officer).post(delete(district_rule)).status_code == 302
    assert list(FundingRule.objects.all()) == [province_rule]
    assert client_for(province_officer).post(delete(province_rule)).status_code == 302
