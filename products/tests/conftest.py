"""Fixtures of the registry's page tests: one producer of the triad's commune, its product and a document."""

import pytest

from products.tests.factories import ProducerFactory, ProductFactory, add_document


@pytest.fixture
def producer(tree):
    return ProducerFactory(commune=tree.commune, name="Cơ sở Phụng Phát", registration_number="6300000101")


@pytest.fixture
def product(producer, commune_official):
    return ProductFactory(producer=producer, name="Trà mãng cầu Phụng Phát", created_by=commune_official)


@pytest.fixture
def document(product, commune_official):
    return add_document(product, commune_official)


@pytest.fixture
def objects(producer, product, document):
    return {"producer": producer, "product": product, "document": document}
