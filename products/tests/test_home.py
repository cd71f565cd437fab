"""Each role's home page counts what waits for it."""

import re

import pytest
from django.urls import reverse

from products.enums import ProductStatus
from products.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(tree):
    def make(commune, status, count=1):
        for _ in range(count):
            ProductFactory(producer=ProducerFactory(commune=commune), status=status)

    make(tree.commune, ProductStatus.SUBMITTED, 3)
    make(tree.commune, ProductStatus.RETURNED, 1)
    make(tree.commune, ProductStatus.DRAFT, 2)
    make(tree.other_commune, ProductStatus.SUBMITTED, 2)
    make(tree.other_commune, ProductStatus.RETURNED, 4)
    make(tree.far_commune, ProductStatus.SUBMITTED, 5)


def waiting(page):
    section = page.split('id="registry-summary"')[1].split("</section>")[0]
    return dict(re.findall(r'data-status="(\w+)">([^<]+?) <span', section))


def test_the_commune_official_sees_what_came_back(registry, client_for, commune_official):
    page = client_for(commune_official, "en").get(reverse("role_home", args=["commune_official"])).content.decode()
    assert waiting(page) == {"returned": "1 idea returned to you", "draft": "2 drafts not sent yet"}
    assert "6 products in the registry" in page


def test_the_district_officer_sees_what_waits_for_review(registry, client_for, district_officer):
    page = client_for(district_officer, "en").get(reverse("role_home", args=["district_officer"])).content.decode()
    assert waiting(page) == {"submitted": "5 ideas waiting for review"}  # Vị Thủy's 5 are not Long Mỹ's
    assert 'href="/products/?status=submitted"' in page


def test_leadership_sees_counts_without_a_to_do_list(registry, client_for, leadership):
    page = client_for(leadership, "en").get(reverse("role_home", args=["leadership"])).content.decode()
    assert waiting(page) == {}
    assert "12 products in the registry" in page


def test_agency_staff_home_has_no_registry(registry, client_for, agency_staff):
    page = client_for(agency_staff).get(reverse("role_home", args=["agency_staff"])).content.decode()
    assert 'id="registry-summary"' not in page


def test_the_counts_are_kept_until_a_product_changes(settings, registry, tree, client_for, district_officer):
    """With LIST_COUNT_CACHE_SECONDS the counts by status are read once until a product records a change."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    settings.LIST_COUNT_CACHE_SECONDS = 300
    client, url = client_for(district_officer, "en"), reverse("role_home", args=["district_officer"])

    def home():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        grouped = sum(q["sql"].startswith('SELECT "products_product"."status" AS "status", COUNT') for q in queries)
        return grouped, waiting(page)

    first = home()
    assert first[0] == 1 and home() == (0, first[1])  # kept: the same lines, no count
    ProductFactory(producer=ProducerFactory(commune=tree.commune), status=ProductStatus.SUBMITTED)
    counted, lines = home()
    assert counted == 1 and lines != first[1]
    assert lines["submitted"].startswith("6 ")  # 3 + 2 + the new one
