"""With HISTORY_CACHE_SECONDS a detail page's change history is kept until one of its sources has a new record,
and is kept per language."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from products.tests.factories import loaded_version, page_of
from products.tests.test_history import audit_of, producer_data

pytestmark = pytest.mark.django_db


def detail(client, producer):
    with CaptureQueriesContext(connection) as queries:
        page = page_of(client, reverse("products:producer_detail", args=[producer.pk]))
    return len(queries), audit_of(page)


def test_the_history_is_kept_until_a_new_change(settings, client_for, producer, commune_official):
    cache.clear()
    settings.HISTORY_CACHE_SECONDS = 300
    client = client_for(commune_official, "en")
    first_queries, first = detail(client, producer)
    kept_queries, kept = detail(client, producer)
    assert kept == first and "Name:" not in first
    assert kept_queries < first_queries  # the records are not read again

    url = reverse("products:producer_edit", args=[producer.pk])
    client.post(url, producer_data(producer, name="HTX Phụng Phát", version=loaded_version(client, url)))
    _queries, changed = detail(client, producer)
    assert "Name: Cơ sở Phụng Phát → HTX Phụng Phát" in changed  # a new record: worked out again

    _queries, vietnamese = detail(client_for(commune_official), producer)
    assert "Tên: Cơ sở Phụng Phát → HTX Phụng Phát" in vietnamese or "Cơ sở Phụng Phát → HTX Phụng Phát" in vietnamese
    assert "Name:" not in vietnamese  # kept per language


def test_a_product_history_of_two_sources_is_kept_and_renewed(settings, client_for, objects, commune_official):
    cache.clear()
    settings.HISTORY_CACHE_SECONDS = 300
    product = objects["product"]
    client = client_for(commune_official, "en")
    url = reverse("products:product_detail", args=[product.pk])

    def audit():
        with CaptureQueriesContext(connection) as queries:
            page = page_of(client, url)
        return len(queries), audit_of(page)

    first_queries, first = audit()
    kept_queries, kept = audit()
    assert kept == first and kept_queries < first_queries
    client.post(reverse("products:document_delete", args=[objects["document"].pk]))  # the second source changes
    _queries, after = audit()
    assert after != first and after.count('data-audit="deleted"') == first.count('data-audit="deleted"') + 1
