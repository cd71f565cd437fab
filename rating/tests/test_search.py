"""The certificate list and the public catalogue find products and producers ignoring case, accents and đ
(products.search), certificates and decisions by their numbers, and the register's imported rows as well."""

import pytest
from django.urls import reverse

from products.models import Producer, Product
from rating import register
from rating.tests.test_certificates import make_certificate
from rating.tests.test_register import row, workbook

pytestmark = pytest.mark.django_db


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def certified(tree, published_round, province_officer):
    honey = make_certificate(published_round, tree.commune, province_officer, name="Mật ong tràm U Minh")
    sugar = make_certificate(published_round, tree.commune, province_officer, name="Đường phèn Vị Thanh")
    rice = make_certificate(published_round, tree.far_commune, province_officer, name="Gạo Vị Thắng")
    Producer.objects.filter(products__certificates=rice).update(name="Hợp tác xã Lúa gạo Đông Phú")
    return {"honey": honey, "sugar": sugar, "rice": rice}


NAMES = ("Mật ong tràm U Minh", "Đường phèn Vị Thanh", "Gạo Vị Thắng")

SEARCHES = [
    ("mat ong", "Mật ong tràm U Minh"),
    ("MẬT ONG", "Mật ong tràm U Minh"),
    ("Mật Ong", "Mật ong tràm U Minh"),
    ("duong phen", "Đường phèn Vị Thanh"),
    ("ĐƯỜNG", "Đường phèn Vị Thanh"),
    ("hop tac xa dong phu", "Gạo Vị Thắng"),  # by its producer
    ("gao dong phu", "Gạo Vị Thắng"),  # a word of the product, one of the producer
]


def shown(body):
    return {name for name in NAMES if name in body}


@pytest.mark.parametrize(("typed", "found"), SEARCHES)
def test_the_certificate_list_search_ignores_case_and_accents(client_for, province_officer, certified, typed, found):
    body = page(client_for(province_officer), reverse("certificates:certificate_list"), q=typed)
    assert shown(body) == {found}


@pytest.mark.parametrize(("typed", "found"), SEARCHES)
def test_the_public_catalogue_search_ignores_case_and_accents(client, certified, typed, found):
    body = page(client, reverse("public:catalogue"), q=typed)
    assert shown(body) == {found}


def test_both_find_a_certificate_by_its_number(client, client_for, province_officer, certified):
    number = certified["sugar"].number
    assert shown(page(client_for(province_officer), reverse("certificates:certificate_list"), q=number)) == {
        "Đường phèn Vị Thanh"
    }
    assert shown(page(client, reverse("public:catalogue"), q=number)) == {"Đường phèn Vị Thanh"}


def test_a_search_that_finds_nothing_says_so(client, certified):
    body = page(client, reverse("public:catalogue"), q="khô cá lóc")
    assert shown(body) == set() and "Không có sản phẩm" in body


@pytest.mark.parametrize("size", [1, 8])
def test_the_catalogue_search_adds_no_query_at_two_sizes(
    client, tree, published_round, province_officer, size, django_assert_num_queries
):
    for index in range(size):
        make_certificate(published_round, tree.commune, province_officer, name=f"Mật ong số {index}")
    # as test_the_catalogue_query_count_does_not_grow: communes, groups, the count, the page's keys, its cards
    with django_assert_num_queries(5):
        body = page(client, reverse("public:catalogue"), q="MAT ONG")
    assert body.count("/verify/") == size


def test_register_imported_products_and_producers_are_found_without_accents(
    tree, province_officer, district_officer, client, client_for
):
    """The register writes producers and products by bulk_create, which skips save()."""
    register.apply(tree.province, workbook(row()), user=province_officer)
    product = Product.objects.get()
    assert (product.search_text, product.producer.search_text) == ("tra mang cau", "hop tac xa mang cau thuan hoa")
    officer = client_for(district_officer)
    assert "Trà mãng cầu" in page(officer, reverse("products:product_list"), q="TRA MANG CAU")
    assert "Hợp tác xã Mãng cầu Thuận Hòa" in page(officer, reverse("products:producer_list"), q="hop tac xa mang cau")
    assert "Trà mãng cầu" in page(client, reverse("public:catalogue"), q="mang cau thuan hoa")
    listed = page(client_for(province_officer), reverse("certificates:certificate_list"), q="tra mang cau")
    assert "Trà mãng cầu" in listed and "1234/QĐ-UBND" in listed
