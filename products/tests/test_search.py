"""Search ignoring case, accents and đ (products.search): the folding, the lists that use it, and the folded column
kept in step by save(), the bulk writes and the migration that filled the existing rows."""

import importlib
import re
import unicodedata
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.urls import reverse

from products.models import Producer, Product
from products.search import fold
from products.tests.factories import ProducerFactory, ProductFactory, page_of
from products.tests.test_excel import check, product_row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Mật ong", "mat ong"),
        ("MẬT ONG", "mat ong"),
        ("  Hợp tác xã   Đường phèn ", "hop tac xa duong phen"),
        ("đĐ", "dd"),
        ("Bánh tráng (Sa Đéc) - loại 1", "banh trang sa dec loai 1"),
        ("Cơ sở Ưu Việt", "co so uu viet"),
        (unicodedata.normalize("NFD", "Mật ong"), "mat ong"),  # decomposed, as some keyboards send it
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def product_names(client, **params):
    body = page_of(client, reverse("products:product_list") + "?" + urlencode(params))
    return set(re.findall(r'href="/products/\d+/">([^<]+)<', body))


@pytest.fixture
def listed(tree, client_for, district_officer):
    ProductFactory(name="Mật ong tràm U Minh", producer=ProducerFactory(commune=tree.commune, name="Tổ hợp tác Ong"))
    ProductFactory(name="Bưởi da xanh", producer=ProducerFactory(commune=tree.other_commune, name="Cơ sở Đức Thành"))
    ProductFactory(name="Đường phèn", producer=ProducerFactory(commune=tree.commune, name="Hộ kinh doanh Năm"))
    return client_for(district_officer)


@pytest.mark.parametrize("typed", ["mật ong", "mat ong", "MẬT ONG", "Mật Ong", "MAT ONG", "  ong   mat ", "tràm"])
def test_the_product_list_finds_honey_whatever_the_case_and_accents(listed, typed):
    assert product_names(listed, q=typed) == {"Mật ong tràm U Minh"}


@pytest.mark.parametrize("typed", ["duong", "Đường", "ĐƯỜNG", "đuong", "dương"])
def test_d_and_dj_are_one_letter(listed, typed):
    assert product_names(listed, q=typed) == {"Đường phèn"}


def test_the_product_list_finds_by_the_producer_and_by_both_names(listed):
    assert product_names(listed, q="duc thanh") == {"Bưởi da xanh"}
    assert product_names(listed, q="buoi duc") == {"Bưởi da xanh"}  # a word of each
    assert product_names(listed, q="buoi ong") == set()  # every word must be found


def test_the_product_list_still_finds_a_code_as_typed(tree, listed):
    honey = Product.objects.get(name="Mật ong tràm U Minh")
    Product.objects.filter(pk=honey.pk).update(code="93-936-001-2019")
    assert product_names(listed, q="93-936-001-2019") == {"Mật ong tràm U Minh"}
    assert product_names(listed, q="93-936-002-2019") == set()


def test_punctuation_alone_finds_nothing(listed):
    assert product_names(listed, q="--") == set()


def test_the_producer_list_finds_cooperatives_without_accents(tree, client_for, district_officer):
    ProducerFactory(commune=tree.commune, name="Hợp tác xã Mãng cầu Thuận Hòa")
    ProducerFactory(commune=tree.other_commune, name="HỢP TÁC XÃ NÔNG NGHIỆP TÂN PHÚ")
    ProducerFactory(commune=tree.commune, name="Cơ sở Đức Thành", representative="Lê Thị Hoa")
    client = client_for(district_officer)
    for typed in ("hop tac xa", "HOP TAC XA", "Hợp Tác Xã"):
        body = page_of(client, reverse("products:producer_list") + "?" + urlencode({"q": typed}))
        assert "Hợp tác xã Mãng cầu Thuận Hòa" in body and "HỢP TÁC XÃ NÔNG NGHIỆP TÂN PHÚ" in body, typed
        assert "Cơ sở Đức Thành" not in body, typed
    by_person = page_of(client, reverse("products:producer_list") + "?" + urlencode({"q": "Lê Thị Hoa"}))
    assert "Cơ sở Đức Thành" in by_person and "Hợp tác xã Mãng cầu" not in by_person


@pytest.mark.parametrize("rows", [1, 30])
def test_a_search_adds_no_query_at_two_sizes(tree, client_for, district_officer, django_assert_num_queries, rows):
    for index in range(rows):
        ProductFactory(name=f"Mật ong số {index}", producer=ProducerFactory(commune=tree.commune))
    client = client_for(district_officer)
    # as test_product_list_query_count_does_not_grow: the search is one more condition of the same queries
    with django_assert_num_queries(8):
        response = client.get(reverse("products:product_list"), {"q": "MAT ONG", "sort": "name"})
    assert len(re.findall(r'href="/products/\d+/"', response.content.decode())) == min(rows, 25)


# --- The folded column stays in step with the name ------------------------------------------------------------


def test_saving_and_renaming_updates_the_search_text(tree):
    product = ProductFactory(name="Mật ong", producer=ProducerFactory(commune=tree.commune, name="HTX Đại Phát"))
    assert (product.search_text, product.producer.search_text) == ("mat ong", "htx dai phat")
    product.name = "Trà Mãng Cầu"
    product.save()
    assert Product.objects.get(pk=product.pk).search_text == "tra mang cau"
    product.name = "Bưởi Năm Roi"
    product.save(update_fields=["name"])
    assert Product.objects.get(pk=product.pk).search_text == "buoi nam roi"


def test_a_save_of_other_fields_leaves_the_search_text(tree):
    product = ProductFactory(name="Mật ong", producer=ProducerFactory(commune=tree.commune))
    product.brand = "Ong Vàng"
    product.save(update_fields=["brand"])
    deferred = Product.objects.only("pk", "brand").get(pk=product.pk)
    deferred.brand = "Ong Đỏ"
    deferred.save()
    assert Product.objects.get(pk=product.pk).search_text == "mat ong"


def test_bulk_writes_fill_the_search_text(tree):
    producers = Producer.objects.bulk_create(
        [Producer(name="Hợp tác xã Đông Phú", legal_form="cooperative", representative="A", commune=tree.commune)]
    )
    assert Producer.objects.get(pk=producers[0].pk).search_text == "hop tac xa dong phu"
    producer = producers[0]
    producer.name = "Hợp tác xã Tây Phú"
    Producer.objects.bulk_update([producer], ["name"])
    assert Producer.objects.get(pk=producer.pk).search_text == "hop tac xa tay phu"
    Producer.objects.filter(pk=producer.pk).update(name="Tổ hợp tác Bắc Phú")
    assert Producer.objects.get(pk=producer.pk).search_text == "to hop tac bac phu"


def test_the_migration_fills_the_rows_that_existed(tree):
    ProductFactory(name="Mật ong", producer=ProducerFactory(commune=tree.commune, name="Hợp tác xã Ong"))
    Product.objects.update(search_text="")
    Producer.objects.update(search_text="")
    migration = importlib.import_module("products.migrations.0008_search_text")
    migration.fill(apps, None)
    assert Product.objects.get().search_text == "mat ong" and Producer.objects.get().search_text == "hop tac xa ong"


def test_products_imported_from_excel_are_found_without_accents(tree, client_for, district_officer):
    """The idea import writes products by bulk_create (products.resources), which skips save()."""
    ProducerFactory(commune=tree.commune, name="Cơ sở Phụng Phát", registration_number="6300000101")
    officer = client_for(district_officer)
    response = check(officer, "products", [product_row(**{"Tên sản phẩm": "Mật ong tràm"})])
    officer.post(reverse("products:import", args=["products"]), {"token": response.context["token"]})
    assert Product.objects.get().search_text == "mat ong tram"
    assert product_names(officer, q="MAT ONG") == {"Mật ong tràm"}
