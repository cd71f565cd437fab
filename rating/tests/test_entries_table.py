"""A round's entries table, written in Python (rating.entries_table): what it prints is escaped and in the reader's
number format, as the template it replaced printed it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from products.enums import ProductStatus
from products.tests.factories import ProducerFactory, ProductFactory
from rating import services
from rating.enums import RoundStatus
from rating.models import Entry
from rating.tests.factories import district_round, small_sheet
from rating.tests.test_views import members  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(tree, district_officer, members):  # noqa: F811
    small_sheet()
    round_ = district_round(tree, district_officer, members)
    producer = ProducerFactory(commune=tree.commune, name="HTX <Tân & Phú>")
    scored = services.add_entry(
        round_, product=ProductFactory(producer=producer, status=ProductStatus.READY, name="Trà <b>sen</b>")
    )
    knocked = services.add_entry(round_, product=ProductFactory(producer=producer, status=ProductStatus.READY))
    Entry.objects.filter(pk=scored.pk).update(
        score_sum=Decimal("171.0"), sheet_count=2, part_sums={"A": "60.5", "B": "110.5"}, stars=4
    )
    Entry.objects.filter(pk=knocked.pk).update(
        knocked_out=True, knockout_votes=2, knockout_reason='Thiếu "giấy phép" <an toàn>'
    )
    round_.status = RoundStatus.PUBLISHED
    round_.save()
    return round_


def entries_of(client, round_):
    page = client.get(reverse("rating:round_detail", args=[round_.pk])).content.decode()
    return page[page.index('id="entries"') : page.index('id="council"')]


def test_names_and_reasons_are_escaped(client_for, district_officer, published):
    table = entries_of(client_for(district_officer), published)
    assert "Trà &lt;b&gt;sen&lt;/b&gt;" in table and "<b>sen" not in table
    assert "HTX &lt;Tân &amp; Phú&gt;" in table
    reason = "Thiếu &quot;giấy phép&quot; &lt;an toàn&gt;"
    assert f'title="{reason}"' in table  # the badge's tooltip
    assert f"Bị loại: {reason}" in table  # the line under the entry
    assert "<an toàn>" not in table


@pytest.mark.parametrize(
    ("language", "average", "parts", "stars"),
    [("vi", "85,5", "A 30,3 · B 55,3", "4 sao"), ("en", "85.5", "A 30.3 · B 55.3", "4 stars")],
)
def test_numbers_and_labels_in_the_readers_language(client_for, district_officer, published, language, average,
                                                    parts, stars):  # fmt: skip
    table = entries_of(client_for(district_officer, language=language), published)
    cell = f'<td class="text-end">{average}<div class="small text-body-secondary text-nowrap">{parts}</div></td>'
    assert cell in table
    assert f'title="{stars}"' in table and "★★★★" in table
    assert table.count('data-flag="forwarded"') == 1  # the scored entry reaches the district's threshold


def test_the_organiser_gets_an_issue_button_with_a_csrf_token(client_for, district_officer, published):
    rule_set = published.rule_set  # 1048 certifies at the province; a rule set may let a district certify 4 stars
    rule_set.recognised_stars = {**rule_set.recognised_stars, published.level: [4]}
    rule_set.save()
    entry = published.entries.get(stars=4)
    table = entries_of(client_for(district_officer), published)
    action = reverse("certificates:certificate_issue", args=[entry.pk])
    assert table.count(f'<form method="post" action="{action}" class="d-inline">') == 2  # phone and desktop
    assert table.count('name="csrfmiddlewaretoken" value="') >= 2
    assert 'name="csrfmiddlewaretoken" value=""' not in table
