"""The QĐ 1048 sheets as loaded by the migration: conditions and knock-outs on a food set (13), the
handicraft set (23) and the tourism set (26), and the cost of saving a whole sheet."""

from decimal import Decimal

import pytest

from org.tests.factories import UserFactory
from products.enums import ProductStatus
from products.models import ProductSet
from products.tests.factories import ProducerFactory, ProductFactory
from rating import scoring, services, workflow
from rating.enums import RoundStatus
from rating.models import RuleSet, ScoreSheet, Sheet
from rating.tests.factories import district_round

pytestmark = pytest.mark.django_db


def sheet_of(number):
    return Sheet.objects.get(rule_set__code="1048/QĐ-TTg", product_set__number=number)


def best(criteria, except_numbers=(), low=()):
    """The highest option everywhere (all items of a "multiple" criterion), the lowest for `low`."""
    chosen = {}
    for criterion in criteria:
        options = list(criterion.options.all())
        if criterion.selection == "multiple":
            chosen[criterion.pk] = [] if criterion.number in low else options
        elif criterion.number not in except_numbers:
            pick = min if criterion.number in low else max
            chosen[criterion.pk] = pick(options, key=lambda o: o.points)
    return chosen


def test_every_sheet_is_loaded_and_the_top_answers_reach_the_part_maxima():
    assert Sheet.objects.filter(rule_set__code="1048/QĐ-TTg").count() == 26
    totals = {}
    for sheet in Sheet.objects.filter(rule_set__code="1048/QĐ-TTg").select_related("product_set"):
        score = scoring.evaluate(services.criteria_of(sheet), best(services.criteria_of(sheet)))
        assert score.complete
        totals[sheet.product_set.number] = score.total
    # Where the printed sheet does not add up, the transcription keeps it as printed (see source_discrepancies).
    assert totals[1] == totals[2] == totals[12] == Decimal("100")
    assert all(Decimal("95") <= total <= Decimal("102") for total in totals.values()), totals


def test_food_set_13_story_condition_and_stop_rule():
    criteria = services.criteria_of(sheet_of(13))
    no_story = scoring.evaluate(criteria, best(criteria, low={"5.1"}))
    assert {"5.2", "5.3"} <= no_story.skipped and no_story.complete
    by_number = {c.number: c for c in criteria}
    assert by_number["9"].stops_if_zero
    # A low score on 9 does not stop the sheet; the member saying the certificate is not valid does.
    assert not scoring.evaluate(criteria, best(criteria, low={"9"})).skipped & {"10", "11"}
    stopped = scoring.evaluate(criteria, best(criteria), stops={"9"})
    later = [c.number for c in criteria if c.order > by_number["9"].order]
    assert later and set(later) <= stopped.skipped
    assert "ATTP" in sheet_of(13).knockout
    assert by_number["1.1"].knockout_note and any("Bị loại" in note for note in by_number["1.1"].notes)


def test_handicraft_set_23_knocks_out_without_a_production_certificate():
    sheet = sheet_of(23)
    assert "đủ điều kiện sản xuất" in sheet.knockout
    criteria = services.criteria_of(sheet)
    assert {"5.2", "5.3"} <= scoring.evaluate(criteria, best(criteria, low={"5.1"})).skipped


def test_tourism_set_26_has_no_knock_out_and_adds_up_ticked_items():
    sheet = sheet_of(26)
    assert sheet.knockout == ""
    criteria = services.criteria_of(sheet)
    location = next(c for c in criteria if c.selection == "multiple" and c.number == "6")
    options = list(location.options.all())
    some = scoring.evaluate(criteria, {**best(criteria), location.pk: options[:2]})
    everything = scoring.evaluate(criteria, best(criteria))
    assert everything.total - some.total == sum(o.points for o in options[2:])
    assert scoring.evaluate(criteria, {**best(criteria), location.pk: []}).complete  # nothing ticked is 0


def test_saving_a_whole_sheet_takes_at_most_ten_queries(tree, district_officer, django_assert_max_num_queries):
    members = [UserFactory(username=f"tv{i}") for i in range(2)]
    round_ = district_round(tree, district_officer, members)
    product = ProductFactory(
        producer=ProducerFactory(commune=tree.commune), status=ProductStatus.READY,
        product_set=ProductSet.objects.get(number=13),
    )  # fmt: skip
    entry = services.add_entry(round_, product=product)
    round_.status = RoundStatus.SCORING
    round_.save()
    workflow._create_sheets(round_)
    criteria = services.criteria_of(sheet_of(13))
    assert len(criteria) >= 29
    score_sheet = ScoreSheet.objects.select_related("entry__round").get(entry=entry, seat__user=members[0])
    chosen = best(criteria)
    with django_assert_max_num_queries(10):
        services.save_answers(score_sheet, chosen=chosen, criteria=criteria)
    assert score_sheet.answers.count() == len(criteria)
    assert RuleSet.objects.get(code="1048/QĐ-TTg").stars_for(scoring.average(Decimal("74.5"), 1)) == 4
