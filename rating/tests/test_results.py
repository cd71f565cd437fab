"""How sheets add up to results: exact averages, stars by the rule set's bands, spread flags, knock-outs."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from org.tests.factories import UserFactory
from products.enums import ProductStatus
from products.tests.factories import ProducerFactory, ProductFactory
from rating import scoring, services, workflow
from rating.enums import RoundStatus, SheetStatus
from rating.models import Option, RuleSet, ScoreSheet
from rating.tests.factories import district_round, small_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule_set():
    small_sheet()
    return RuleSet.objects.get(code="1048/QĐ-TTg")


@pytest.mark.parametrize(
    ("totals", "stars", "shown"),
    [
        (["74.5"], 4, "74.5"),  # Long Mỹ 2020: trà mãng cầu
        (["60.5"], 3, "60.5"),  # Long Mỹ 2020: mật ong Hương Tràm
        (["70.0"], 4, "70.0"),
        (["69.9", "70.0"], 3, "70.0"),  # 69.95: shown rounded, starred exactly
        (["90.0"], 5, "90.0"),
        (["100"], 5, "100.0"),
        (["29.9"], 1, "29.9"),
        (["30"], 2, "30.0"),
        (["50", "49.9", "50"], 2, "50.0"),  # 49.966… is below 50
    ],
)
def test_stars_follow_the_half_open_bands(rule_set, totals, stars, shown):
    mean = scoring.average(sum(Decimal(t) for t in totals), len(totals))
    assert scoring.stars_for(rule_set, mean) == stars
    assert str(scoring.shown(mean)) == shown


@pytest.mark.parametrize(("low", "high", "flagged"), [("60", "70.5", True), ("60", "70", False), ("80", "80", False)])
def test_spread_beyond_the_limit_is_flagged(rule_set, low, high, flagged):
    assert scoring.spread_flag(rule_set, Decimal(low), Decimal(high)) is flagged


def test_a_later_rule_set_has_its_own_numbers():
    small_sheet()
    later = RuleSet.objects.get(code="148/QĐ-TTg")
    assert later.part_maxima == {"A": 40, "B": 25, "C": 35}
    assert later.recognises("district") == [3]
    assert RuleSet.objects.get(code="1048/QĐ-TTg").recognises("district") == []


def answers(sheet_model, picks):
    """{criterion number: points} → {criterion id: option}."""
    chosen = {}
    for criterion in services.criteria_of(sheet_model):
        if criterion.number in picks:
            chosen[criterion.pk] = Option.objects.get(criterion=criterion, points=picks[criterion.number])
    return chosen


def test_conditional_criteria_and_the_stop_rule():
    sheet = small_sheet()
    criteria = services.criteria_of(sheet)
    no_story = scoring.evaluate(criteria, answers(sheet, {"1.1": 20, "1.2": 15, "5.1": 0, "9": 10, "10": 30}))
    assert no_story.complete and "5.2" in no_story.skipped and no_story.total == 75
    story = scoring.evaluate(criteria, answers(sheet, {"1.1": 20, "1.2": 15, "5.1": 5, "9": 10, "10": 30}))
    assert [c.number for c in story.missing] == ["5.2"]  # now 5.2 must be answered
    zero_on_9 = scoring.evaluate(criteria, answers(sheet, {"1.1": 20, "1.2": 15, "5.1": 0, "9": 0, "10": 30}))
    assert zero_on_9.complete and "10" not in zero_on_9.skipped and zero_on_9.total == 65  # 0 points do not stop
    no_safety = scoring.evaluate(
        criteria, answers(sheet, {"1.1": 20, "1.2": 15, "5.1": 0, "9": 0, "10": 30}), stops={"9"}
    )
    assert no_safety.complete and "10" in no_safety.skipped and no_safety.total == 35
    assert no_safety.parts == {"A": 35, "B": 0, "C": 0}


@pytest.fixture
def scoring_round(tree, district_officer):
    sheet = small_sheet()
    members = [UserFactory(username=f"hoidong{i}") for i in range(3)]
    round_ = district_round(tree, district_officer, members)
    product = ProductFactory(producer=ProducerFactory(commune=tree.commune), status=ProductStatus.READY)
    entry = services.add_entry(round_, product=product)
    round_.status = RoundStatus.SCORING
    round_.save()
    workflow._create_sheets(round_)
    return round_, entry, sheet, members


def fill(entry, member, sheet, picks, submit=True):
    score_sheet = ScoreSheet.objects.get(entry=entry, seat__user=member)
    services.save_answers(score_sheet, chosen=answers(sheet, picks))
    if submit:
        services.submit_sheet(score_sheet)
    return score_sheet


FULL = {"1.1": 20, "1.2": 15, "5.1": 10, "5.2": 15, "9": 10, "10": 30}  # 100


def test_the_entry_averages_the_submitted_sheets(scoring_round):
    round_, entry, sheet, members = scoring_round
    fill(entry, members[0], sheet, {**FULL, "10": 20})  # 90
    fill(entry, members[1], sheet, {**FULL, "1.2": 5, "10": 10})  # 70
    entry.refresh_from_db()
    assert (entry.sheet_count, entry.score_sum, entry.stars) == (2, Decimal("160"), 4)
    fill(entry, members[2], sheet, {**FULL, "1.2": 5, "5.1": 0, "10": 30})  # 100 − 10 − 10 − 15 (5.2 skipped) = 65
    entry.refresh_from_db()
    assert entry.sheet_count == 3 and str(scoring.shown(scoring.average(entry.score_sum, 3))) == "75.0"
    assert entry.part_sums == {"A": "85.0", "B": "50.0", "C": "90.0"}
    assert services.is_flagged(entry)  # 90 − 65 > 10


def test_a_submitted_sheet_is_locked_and_an_incomplete_one_cannot_be_submitted(scoring_round):
    round_, entry, sheet, members = scoring_round
    draft = fill(entry, members[0], sheet, {"1.1": 20}, submit=False)
    with pytest.raises(ValidationError, match="5.1|1.2"):
        services.submit_sheet(draft)
    done = fill(entry, members[1], sheet, FULL)
    with pytest.raises(ValidationError):
        services.save_answers(done, chosen={})
    assert ScoreSheet.objects.get(pk=done.pk).status == SheetStatus.SUBMITTED


def test_a_majority_knock_out_eliminates_the_entry(scoring_round):
    round_, entry, sheet, members = scoring_round
    for member in members[:2]:
        score_sheet = ScoreSheet.objects.get(entry=entry, seat__user=member)
        services.save_answers(score_sheet, chosen={}, knocked_out=True, knockout_reason="Không có giấy ATTP")
        services.submit_sheet(score_sheet)
    fill(entry, members[2], sheet, FULL)
    entry.refresh_from_db()
    assert entry.knocked_out and entry.stars is None and entry.knockout_reason == "Không có giấy ATTP"


def test_closing_waits_for_every_sheet_and_the_discussion_of_flagged_entries(scoring_round, district_officer):
    round_, entry, sheet, members = scoring_round
    chair = members[0]
    fill(entry, members[0], sheet, FULL)  # 100
    fill(entry, members[1], sheet, {**FULL, "10": 10})  # 80
    with pytest.raises(ValidationError, match="not submitted|chưa nộp"):
        workflow.apply(round_, "close", user=chair)
    fill(entry, members[2], sheet, {**FULL, "10": 20})  # 90
    with pytest.raises(PermissionDenied):
        workflow.apply(round_, "close", user=district_officer)  # closing is the chair's
    with pytest.raises(ValidationError, match="discussion|kết luận thảo luận"):
        workflow.apply(round_, "close", user=chair)
    services.reopen_sheet(ScoreSheet.objects.get(entry=entry, seat__user=members[1]))  # members may re-score
    fill(entry, members[1], sheet, {**FULL, "10": 20})  # 90: no more spread
    workflow.apply(round_, "close", user=chair)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    workflow.apply(round_, "publish", user=district_officer)
    assert list(round_.transitions.values_list("to_status", flat=True)) == ["closed", "published"]


def test_a_conflicted_member_has_no_sheet(scoring_round):
    round_, entry, sheet, members = scoring_round
    seat = round_.seats.get(user=members[2])
    services.declare_conflict(seat, entry, note="Người thân của chủ thể")
    assert not ScoreSheet.objects.filter(entry=entry, seat=seat).exists()
    fill(entry, members[0], sheet, FULL)
    fill(entry, members[1], sheet, FULL)
    workflow.apply(round_, "close", user=members[0])  # two sheets are all that is expected
