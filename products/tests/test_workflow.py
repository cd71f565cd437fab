"""The whole transition table, allowed and refused, with the history rows it writes."""

from itertools import product as cartesian

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from products import workflow
from products.enums import DocumentKind, ProductStatus
from products.models import BusinessPlan, ProductTransition
from products.tests.factories import ProducerFactory, ProductFactory, add_document, pdf_upload

pytestmark = pytest.mark.django_db

ACTORS = ["commune_official", "district_officer", "province_officer", "leadership", "other_commune_official"]
# Who is on each side for a product of `commune`: the commune side registers, the district side reviews.
SIDES = {
    workflow.REGISTRANT: {"commune_official", "district_officer", "province_officer"},
    workflow.REVIEWER: {"district_officer", "province_officer"},
}


def ready_to_move(product, user):
    """Satisfy every check, so that only the table decides."""
    add_document(product, user, DocumentKind.REGISTRATION_FORM)
    add_document(product, user, DocumentKind.ORGANISATION_PROFILE)
    plan_file = add_document(product, user, DocumentKind.BUSINESS_PLAN)
    BusinessPlan.objects.create(product=product, investment=100, document=plan_file)


@pytest.mark.parametrize(
    ("status", "action", "actor"), list(cartesian(ProductStatus.values, list(workflow.TRANSITIONS), ACTORS))
)
def test_transition_table(request, tree, status, action, actor):
    user = request.getfixturevalue(actor)
    owner = request.getfixturevalue("commune_official")
    product = ProductFactory(producer=ProducerFactory(commune=tree.commune), created_by=owner)
    ready_to_move(product, owner)
    product.status = status
    product.save()
    transition = workflow.TRANSITIONS[action]
    before = ProductTransition.objects.count()

    allowed_side = actor in SIDES[transition.side]
    allowed = allowed_side and status in transition.sources
    if allowed:
        moved = workflow.apply(product, action, user=user, note="Ghi chú kiểm tra")
        assert moved.status == transition.target
        step = ProductTransition.objects.latest("pk")
        assert (step.from_status, step.to_status, step.actor, step.note) == (
            status,
            transition.target,
            user,
            "Ghi chú kiểm tra",
        )
    else:
        expected = ValidationError if allowed_side else PermissionDenied
        with pytest.raises(expected):
            workflow.apply(product, action, user=user, note="Ghi chú kiểm tra")
        product.refresh_from_db()
        assert product.status == status
        assert ProductTransition.objects.count() == before


def test_the_table_leads_from_draft_to_ready_and_only_rejected_is_final():
    reachable, frontier = {ProductStatus.DRAFT}, [ProductStatus.DRAFT]
    while frontier:
        status = frontier.pop()
        for t in workflow.TRANSITIONS.values():
            if status in t.sources and t.target not in reachable:
                reachable.add(t.target)
                frontier.append(t.target)
    assert reachable == set(ProductStatus.values)
    finals = {s for s in ProductStatus.values if not any(s in t.sources for t in workflow.TRANSITIONS.values())}
    assert finals == {ProductStatus.REJECTED}


@pytest.fixture
def idea(tree, commune_official):
    return ProductFactory(producer=ProducerFactory(commune=tree.commune), created_by=commune_official)


def test_first_submission_numbers_the_product_in_its_district(tree, commune_official, district_officer, idea):
    year = timezone.localdate().year
    add_document(idea, commune_official)
    workflow.apply(idea, "submit", user=commune_official)
    idea.refresh_from_db()
    assert idea.code == f"93-936-001-{year}"
    assert idea.submitted_at is not None

    other = ProductFactory(producer=ProducerFactory(commune=tree.other_commune))
    add_document(other, district_officer)
    workflow.apply(other, "submit", user=district_officer)
    other.refresh_from_db()
    assert other.code == f"93-936-002-{year}"

    far = ProductFactory(producer=ProducerFactory(commune=tree.far_commune))
    add_document(far, district_officer)
    with pytest.raises(PermissionDenied):  # Vị Thủy is not Long Mỹ's
        workflow.apply(far, "submit", user=district_officer)


def test_resubmission_keeps_the_code_and_the_return_note_is_kept(commune_official, district_officer, idea):
    add_document(idea, commune_official)
    workflow.apply(idea, "submit", user=commune_official)
    code = idea.__class__.objects.get(pk=idea.pk).code
    workflow.apply(idea, "return", user=district_officer, note="Bổ sung giá bán dự kiến")
    workflow.apply(idea, "resubmit", user=commune_official)
    idea.refresh_from_db()
    assert idea.code == code
    notes = list(idea.transitions.values_list("to_status", "note"))
    assert ("returned", "Bổ sung giá bán dự kiến") in notes


def test_return_and_reject_need_a_note(commune_official, district_officer, idea):
    add_document(idea, commune_official)
    workflow.apply(idea, "submit", user=commune_official)
    for action in ("return", "reject"):
        with pytest.raises(ValidationError, match="Write a note|Hãy ghi"):
            workflow.apply(idea, action, user=district_officer, note="   ")
    idea.refresh_from_db()
    assert idea.status == ProductStatus.SUBMITTED


def test_a_rejected_idea_cannot_be_resubmitted(commune_official, district_officer, idea):
    add_document(idea, commune_official)
    workflow.apply(idea, "submit", user=commune_official)
    workflow.apply(idea, "reject", user=district_officer, note="Nguyên liệu ngoài tỉnh")
    for action in ("submit", "resubmit"):
        with pytest.raises(ValidationError, match="rejected|không được chấp nhận") as error:
            workflow.apply(idea, action, user=commune_official)
        assert error.value.code == "wrong_status"
    idea.refresh_from_db()
    assert idea.status == ProductStatus.REJECTED


def test_submission_needs_the_registration_form(commune_official, idea):
    with pytest.raises(ValidationError, match="Registration form|Phiếu đăng ký"):
        workflow.apply(idea, "submit", user=commune_official)
    idea.refresh_from_db()
    assert (idea.status, idea.code) == (ProductStatus.DRAFT, "")


def test_ready_for_rating_needs_every_required_document_unexpired(settings, commune_official, district_officer, idea):
    settings.DOSSIER_REQUIRED_DOCUMENTS = ["registration_form", "food_safety"]
    add_document(idea, commune_official)
    add_document(idea, commune_official, DocumentKind.FOOD_SAFETY, expires_on=timezone.localdate().replace(year=2020))
    idea.status = ProductStatus.IMPLEMENTING
    idea.save()
    with pytest.raises(ValidationError, match="Food safety|an toàn thực phẩm"):
        workflow.apply(idea, "mark_ready", user=district_officer)
    add_document(idea, commune_official, DocumentKind.FOOD_SAFETY, expires_on=timezone.localdate())
    assert workflow.apply(idea, "mark_ready", user=district_officer).status == ProductStatus.READY


def test_the_business_plan_must_be_there_before_it_is_submitted(commune_official, idea):
    idea.status = ProductStatus.ACCEPTED
    idea.save()
    with pytest.raises(ValidationError, match="Biểu 03"):
        workflow.apply(idea, "submit_plan", user=commune_official)


def test_the_district_cannot_accept_an_idea_whose_form_was_removed(commune_official, district_officer, idea):
    from products import services

    form = add_document(idea, commune_official)
    workflow.apply(idea, "submit", user=commune_official)
    services.delete_document(form)
    with pytest.raises(ValidationError, match="Phiếu đăng ký|Registration form"):
        workflow.apply(idea, "accept", user=district_officer)


def test_a_plan_whose_file_was_removed_cannot_be_approved(commune_official, district_officer, idea):
    from products import services

    idea.status = ProductStatus.ACCEPTED
    idea.save()
    services.save_business_plan(BusinessPlan(product=idea, investment=10), user=commune_official,
                                upload=pdf_upload())  # fmt: skip
    workflow.apply(idea, "submit_plan", user=commune_official)
    services.delete_document(idea.business_plan.document)
    with pytest.raises(ValidationError, match="Biểu 03"):
        workflow.apply(idea, "approve_plan", user=district_officer)


def test_an_edit_made_on_a_stale_page_cannot_undo_a_submission(commune_official, idea):
    from products import services

    stale = type(idea).objects.get(pk=idea.pk)  # the edit form loaded it while still a draft
    add_document(idea, commune_official)
    workflow.apply(idea, "submit", user=commune_official)
    stale.name = "Tên mới"
    with pytest.raises(ValidationError, match="tải lại trang"):
        services.save_product(stale, user=commune_official)
    idea.refresh_from_db()
    assert (idea.status, idea.name) == (ProductStatus.SUBMITTED, idea.name) and idea.code


def test_sending_up_names_the_unit_above_on_the_day(tree, commune_official):
    """'Gửi lên huyện' follows the unit above the commune: its district before the two-tier government, the
    province after (issue 16 item 5)."""
    from datetime import date

    from django.utils import translation

    product = ProductFactory(producer=ProducerFactory(commune=tree.commune))
    with translation.override("vi"):
        before = workflow.shown(workflow.TRANSITIONS["submit"], product, day=date(2025, 6, 30))
        after = workflow.shown(workflow.TRANSITIONS["resubmit"], product, day=date(2025, 7, 1))
        assert str(before.label) == "Gửi lên huyện Long Mỹ"
        assert str(after.label) == "Gửi lại lên tỉnh Hậu Giang"
    assert workflow.shown(workflow.TRANSITIONS["accept"], product) is workflow.TRANSITIONS["accept"]
