"""The funding ledger's services: rules by source, programme and kind of unit, and what a line must name.

A refused line raises ValidationError and leaves no row behind.
"""

import unicodedata
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from org.enums import UnitKind
from org.tests.factories import CommuneFactory
from plans import services
from plans.enums import FundingSource
from plans.models import Evidence, Funding, ProgressReport, ReportTransition
from plans.tests.factories import (
    ActivityFactory,
    FundingRuleFactory,
    PlanFactory,
    funding_line,
    local_moment,
)
from products.tests.factories import ProducerFactory, ProductFactory

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


# --- Funding ledger ----------------------------------------------------------------------------------------------


@pytest.fixture
def township(tree):
    return CommuneFactory(code="31471", name="Vĩnh Viễn", kind=UnitKind.TOWNSHIP, parent=tree.district)


@pytest.fixture
def ntm_rule(tree):
    """Long Mỹ's rule: the new-rural-development programme does not fund a thị trấn."""
    return FundingRuleFactory(unit=tree.district, source=FundingSource.PROGRAMME, programme=NTM,
                              refused_kind=UnitKind.TOWNSHIP)  # fmt: skip


def product_in(commune):
    return ProductFactory(producer=ProducerFactory(commune=commune))


def test_the_rule_refuses_the_programme_for_a_townships_product(plan, township, ntm_rule, district_officer):
    line = funding_line(plan, source=FundingSource.PROGRAMME, programme=NTM, product=product_in(township))
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.record_funding(line, user=district_officer)
    assert messages(error) == (
        "Chương trình MTQG xây dựng nông thôn mới may not fund a township (rule set by Rural district Long Mỹ): "
        "Vĩnh Viễn is a township."
    )
    assert Funding.objects.count() == 0


def test_the_rule_names_the_commune_in_vietnamese(plan, township, ntm_rule, district_officer):
    line = funding_line(plan, source=FundingSource.PROGRAMME, programme=NTM, product=product_in(township))
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.record_funding(line, user=district_officer)
    assert messages(error) == (
        "Chương trình MTQG xây dựng nông thôn mới không được hỗ trợ thị trấn (quy định của Huyện Long Mỹ): "
        "Vĩnh Viễn là một thị trấn."
    )


@pytest.mark.parametrize(
    "programme", [NTM, "chương trình MTQG xây dựng nông thôn mới", f"  {NTM.upper()}  "], ids=["same", "case", "spaces"]
)
def test_the_programme_name_matches_whatever_its_case_and_spaces(plan, township, ntm_rule, district_officer,
                                                                 programme):  # fmt: skip
    producer = ProducerFactory(commune=township)  # a producer, not a product: the same commune is looked at
    with pytest.raises(ValidationError):
        services.record_funding(funding_line(plan, source=FundingSource.PROGRAMME, programme=programme,
                                             producer=producer), user=district_officer)  # fmt: skip
    assert Funding.objects.count() == 0


def test_the_programme_name_matches_in_decomposed_unicode(plan, township, ntm_rule, district_officer):
    # Typed with a "Unicode tổ hợp" keyboard (or pasted from such a document), the accents are separate marks.
    decomposed = unicodedata.normalize("NFD", NTM)
    assert decomposed != NTM
    line = funding_line(plan, source=FundingSource.PROGRAMME, programme=decomposed, product=product_in(township))
    with pytest.raises(ValidationError):
        services.record_funding(line, user=district_officer)


def test_the_rule_lets_the_programme_fund_a_xa(tree, plan, ntm_rule, district_officer):
    line = funding_line(plan, source=FundingSource.PROGRAMME, programme=NTM, product=product_in(tree.commune))
    saved = services.record_funding(line, user=district_officer)
    assert (saved.pk is not None, saved.recorded_by, saved.programme) == (True, district_officer, NTM)


@pytest.mark.parametrize(
    ("source", "programme"),
    [
        (FundingSource.PROGRAMME, "Chương trình MTQG giảm nghèo bền vững"),
        (FundingSource.DISTRICT, ""),
        (FundingSource.PROVINCIAL, ""),
    ],
)
def test_other_programmes_and_sources_may_fund_a_township(plan, township, ntm_rule, district_officer, source,
                                                          programme):  # fmt: skip
    line = funding_line(plan, source=source, programme=programme, product=product_in(township))
    assert services.record_funding(line, user=district_officer).pk is not None


def test_a_rule_set_by_another_district_does_not_apply(tree, plan, township, district_officer):
    FundingRuleFactory(unit=tree.other_district, programme=NTM, refused_kind=UnitKind.TOWNSHIP)
    line = funding_line(plan, source=FundingSource.PROGRAMME, programme=NTM, product=product_in(township))
    assert services.record_funding(line, user=district_officer).pk is not None


def test_a_rule_set_by_the_province_applies(tree, plan, township, district_officer):
    FundingRuleFactory(unit=tree.province, source=FundingSource.CREDIT, programme="", refused_kind=UnitKind.TOWNSHIP)
    line = funding_line(plan, source=FundingSource.CREDIT, product=product_in(township))
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.record_funding(line, user=district_officer)
    assert messages(error) == (
        "Credit may not fund a township (rule set by Province Hậu Giang): Vĩnh Viễn is a township."
    )


def test_a_programme_line_needs_the_programme_name(tree, plan, district_officer):
    producer = ProducerFactory(commune=tree.commune)
    line = funding_line(plan, source=FundingSource.PROGRAMME, programme="", producer=producer)
    with pytest.raises(ValidationError):
        services.record_funding(line, user=district_officer)
    assert Funding.objects.count() == 0


def test_a_nameless_programme_line_says_so_on_the_programme_field(tree, plan, district_officer):
    producer = ProducerFactory(commune=tree.commune)
    line = funding_line(plan, source=FundingSource.PROGRAMME, programme="", producer=producer)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.record_funding(line, user=district_officer)
    assert "programme" in error.value.message_dict
    assert "funding_programme_named" not in messages(error)


def test_a_programme_name_of_spaces_is_no_name(tree, plan, district_officer):
    line = funding_line(plan, source=FundingSource.PROGRAMME, programme="   ",
                        producer=ProducerFactory(commune=tree.commune))  # fmt: skip
    with pytest.raises(ValidationError):
        services.record_funding(line, user=district_officer)


def test_a_line_needs_something_it_funded(tree, plan, district_officer):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.record_funding(funding_line(plan, description="   "), user=district_officer)
    assert messages(error) == "Say what the money funded: a producer, a product, an activity or a description."
    assert Funding.objects.count() == 0
    described = services.record_funding(funding_line(plan, description="In tờ rơi giới thiệu sản phẩm OCOP"),
                                        user=district_officer)  # fmt: skip
    funded_activity = services.record_funding(funding_line(plan, activity=ActivityFactory(plan=plan)),
                                              user=district_officer)  # fmt: skip
    assert Funding.objects.filter(pk__in=[described.pk, funded_activity.pk]).count() == 2


def test_a_non_programme_line_forgets_a_programme_name(tree, plan, district_officer):
    line = funding_line(plan, source=FundingSource.DISTRICT, programme=NTM, product=product_in(tree.commune))
    services.record_funding(line, user=district_officer)
    line.refresh_from_db()
    assert line.programme == ""


def test_the_product_must_be_the_producers_and_inside_the_plans_area(tree, plan, district_officer):
    mine, other = ProducerFactory(commune=tree.commune), ProducerFactory(commune=tree.commune)
    with pytest.raises(ValidationError) as error:
        services.record_funding(funding_line(plan, producer=mine, product=ProductFactory(producer=other)),
                                user=district_officer)  # fmt: skip
    assert list(error.value.message_dict) == ["product"]
    far = ProductFactory(producer=ProducerFactory(commune=tree.far_commune), name="Khô cá lóc Vị Thắng")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.record_funding(funding_line(plan, product=far), user=district_officer)
    assert messages(error) == "Khô cá lóc Vị Thắng is outside this plan's area."
    assert Funding.objects.count() == 0


def test_the_activity_must_be_one_of_the_plans(tree, plan, district_officer):
    elsewhere = ActivityFactory(plan=PlanFactory(unit=tree.other_district, year=2020))
    with pytest.raises(ValidationError):
        services.record_funding(funding_line(plan, activity=elsewhere), user=district_officer)
