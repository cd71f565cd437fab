"""The public pages, without signing in: a certificate's verification page (the QR code's target) in each of
its states, and the catalogue of certified products with its filters, pages and query count."""

import re
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from products.models import ProductCategory, ProductSet
from rating.tests.test_certificates import make_certificate, make_entry, make_round, rule_set  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_round(tree, rule_set):  # noqa: F811
    return make_round(tree, rule_set)


def verify_url(certificate):
    return reverse("public:verify", args=[certificate.token])


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_verification_page_needs_no_sign_in_and_says_it_all(client, tree, published_round, province_officer):
    certificate = make_certificate(published_round, tree.commune, province_officer, name="Trà mãng cầu Phụng Phát")
    body = page(client, verify_url(certificate))
    product = certificate.entry.product
    for text in [
        "Trà mãng cầu Phụng Phát",
        product.producer.name,
        "Xã Thuận Hòa",
        "Huyện Long Mỹ",
        "Tỉnh Hậu Giang",
        certificate.number,
        certificate.issued_on.strftime("%d/%m/%Y"),
        certificate.valid_until.strftime("%d/%m/%Y"),
        "★★★★",
        "Giấy chứng nhận còn hiệu lực.",
    ]:
        assert text in body, text
    assert 'lang="vi"' in body and "English" in body  # Vietnamese, with the way to English
    assert product.producer.phone not in body  # nothing beyond what the paper says


def test_the_verification_page_in_english(tree, published_round, province_officer):
    certificate = make_certificate(published_round, tree.commune, province_officer)
    client = Client()
    client.cookies["django_language"] = "en"
    body = page(client, verify_url(certificate))
    assert "This certificate is valid." in body and "Tiếng Việt" in body


@pytest.mark.parametrize(
    ("days", "revoked", "expected"),
    [
        (60, False, "sắp hết hạn"),
        (-1, False, "đã hết hạn"),
        (400, True, "đã bị thu hồi"),
    ],
)
def test_the_verification_page_states(client, tree, published_round, province_officer, days, revoked, expected):
    valid_until = timezone.localdate() + timedelta(days=days)
    certificate = make_certificate(
        published_round, tree.commune, province_officer, valid_until=valid_until, revoked=revoked
    )
    body = page(client, verify_url(certificate))
    assert expected in body
    assert ("Sản phẩm không còn sản xuất" in body) is revoked  # the reason of a revocation


def test_an_unknown_token_is_not_found(client, tree):
    assert client.get(reverse("public:verify", args=[uuid.uuid4()])).status_code == 404
    assert client.get("/verify/not-a-token/").status_code == 404


def test_public_pages_carry_no_inline_script(client, tree, published_round, province_officer):
    certificate = make_certificate(published_round, tree.commune, province_officer)
    for url in [verify_url(certificate), reverse("public:catalogue")]:
        body = page(client, url)
        assert all("src=" in attrs for attrs in re.findall(r"<script([^>]*)>", body)), url
        assert not re.search(r"<[^>]+\s(on[a-z]+|style)=", body), url


# --- The catalogue ----------------------------------------------------------------------------------


@pytest.fixture
def catalogue(tree, published_round, province_officer):
    today = timezone.localdate()
    return {
        "tea": make_certificate(published_round, tree.commune, province_officer, stars=4, name="Trà mãng cầu"),
        "rice": make_certificate(published_round, tree.far_commune, province_officer, stars=3, name="Gạo Vị Thắng"),
        "expired": make_certificate(
            published_round, tree.commune, province_officer, name="Mứt hết hạn", valid_until=today - timedelta(days=1)
        ),
        "revoked": make_certificate(published_round, tree.commune, province_officer, name="Bánh thu hồi", revoked=True),
    }


def set_product_set(certificate, number):
    entry = certificate.entry
    entry.product_set = ProductSet.objects.get(number=number)
    entry.save(update_fields=["product_set"])


def test_the_catalogue_lists_certificates_in_force_each_with_its_page(client, catalogue):
    body = page(client, reverse("public:catalogue"))
    assert "Trà mãng cầu" in body and "Gạo Vị Thắng" in body
    assert "Mứt hết hạn" not in body and "Bánh thu hồi" not in body
    assert verify_url(catalogue["tea"]) in body and verify_url(catalogue["rice"]) in body


def test_the_catalogue_filters_by_stars_commune_and_group(client, tree, catalogue):
    set_product_set(catalogue["rice"], 3)  # Gạo, ngũ cốc: I.2.1
    url = reverse("public:catalogue")
    by_stars = page(client, url, stars=3)
    assert "Gạo Vị Thắng" in by_stars and "Trà mãng cầu" not in by_stars
    by_commune = page(client, url, commune=tree.commune.pk)
    assert "Trà mãng cầu" in by_commune and "Gạo Vị Thắng" not in by_commune
    tea_group = ProductCategory.objects.get(code="I.5")  # set 13 hangs under I.5.2
    by_group = page(client, url, group=tea_group.pk)
    assert "Trà mãng cầu" in by_group and "Gạo Vị Thắng" not in by_group
    food = ProductCategory.objects.get(code="I")
    by_sector = page(client, url, group=food.pk)
    assert "Trà mãng cầu" in by_sector and "Gạo Vị Thắng" in by_sector
    drinks = ProductCategory.objects.get(code="II")
    assert "Không có sản phẩm" in page(client, url, group=drinks.pk)


def test_the_catalogue_offers_only_communes_with_certified_products(client, tree, catalogue):
    body = page(client, reverse("public:catalogue"))
    options = re.search(r'<select name="commune".*?</select>', body, re.S).group(0)
    assert "Thuận Hòa" in options and "Vị Thắng" in options and "Xà Phiên" not in options


def test_the_catalogue_is_paginated(client, tree, published_round, province_officer):
    for index in range(25):
        make_certificate(published_round, tree.commune, province_officer, name=f"Sản phẩm {index:02d}")
    first = page(client, reverse("public:catalogue"))
    second = page(client, reverse("public:catalogue"), page=2)
    assert first.count("/verify/") == 24 and second.count("/verify/") == 1


@pytest.mark.parametrize("size", [1, 8])
def test_the_catalogue_query_count_does_not_grow(
    client, tree, published_round, province_officer, size, django_assert_num_queries
):
    for index in range(size):
        make_certificate(published_round, tree.commune if index % 2 else tree.far_commune, province_officer)
    # the commune choices, the group choices, the count, the page's keys and its certificates (ocop_portal/paging.py)
    with django_assert_num_queries(5):
        body = page(client, reverse("public:catalogue"), stars=4)
    assert body.count("/verify/") == size


def test_the_catalogue_keeps_its_cards_until_a_certificate_changes(settings, client, tree, published_round,
                                                                   province_officer):  # fmt: skip
    """With CATALOGUE_CACHE_SECONDS the cards and pager are kept per filter, page, day and language: the second
    request reads no certificate and shows the same cards; revoking one, or a new one, shows at once."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rating.certificates import revoke_certificate

    cache.clear()
    settings.CATALOGUE_CACHE_SECONDS = 300
    kept = [make_certificate(published_round, tree.commune, province_officer, name=f"Mật ong {n}") for n in range(3)]
    url = reverse("public:catalogue")
    first = page(client, url)
    with CaptureQueriesContext(connection) as queries:
        again = page(client, url)
    read = [q["sql"] for q in queries if q["sql"].startswith(('SELECT "rating_certificate"', "SELECT COUNT"))]
    assert read == []  # neither counted, nor the page's keys, nor its certificates
    cards = re.findall(r'href="/verify/[^"]+">([^<]+)<', first)
    assert sorted(cards) == ["Mật ong 0", "Mật ong 1", "Mật ong 2"]
    assert re.findall(r'href="/verify/[^"]+">([^<]+)<', again) == cards

    revoke_certificate(kept[0], user=province_officer, reason="Vi phạm")
    assert "Mật ong 0" not in page(client, url)
    make_certificate(published_round, tree.commune, province_officer, name="Mật ong mới")
    assert "Mật ong mới" in page(client, url)
    assert client.get(url, {"page": 9}).status_code == 404
