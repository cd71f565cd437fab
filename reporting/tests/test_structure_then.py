"""A report for a period before a reorganisation is built on the structure then in force (issue 16 item 4): the
producers and open products the reorganisation moved to their successor communes are counted where they were."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from org.reorganisation import apply, build_workbook, read_workbook
from org.reorganisation import workbook as wb
from plans.measures import communes_with_products, products_registered
from plans.tests.factories import PlanFactory
from products.enums import ProductStatus
from products.models import Product
from products.tests.factories import ProducerFactory, ProductFactory
from reporting import indicators
from reporting.periods import quarter

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def reorganise(tree, user):
    """Hậu Giang and Long Mỹ into an illustrative Cần Thơ; two of Long Mỹ's communes into one new commune."""
    common = {wb.EFFECTIVE: "01/07/2025", wb.BASIS: "Nghị quyết 1668/NQ-UBTVQH15 ngày 16/06/2025"}
    city = {wb.NEW_CODE: "92", wb.NEW_NAME: "Cần Thơ", wb.NEW_KIND: "thanh_pho_tw"}
    commune = {wb.NEW_CODE: "9200004", wb.NEW_NAME: "Vĩnh Thuận Đông", wb.NEW_KIND: "xa", wb.NEW_PARENT: "92"}
    rows = [
        {wb.OLD_CODE: "93", **city, **common},
        {wb.OLD_CODE: "936", **city, **common},
        {wb.OLD_CODE: "935", **city, **common},
        {wb.OLD_CODE: tree.commune.code, **commune, **common},
        {wb.OLD_CODE: tree.other_commune.code, **commune, **common},
        {wb.OLD_CODE: tree.far_commune.code, **commune, **common},
    ]
    return apply(read_workbook(build_workbook(rows)), user=user)


def test_a_2020_report_counts_moved_products_where_they_were(tree, district_officer):
    sent = datetime(2020, 8, 10, 9, tzinfo=VN)
    first = ProductFactory(producer=ProducerFactory(commune=tree.commune), status=ProductStatus.SUBMITTED,
                           submitted_at=sent, year=2020)  # fmt: skip
    second = ProductFactory(producer=ProducerFactory(commune=tree.other_commune), status=ProductStatus.ACCEPTED,
                            submitted_at=sent, year=2020)  # fmt: skip
    period = quarter(2020, 3)
    plan = PlanFactory(unit=tree.district, year=2020)
    before = (
        indicators.ideas_registered(tree.district, period),
        dict(indicators.ideas_by_commune_and_status(tree.district, period)),
        products_registered(plan).count,
        communes_with_products(plan).count,
    )
    assert before == (2, {tree.commune.pk: {"submitted": 1}, tree.other_commune.pk: {"accepted": 1}}, 2, 2)

    reorganise(tree, district_officer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.commune.code == second.commune.code == "9200004"  # both moved to their successor
    assert not Product.objects.filter(commune__path__startswith=tree.district.path).exists()
    after = (
        indicators.ideas_registered(tree.district, period),
        dict(indicators.ideas_by_commune_and_status(tree.district, period)),
        products_registered(plan).count,
        communes_with_products(plan).count,
    )
    assert after == before
    # The new commune did not exist in 2020: its report of that quarter counts nothing.
    assert indicators.ideas_registered(first.commune, period) == 0


def test_a_record_entered_after_the_reorganisation_counts_where_it_is(tree, district_officer):
    """A product first recorded after the reorganisation (an old idea entered late, in a former commune) was never
    moved: the report of its period counts it where it is."""
    reorganise(tree, district_officer)
    late = ProductFactory(producer=ProducerFactory(commune=tree.commune), status=ProductStatus.SUBMITTED,
                          submitted_at=datetime(2020, 8, 12, 9, tzinfo=VN), year=2020)  # fmt: skip
    assert indicators.ideas_registered(tree.district, quarter(2020, 3)) == 1
    assert dict(indicators.ideas_by_commune_and_status(tree.district, quarter(2020, 3))) == {
        tree.commune.pk: {"submitted": 1}
    }
    assert late.commune == tree.commune
