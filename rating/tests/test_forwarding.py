"""Long Mỹ 2020: the district council's 74.5 gives 4★ and 60.5 gives 3★; both reach the province."""

from decimal import Decimal

import pytest
from django.urls import reverse

from org.tests.factories import UserFactory
from products.enums import ProductStatus
from products.tests.factories import ProducerFactory, ProductFactory
from rating import scoring, services
from rating.enums import RoundLevel, RoundStatus, SheetStatus
from rating.models import Entry, Round, RuleSet, ScoreSheet
from rating.selectors import forward_offers, reaches_threshold
from rating.tests.factories import district_round

pytestmark = pytest.mark.django_db


def scored(entry, totals, seats):
    """Sheets with these totals, submitted (the arithmetic is what matters here, not the answers)."""
    for seat, total in zip(seats, totals, strict=True):
        ScoreSheet.objects.create(entry=entry, seat=seat, status=SheetStatus.SUBMITTED, total=Decimal(total))
    return services.recompute_entry(entry)


@pytest.fixture
def long_my_2020(tree, district_officer):
    members = [UserFactory(username=f"hd{i}") for i in range(5)]
    round_ = district_round(tree, district_officer, members)
    seats = list(round_.seats.all())
    products = {
        name: ProductFactory(name=name, producer=ProducerFactory(commune=commune), status=ProductStatus.READY)
        for name, commune in [("Trà mãng cầu", tree.commune), ("Mật ong Hương Tràm", tree.other_commune),
                              ("Khô cá", tree.other_commune)]
    }  # fmt: skip
    entries = {name: services.add_entry(round_, product=product) for name, product in products.items()}
    tea = scored(entries["Trà mãng cầu"], ["74", "75", "73.5", "75.5", "74.5"], seats)
    honey = scored(entries["Mật ong Hương Tràm"], ["60", "61", "60.5", "61", "60"], seats)
    fish = scored(entries["Khô cá"], ["45", "48", "47", "44", "46"], seats)
    round_.status = RoundStatus.PUBLISHED
    round_.save()
    return round_, tea, honey, fish


def test_the_district_results_of_2020(long_my_2020):
    _round, tea, honey, fish = long_my_2020
    assert str(scoring.shown(scoring.average(tea.score_sum, tea.sheet_count))) == "74.5" and tea.stars == 4
    assert str(scoring.shown(scoring.average(honey.score_sum, honey.sheet_count))) == "60.5" and honey.stars == 3
    assert reaches_threshold(tea) and reaches_threshold(honey) and not reaches_threshold(fish)  # 46 < 50


def test_the_province_round_is_offered_what_the_district_forwards(tree, long_my_2020, province_officer, client_for):
    _round, tea, honey, _fish = long_my_2020
    province_round = Round.objects.create(
        level=RoundLevel.PROVINCE, unit=tree.province, year=2020, number=1,
        rule_set=RuleSet.objects.get(code="1048/QĐ-TTg"),
    )  # fmt: skip
    assert {e.pk for e in forward_offers(province_round)} == {tea.pk, honey.pk}
    client_for(province_officer).post(
        reverse("rating:round_prepare", args=[province_round.pk, "entry"]), {"forwarded": str(tea.pk)}
    )
    forwarded = Entry.objects.get(round=province_round)
    assert (forwarded.product, forwarded.forwarded_from) == (tea.product, tea)
    assert {e.pk for e in forward_offers(province_round)} == {honey.pk}
