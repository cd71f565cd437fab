"""Rules a review of the rating app asked for: discussions, knock-out drafts, the chair, eligible members,
what a commune sees of a published round, withdrawn scores, split eliminations, rule sets in use."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from org.enums import Role
from org.tests.factories import UserFactory, member
from products.enums import ProductStatus
from products.tests.factories import ProducerFactory, ProductFactory
from rating import services, workflow
from rating.enums import RoundStatus, SeatRole, SheetStatus
from rating.models import CouncilSeat, Entry, Option, RuleSet, ScoreSheet
from rating.tests.factories import district_round, small_sheet

pytestmark = pytest.mark.django_db

FULL = {"1.1": 20, "1.2": 15, "5.1": 10, "5.2": 15, "9": 10, "10": 30}


def answers(sheet, picks):
    return {
        Option.objects.get(criterion__sheet=sheet, criterion__number=n, points=p).criterion_id: Option.objects.get(
            criterion__sheet=sheet, criterion__number=n, points=p
        )
        for n, p in picks.items()
    }


@pytest.fixture
def scoring_round(tree, district_officer):
    sheet = small_sheet()
    members = [UserFactory(username=f"hd{i}") for i in range(3)]
    round_ = district_round(tree, district_officer, members)
    products = [ProductFactory(producer=ProducerFactory(commune=c), status=ProductStatus.READY)
                for c in (tree.commune, tree.other_commune)]  # fmt: skip
    entries = [services.add_entry(round_, product=p) for p in products]
    round_.status = RoundStatus.SCORING
    round_.save()
    workflow._create_sheets(round_)
    return round_, entries, sheet, members


def submit(entry, user, sheet, picks):
    own = ScoreSheet.objects.get(entry=entry, seat__user=user)
    services.save_answers(own, chosen=answers(sheet, picks))
    return services.submit_sheet(own)


def test_a_discussion_is_recorded_only_for_a_flagged_entry_with_every_sheet_in(scoring_round):
    round_, (entry, _other), sheet, members = scoring_round
    with pytest.raises(ValidationError):
        services.record_discussion(entry, user=members[0], note="Trước khi chấm")
    submit(entry, members[0], sheet, FULL)
    submit(entry, members[1], sheet, FULL)
    submit(entry, members[2], sheet, {**FULL, "10": 10})  # 80: spread 20
    services.record_discussion(entry, user=members[0], note="Đã thống nhất")
    assert Entry.objects.get(pk=entry.pk).discussed_at is not None


def test_ticking_eliminated_and_back_keeps_the_answers(scoring_round, client_for):
    round_, (entry, _other), sheet, members = scoring_round
    own = ScoreSheet.objects.get(entry=entry, seat__user=members[0])
    services.save_answers(own, chosen=answers(sheet, FULL))
    services.save_answers(own, chosen={}, knocked_out=True, knockout_reason="Không có ATTP")
    assert own.answers.count() == 6
    # The eliminated sheet still carries the answers in its (hidden) form, so unticking posts them back.
    page = client_for(members[0]).get(reverse("rating:sheet", args=[own.pk])).content.decode()
    assert page.count(" checked>") >= 7  # six answers and the "eliminated" box
    posted = {f"c{cid}": option.pk for cid, option in answers(sheet, FULL).items()}
    client_for(members[0]).post(reverse("rating:sheet", args=[own.pk]), posted, HTTP_HX_REQUEST="true")
    assert own.answers.count() == 6 and ScoreSheet.objects.get(pk=own.pk).total == 100


def test_scoring_starts_only_with_one_chair(tree, district_officer):
    small_sheet()
    members = [member(Role.AGENCY_STAFF, tree.agency, username=f"cq{i}") for i in range(2)]
    round_ = district_round(tree, district_officer, [])
    services.seat_member(round_, user=members[0], role=SeatRole.MEMBER)
    product = ProductFactory(producer=ProducerFactory(commune=tree.commune), status=ProductStatus.READY)
    services.add_entry(round_, product=product)
    round_.status = RoundStatus.ACCEPTING
    round_.save()
    with pytest.raises(ValidationError, match="chair|Chủ tịch"):
        workflow.apply(round_, "start_scoring", user=district_officer)
    services.seat_member(round_, user=members[1], role=SeatRole.CHAIR)
    with pytest.raises(ValidationError):
        services.seat_member(round_, user=UserFactory(), role=SeatRole.CHAIR)
    workflow.apply(round_, "start_scoring", user=district_officer)


def test_only_people_of_the_rounds_area_are_seated(tree, district_officer, client_for):
    small_sheet()
    round_ = district_round(tree, district_officer, [])
    near = member(Role.AGENCY_STAFF, tree.agency, username="cq.longmy")
    far = member(Role.COMMUNE_OFFICIAL, tree.far_commune, username="xa.vithang")
    province = member(Role.PROVINCE_OFFICER, tree.province, username="tinh.chuyengia")
    eligible = set(services.eligible_members(round_))
    assert near in eligible and province in eligible and far not in eligible
    with pytest.raises(ValidationError):
        services.seat_member(round_, user=far, role=SeatRole.MEMBER)
    page = client_for(district_officer).get(reverse("rating:round_detail", args=[round_.pk])).content.decode()
    assert "cq.longmy" in page or near.get_full_name() in page
    assert far.get_full_name() not in page


def test_a_commune_sees_only_its_own_entries_of_a_published_round(scoring_round, client_for, other_commune_official):
    round_, (mine, theirs), sheet, members = scoring_round
    round_.status = RoundStatus.PUBLISHED
    round_.save()
    client = client_for(other_commune_official)
    page = client.get(reverse("rating:round_detail", args=[round_.pk])).content.decode()
    assert f'data-entry="{theirs.pk}"' in page and f'data-entry="{mine.pk}"' not in page
    assert client.get(reverse("rating:minutes", args=[round_.pk])).status_code == 404


def test_a_seated_officer_sees_results_only_after_scoring(tree, district_officer, client_for):
    sheet = small_sheet()
    others = [UserFactory(username=f"tv{i}") for i in range(2)]
    round_ = district_round(tree, district_officer, others)
    CouncilSeat.objects.create(round=round_, user=district_officer, role=SeatRole.SECRETARY)
    product = ProductFactory(producer=ProducerFactory(commune=tree.commune), status=ProductStatus.READY)
    entry = services.add_entry(round_, product=product)
    round_.status = RoundStatus.SCORING
    round_.save()
    workflow._create_sheets(round_)
    submit(entry, others[0], sheet, FULL)
    page = client_for(district_officer).get(reverse("rating:round_detail", args=[round_.pk])).content.decode()
    assert "100,0" not in page
    submit(entry, district_officer, sheet, FULL)
    page = client_for(district_officer).get(reverse("rating:round_detail", args=[round_.pk])).content.decode()
    assert "100,0" in page


def test_a_submitted_score_cannot_be_withdrawn_through_a_conflict(scoring_round):
    round_, (entry, _other), sheet, members = scoring_round
    submit(entry, members[0], sheet, FULL)
    submit(entry, members[1], sheet, FULL)
    submit(entry, members[2], sheet, {**FULL, "10": 10})
    own = ScoreSheet.objects.get(entry=entry, seat__user=members[2])
    services.reopen_sheet(own)
    with pytest.raises(ValidationError):
        services.declare_conflict(own.seat, entry)
    assert ScoreSheet.objects.filter(pk=own.pk).exists()


def test_an_entry_nobody_may_score_blocks_closing(scoring_round):
    round_, (entry, other), sheet, members = scoring_round
    for seat in round_.seats.all():
        services.declare_conflict(seat, entry)
        submit(other, seat.user, sheet, FULL)
    with pytest.raises(ValidationError, match="conflict|xung đột"):
        workflow.apply(round_, "close", user=members[0])


def test_split_eliminations_are_flagged_for_discussion(scoring_round):
    round_, (entry, _other), sheet, members = scoring_round
    own = ScoreSheet.objects.get(entry=entry, seat__user=members[0])
    services.save_answers(own, chosen={}, knocked_out=True, knockout_reason="Không có ATTP")
    services.submit_sheet(own)
    submit(entry, members[1], sheet, FULL)
    submit(entry, members[2], sheet, FULL)
    entry.refresh_from_db()
    assert not entry.knocked_out and entry.stars == 5 and services.is_flagged(entry)


def test_a_repeated_option_is_counted_once(tree, district_officer, client_for):
    small_sheet()
    members = [UserFactory(username=f"m{i}") for i in range(1)]
    round_ = district_round(tree, district_officer, members)
    product = ProductFactory(producer=ProducerFactory(commune=tree.commune), status=ProductStatus.READY)
    entry = services.add_entry(round_, product=product)
    round_.status = RoundStatus.SCORING
    round_.save()
    workflow._create_sheets(round_)
    own = ScoreSheet.objects.get(entry=entry)
    option = Option.objects.get(
        criterion__sheet__rule_set__code="1048/QĐ-TTg",
        criterion__sheet__product_set__number=13,
        criterion__number="1.1",
        points=Decimal("10"),
    )
    key = f"c{option.criterion_id}"
    response = client_for(members[0]).post(reverse("rating:sheet", args=[own.pk]), {key: [option.pk, option.pk]})
    assert response.status_code == 302 and own.answers.count() == 1


def test_a_rule_set_in_use_keeps_its_numbers_in_the_admin(tree, district_officer, admin_client):
    small_sheet()
    rule_set = RuleSet.objects.get(code="1048/QĐ-TTg")
    page = admin_client.get(reverse("admin:rating_ruleset_change", args=[rule_set.pk])).content.decode()
    assert 'name="spread_limit"' in page
    district_round(tree, district_officer, [])
    page = admin_client.get(reverse("admin:rating_ruleset_change", args=[rule_set.pk])).content.decode()
    assert 'name="spread_limit"' not in page
    assert SheetStatus.SUBMITTED  # (the enum is imported for the sheets above)
