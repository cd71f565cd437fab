"""The commune's pre-assessment under QĐ 1489 (issue 16 item 3): the officer scores the criteria the sheet assigns to
the commune, the chairman confirms or returns, the commune proposes, and the province round takes the proposal."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from org.enums import Role
from org.tests.factories import CommuneFactory, ProvinceFactory, UserFactory, member
from products.enums import DocumentKind, ProductStatus
from products.models import ProductSet
from products.tests.factories import ProducerFactory, ProductFactory, add_document
from rating import preassessment, workflow
from rating.enums import RoundLevel, RoundStatus, SeatRole
from rating.forms import EntryForm
from rating.models import (
    CouncilSeat,
    PreAssessmentStatus,
    ProvinceProcedure,
    Round,
    RuleSet,
)
from rating.tests.factories import load_148_test_sheet

pytestmark = pytest.mark.django_db
S = PreAssessmentStatus


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def can_tho(db):
    """A province without districts (two tiers): thành phố Cần Thơ and two communes directly under it."""
    load_148_test_sheet()
    city = ProvinceFactory(code="92", name="Cần Thơ", kind="thanh_pho_tw")
    commune = CommuneFactory(code="31471", name="Vĩnh Viễn", parent=city)
    other = CommuneFactory(code="31473", name="Lương Tâm", parent=city)
    people = {
        "officer": member(Role.COMMUNE_OFFICIAL, commune, username="xa.vinhvien"),
        "chairman": member(Role.LEADERSHIP, commune, username="chutich.vinhvien"),
        "outsider": member(Role.COMMUNE_OFFICIAL, other, username="xa.luongtam"),
        "province": member(Role.PROVINCE_OFFICER, city, username="so.nnmt.cantho"),
        "leader": member(Role.LEADERSHIP, city, username="lanhdao.cantho"),
    }
    product = ProductFactory(producer=ProducerFactory(commune=commune), status=ProductStatus.READY,
                             name="Khóm Vĩnh Viễn")  # fmt: skip
    return {"city": city, "commune": commune, "product": product, "set": ProductSet.objects.get(
        scheme="148/QĐ-TTg", number=1), **people}  # fmt: skip


def answered(can_tho, item=None):
    item = item or preassessment.start(can_tho["product"], user=can_tho["officer"], product_set=can_tho["set"])
    criteria = preassessment.pre_assessed_criteria(item.rule_set, item.product_set)
    assert [c.number for c in criteria] == ["1.1"]  # only what the sheet marks for the commune
    best = max(criteria[0].options.all(), key=lambda o: o.points)
    report = add_document(can_tho["product"], can_tho["officer"], kind=DocumentKind.SELF_ASSESSMENT)
    return preassessment.save_answers(item, user=can_tho["officer"], chosen={criteria[0].pk: best.pk},
                                      self_assessment=report, note="Nguyên liệu tại xã")  # fmt: skip


def test_the_commune_pre_assesses_the_chairman_confirms_and_the_commune_proposes(can_tho):
    item = preassessment.start(can_tho["product"], user=can_tho["officer"], product_set=can_tho["set"])
    assert item.rule_set.code == "148+1489/QĐ-TTg" and item.commune == can_tho["commune"]
    submit = preassessment.STEPS["submit"]
    assert "Assess every criterion first (missing: 1.1)" in preassessment.problem_of(item, submit)
    item = answered(can_tho, item)
    assert item.points == 40
    with pytest.raises(PermissionDenied):
        preassessment.apply(item, "submit", user=can_tho["chairman"])
    preassessment.apply(item, "submit", user=can_tho["officer"])
    with pytest.raises(ValidationError, match="Say why"):
        preassessment.apply(item, "return", user=can_tho["chairman"])
    preassessment.apply(item, "return", user=can_tho["chairman"], note="Bổ sung báo cáo tự đánh giá")
    preassessment.apply(item, "submit", user=can_tho["officer"])
    with pytest.raises(PermissionDenied):
        preassessment.apply(item, "confirm", user=can_tho["officer"])  # the officer cannot confirm their own
    preassessment.apply(item, "confirm", user=can_tho["chairman"])
    item = preassessment.apply(item, "propose", user=can_tho["officer"])
    assert item.status == S.PROPOSED
    steps = [(t.from_status, t.to_status, t.actor.username, t.note) for t in item.transitions.all()]
    assert steps == [
        ("", "draft", "xa.vinhvien", ""), ("draft", "submitted", "xa.vinhvien", ""),
        ("submitted", "draft", "chutich.vinhvien", "Bổ sung báo cáo tự đánh giá"),
        ("draft", "submitted", "xa.vinhvien", ""), ("submitted", "confirmed", "chutich.vinhvien", ""),
        ("confirmed", "proposed", "xa.vinhvien", ""),
    ]  # fmt: skip


def test_the_province_round_takes_the_communes_proposals(can_tho):
    item = answered(can_tho)
    for action, who in (("submit", "officer"), ("confirm", "chairman"), ("propose", "officer")):
        preassessment.apply(item, action, user=can_tho[who])
    round_ = Round.objects.create(level=RoundLevel.PROVINCE, unit=can_tho["city"], year=2026, number=1,
                                  rule_set=RuleSet.objects.get(code="148+1489/QĐ-TTg"), created_by=can_tho["province"],
                                  meeting_date=date(2026, 11, 20))  # fmt: skip
    form = EntryForm(round_=round_)
    assert "product" not in form.fields  # under 1489 the province takes what the communes proposed
    assert [label for _v, label in form.fields["proposal"].choices][1].startswith("Khóm Vĩnh Viễn")
    form = EntryForm({"proposal": str(item.pk)}, round_=round_)
    assert form.is_valid(), form.errors
    entry = preassessment.enter(round_, form.cleaned_data["proposal_entry"], user=can_tho["province"])
    item.refresh_from_db()
    assert (item.status, item.entry, entry.product_set) == (S.ENTERED, entry, can_tho["set"])
    assert list(preassessment.proposals_for(round_)) == []


def test_the_provinces_advisory_check_comes_before_scoring(can_tho):
    round_ = Round.objects.create(level=RoundLevel.PROVINCE, unit=can_tho["city"], year=2026, number=1,
                                  rule_set=RuleSet.objects.get(code="148+1489/QĐ-TTg"), created_by=can_tho["province"],
                                  status=RoundStatus.ACCEPTING)  # fmt: skip
    for index in range(9):
        CouncilSeat.objects.create(round=round_, user=UserFactory(),
                                   role=SeatRole.CHAIR if index == 0 else SeatRole.MEMBER)  # fmt: skip
    round_.entries.create(product=can_tho["product"], product_set=can_tho["set"])
    start = workflow.TRANSITIONS[("start_scoring", RoundStatus.ACCEPTING)]
    assert workflow.first_problem(round_, start) is None
    ProvinceProcedure.objects.create(province=can_tho["city"], advisory_check=True)
    assert "advisory team" in workflow.first_problem(round_, start) and "Khóm Vĩnh Viễn" in workflow.first_problem(
        round_, start
    )
    round_.entries.update(dossier_checked=True)
    assert workflow.first_problem(round_, start) is None


def test_the_pages_follow_the_scope(can_tho, client_for):
    item = answered(can_tho)
    officer = client_for(can_tho["officer"], "en")
    body = officer.get(reverse("rating:pre_assessment_list")).content.decode()
    assert "Khóm Vĩnh Viễn" in body and f'data-pre-assessment="{item.pk}"' in body
    detail = reverse("rating:pre_assessment_detail", args=[item.pk])
    body = officer.get(detail).content.decode()
    assert 'name="c' in body and "Send to the commune chairman" in body
    assert client_for(can_tho["outsider"]).get(detail).status_code == 404
    step = reverse("rating:pre_assessment_step", args=[item.pk, "submit"])
    assert client_for(can_tho["leader"]).post(step).status_code == 403  # reads the province, does not act
    item.refresh_from_db()
    assert item.status == S.DRAFT
    response = officer.post(step)
    item.refresh_from_db()
    assert response.status_code == 302 and item.status == S.SUBMITTED
    body = client_for(can_tho["chairman"], "en").get(detail).content.decode()
    assert "Confirm the pre-assessment" in body and 'id="points">40' in body


def test_the_officer_uploads_the_self_assessment_report_with_the_answers(can_tho, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from products.demo import demo_pdf

    item = preassessment.start(can_tho["product"], user=can_tho["officer"], product_set=can_tho["set"])
    criterion = preassessment.pre_assessed_criteria(item.rule_set, item.product_set)[0]
    best = max(criterion.options.all(), key=lambda o: o.points)
    client = client_for(can_tho["officer"], "en")
    url = reverse("rating:pre_assessment_detail", args=[item.pk])
    upload = SimpleUploadedFile("bao-cao.pdf", demo_pdf("Bao cao"), "application/pdf")
    response = client.post(url, {f"c{criterion.pk}": best.pk, "upload": upload, "note": "Đủ"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.self_assessment.kind == DocumentKind.SELF_ASSESSMENT and item.self_assessment.product == item.product
    assert item.answers == {str(criterion.pk): best.pk} and item.note == "Đủ"
    fake = SimpleUploadedFile("fake.pdf", b"not a pdf at all", "application/pdf")
    response = client.post(url, {f"c{criterion.pk}": best.pk, "upload": fake})
    assert response.status_code == 200  # refused, the page says why, nothing changes
    item.refresh_from_db()
    assert item.self_assessment.original_name == "bao-cao.pdf"
