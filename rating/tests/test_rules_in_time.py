"""Rule sets in time (issue 16 item 1–2): the rule set in force on a date, sheet coverage, the round form's proposals,
missing sheets that hold a round back, cancelling a round, 148's classification and the office's workbook."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from org.tests.factories import UserFactory
from products.enums import ProductStatus
from products.models import ProductSet
from products.tests.factories import ProducerFactory, ProductFactory
from rating import services, workflow
from rating.enums import RoundLevel, RoundStatus, SeatRole
from rating.forms import RoundForm
from rating.models import CouncilSeat, Criterion, Round, RoundTransition, RuleSet
from rating.selectors import coverage_of, round_list_for, rule_set_in_force
from rating.tests.factories import load_148_test_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("day", "code"),
    [(date(2020, 7, 1), "1048/QĐ-TTg"), (date(2023, 2, 23), "1048/QĐ-TTg"), (date(2023, 2, 24), "148/QĐ-TTg"),
     (date(2025, 7, 5), "148/QĐ-TTg"), (date(2025, 7, 6), "148+1489/QĐ-TTg"), (date(2026, 12, 7), "148+1489/QĐ-TTg")],
)  # fmt: skip
def test_the_rule_set_in_force_follows_the_dates(day, code):
    assert rule_set_in_force(day).code == code


def test_1489_uses_148s_sheets_and_its_procedure_is_data():
    amended = RuleSet.objects.get(code="148+1489/QĐ-TTg")
    assert amended.criteria_from.code == "148/QĐ-TTg"
    assert amended.rating_levels == ["province", "central"]
    assert amended.pre_assessment_level == "commune"
    assert amended.recognises("province") == [3, 4] and amended.recognises("district") == []
    assert amended.forward_threshold("province") == 90
    assert "chưa" in amended.unconfirmed  # what the sources do not confirm is said
    assert [c.name for c in ProductSet.objects.none()] == []
    assert coverage_of(RuleSet.objects.get(code="1048/QĐ-TTg")).with_sheets == 26
    coverage = coverage_of(amended)
    assert (coverage.with_sheets, coverage.sets, coverage.complete) == (0, 0, False)


def test_the_workbook_to_fill_in_lists_148s_groups_and_a_skeleton_per_part(tmp_path):
    path = tmp_path / "mau.xlsx"
    out = io.StringIO()
    call_command("criteria", "template", "148+1489/QĐ-TTg", str(path), stdout=out)
    assert "148/QĐ-TTg" in out.getvalue()  # 1489 uses 148's sheets: the workbook is 148's
    book = load_workbook(path)
    assert book.sheetnames == ["Hướng dẫn", "Bộ quy tắc", "Phân loại", "Bộ 1"]
    groups = [row[3] for row in book["Phân loại"].iter_rows(min_row=3, values_only=True)]
    assert groups[2] == "Dược liệu và sản phẩm từ dược liệu" and len(groups) == 6
    skeleton = [row[:4] for row in book["Bộ 1"].iter_rows(min_row=4, values_only=True)]
    assert skeleton == [(1, "A", None, 40), (1, "B", None, 25), (1, "C", None, 35)]
    header = [cell.value for cell in book["Bộ 1"][3]]
    assert {"mandatory_for_3", "bonus", "pre_assessed"} <= set(header)
    # An unfilled template imports nothing and says so.
    from rating.criteria_xlsx import import_workbook

    result = import_workbook(path.open("rb"))
    assert result.sheets == 0 and any("not filled in" in w for w in result.warnings)


def test_a_filled_in_workbook_loads_148s_set_and_its_marks():
    result = load_148_test_sheet()
    assert result.sheets == 1 and result.rule_set.code == "148/QĐ-TTg"
    product_set = ProductSet.objects.get(scheme="148/QĐ-TTg", number=1)
    assert product_set.category.name == "Thực phẩm"
    criteria = {c.number: c for c in Criterion.objects.filter(sheet__rule_set=result.rule_set)}
    assert criteria["1.1"].pre_assessed and not criteria["1.1"].mandatory_for_3
    assert criteria["3.1"].mandatory_for_3 and not criteria["2.1"].bonus
    assert coverage_of(RuleSet.objects.get(code="148+1489/QĐ-TTg")).complete


def province_round(tree, user, **fields):
    return Round.objects.create(level=RoundLevel.PROVINCE, unit=tree.province, year=2026, number=1,
                                rule_set=RuleSet.objects.get(code="148+1489/QĐ-TTg"), created_by=user,
                                meeting_date=date(2026, 11, 20), **fields)  # fmt: skip


def seat_council(round_, size):
    for index in range(size):
        CouncilSeat.objects.create(round=round_, user=UserFactory(),
                                   role=SeatRole.CHAIR if index == 0 else SeatRole.MEMBER)  # fmt: skip


def test_a_round_whose_sets_lack_sheets_cannot_start_scoring_until_they_are_loaded(tree, province_officer):
    load_148_test_sheet()
    round_ = province_round(tree, province_officer, status=RoundStatus.ACCEPTING)
    seat_council(round_, 9)
    other_set = ProductSet.objects.create(
        scheme="148/QĐ-TTg",
        number=2,
        name="Bộ chưa có phiếu",
        category=ProductSet.objects.get(scheme="148/QĐ-TTg", number=1).category,
    )
    loaded = ProductSet.objects.get(scheme="148/QĐ-TTg", number=1)
    producer = ProducerFactory(commune=tree.commune)
    services.add_entry(round_, product=ProductFactory(producer=producer, status=ProductStatus.READY,
                                                      product_set=loaded))  # fmt: skip
    services.add_entry(round_, product=ProductFactory(producer=producer, status=ProductStatus.READY,
                                                      product_set=other_set))  # fmt: skip
    assert workflow.missing_sheets(round_) == [other_set]
    start = workflow.TRANSITIONS[("start_scoring", RoundStatus.ACCEPTING)]
    problem = workflow.first_problem(round_, start)
    assert "has no scoring sheet for: 2. Bộ chưa có phiếu" in problem and "criteria import" in problem
    with pytest.raises(Exception, match="no scoring sheet"):
        workflow.apply(round_, "start_scoring", user=province_officer)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.ACCEPTING


def test_a_1048_product_enters_a_148_round_on_a_148_set_and_keeps_its_own(tree, province_officer):
    load_148_test_sheet()
    round_ = province_round(tree, province_officer)
    product = ProductFactory(producer=ProducerFactory(commune=tree.commune), status=ProductStatus.READY)
    assert product.product_set.scheme == "1048/QĐ-TTg"
    with pytest.raises(Exception, match="choose its set under 148/QĐ-TTg"):
        services.add_entry(round_, product=product)
    new_set = ProductSet.objects.get(scheme="148/QĐ-TTg", number=1)
    entry = services.add_entry(round_, product=product, product_set=new_set)
    product.refresh_from_db()
    assert entry.product_set == new_set and product.product_set.scheme == "1048/QĐ-TTg"


def test_cancelling_a_round_asks_why_keeps_its_history_and_leaves_the_working_list(tree, province_officer):
    round_ = province_round(tree, province_officer)
    with pytest.raises(Exception, match="Say why"):
        workflow.apply(round_, "cancel", user=province_officer, note="  ")
    workflow.apply(round_, "cancel", user=province_officer, note="Tạo nhầm")
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CANCELLED
    last = RoundTransition.objects.filter(round=round_).last()
    assert (last.from_status, last.to_status, last.actor, last.note) == ("draft", "cancelled", province_officer,
                                                                          "Tạo nhầm")  # fmt: skip
    assert round_ not in round_list_for(province_officer)
    assert round_ in round_list_for(province_officer, cancelled=True)
    assert workflow.available_to(province_officer, round_) == []
    with pytest.raises(Exception, match="not possible"):
        workflow.apply(round_, "open", user=province_officer)


def test_a_scoring_round_cannot_be_cancelled(tree, province_officer):
    round_ = province_round(tree, province_officer, status=RoundStatus.SCORING)
    with pytest.raises(Exception, match="not possible"):
        workflow.apply(round_, "cancel", user=province_officer, note="x")


def test_the_round_form_proposes_the_rule_set_in_force_and_the_next_free_number(tree, province_officer):
    from org.models import AdministrativeUnit

    units = AdministrativeUnit.objects.all()
    form = RoundForm(units=units)
    assert form.fields["rule_set"].initial.code == "148+1489/QĐ-TTg"
    labels = dict((str(value), label) for value, label in form.fields["rule_set"].choices)
    assert any("1048/QĐ-TTg — sheets for 26 of 26 product sets" == label for label in labels.values())
    province_round(tree, province_officer)  # number 1 is taken
    form = RoundForm({"unit": tree.province.pk, "year": 2026, "meeting_date": "20/11/2026"}, units=units)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["number"] == 2 and form.cleaned_data["rule_set"].code == "148+1489/QĐ-TTg"
    old = RuleSet.objects.get(code="1048/QĐ-TTg")
    form = RoundForm({"unit": tree.province.pk, "year": 2026, "meeting_date": "20/11/2026", "rule_set": old.pk},
                     units=units)  # fmt: skip
    assert not form.is_valid()
    assert form.errors["rule_set"] == ["1048/QĐ-TTg is not in force on 20/11/2026; the rule set then is "
                                       "148+1489/QĐ-TTg."]  # fmt: skip
    form = RoundForm({"unit": tree.district.pk, "year": 2026, "meeting_date": "2026-11-20"}, units=units)
    assert not form.is_valid()
    assert form.errors["unit"] == ["Under 148+1489/QĐ-TTg, councils score at: province, central."]


def test_the_rule_set_pages_show_coverage_and_what_is_unconfirmed(client_for, commune_official):
    client = client_for(commune_official, "en")
    amended = RuleSet.objects.get(code="148+1489/QĐ-TTg")
    body = client.get(reverse("rating:rule_set_list")).content.decode()
    assert "26 of 26 product sets" in body and "in force today" in body
    body = client.get(reverse("rating:rule_set_detail", args=[amended.pk])).content.decode()
    assert 'id="unconfirmed"' in body and "No product sets or sheets loaded yet." in body
    assert "uses the scoring sheets of 148/QĐ-TTg" in body and "Province: 3, 4 ★" in body
    response = client.get(reverse("rating:rule_set_template", args=[amended.pk]))
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''mau-phieu-cham-148-Q%C4%90-TTg.xlsx"
    assert load_workbook(io.BytesIO(response.content)).sheetnames[:3] == ["Hướng dẫn", "Bộ quy tắc", "Phân loại"]
    assert client.get(reverse("rating:rule_set_detail", args=[999999])).status_code == 404


def test_a_unit_that_ended_offers_no_new_round(tree, province_officer, client_for):
    from rating.views.rounds import organised_units

    assert tree.district in organised_units(province_officer)
    tree.district.valid_until = date(2025, 6, 30)
    tree.district.save()
    units = organised_units(province_officer)
    assert tree.district not in units and tree.province in units
