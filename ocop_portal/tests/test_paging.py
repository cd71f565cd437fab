"""List pages page their keys first, and with LIST_COUNT_CACHE_SECONDS keep their pager's count until a model the
list reads records a change (ocop_portal/paging.py)."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from products.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def product_list(client, **params):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("products:product_list"), params).content.decode()
    counted = sum("SELECT COUNT(*)" in q["sql"] for q in queries)
    shown = int(re.search(r'id="result-count">(\d+)', page).group(1))
    return counted, shown, page


def test_the_count_is_kept_until_a_product_or_producer_changes(settings, tree, client_for, district_officer):
    cache.clear()
    settings.LIST_COUNT_CACHE_SECONDS = 300
    producer = ProducerFactory(commune=tree.commune, name="HTX Hòa Lợi")
    for _n in range(3):
        ProductFactory(producer=producer)
    ProductFactory(producer=ProducerFactory(commune=tree.far_commune))  # another district's: never counted
    client = client_for(district_officer)
    assert product_list(client)[:2] == (1, 3)
    assert product_list(client)[:2] == (0, 3)  # kept
    assert product_list(client, q="Hòa Lợi")[:2] == (1, 3)  # another query, its own count

    added = ProductFactory(producer=producer)  # a new history row
    assert product_list(client)[:2] == (1, 4)
    added.delete()
    assert product_list(client)[:2] == (1, 3)

    producer.name = "HTX Phú Lợi"
    producer.save()  # the search reads producers' names: their changes count too
    assert product_list(client, q="Hòa Lợi")[:2] == (1, 0)


def test_the_page_shows_its_rows_in_order_with_their_related_records(tree, client_for, district_officer):
    producer = ProducerFactory(commune=tree.commune, name="HTX Hòa Lợi")
    names = [f"Sản phẩm {n:02d}" for n in range(30)]
    for name in names:
        ProductFactory(producer=producer, name=name)
    client = client_for(district_officer)
    first = client.get(reverse("products:product_list"), {"sort": "name"}).content.decode()
    second = client.get(reverse("products:product_list"), {"sort": "name", "page": 2}).content.decode()
    listed = re.findall(r'href="/products/\d+/">(Sản phẩm \d+)<', first + second)
    assert listed == names  # 25 then 5, in the order asked
    assert first.count("HTX Hòa Lợi") == 25
