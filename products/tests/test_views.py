"""Every registry screen with the triad: this commune's official, the district officer, another commune's
official (404); leadership reads only (403 on writes)."""

import re

import pytest
from django.urls import reverse

from products.enums import DocumentKind, ProductStatus
from products.models import Producer, Product, ProductTransition
from products.tests.factories import ProducerFactory, ProductFactory, add_document, page_of

pytestmark = pytest.mark.django_db


# --- Who sees what -----------------------------------------------------------------------------

READ_URLS = {
    "product_list": lambda o: reverse("products:product_list"),
    "producer_list": lambda o: reverse("products:producer_list"),
    "product_detail": lambda o: reverse("products:product_detail", args=[o["product"].pk]),
    "producer_detail": lambda o: reverse("products:producer_detail", args=[o["producer"].pk]),
    "document_file": lambda o: reverse("products:document_file", args=[o["document"].pk]),
}
OBJECT_URLS = [name for name in READ_URLS if not name.endswith("_list")]


@pytest.mark.parametrize("name", list(READ_URLS))
@pytest.mark.parametrize("who", ["commune_official", "district_officer", "province_officer", "leadership"])
def test_the_owner_and_those_above_read_everything(request, client_for, objects, name, who):
    response = client_for(request.getfixturevalue(who)).get(READ_URLS[name](objects))
    assert response.status_code == 200
    if name == "document_file":
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    else:
        body = response.content.decode()
        assert "Phụng Phát" in body


@pytest.mark.parametrize("name", OBJECT_URLS)
@pytest.mark.parametrize("who", ["other_commune_official", "agency_staff"])
def test_outsiders_get_404_on_every_object(request, client_for, objects, name, who):
    assert client_for(request.getfixturevalue(who)).get(READ_URLS[name](objects)).status_code == 404


@pytest.mark.parametrize("name", ["product_list", "producer_list"])
def test_lists_of_an_outsider_do_not_show_the_commune(client_for, objects, other_commune_official, name):
    ProductFactory(producer=ProducerFactory(commune=other_commune_official.memberships.get().unit, name="HTX Xà Phiên"))
    body = page_of(client_for(other_commune_official), READ_URLS[name](objects))
    assert "Phụng Phát" not in body
    assert "Xà Phiên" in body


def test_agency_staff_has_no_registry(client_for, agency_staff):
    assert client_for(agency_staff).get(reverse("products:product_list")).status_code == 403


def test_anonymous_goes_to_sign_in(client, objects):
    for name in READ_URLS:
        response = client.get(READ_URLS[name](objects))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), name


# --- Writes: 404 for outsiders, 403 for read-only -----------------------------------------------

WRITES = {
    "producer_edit": ("get", lambda o: reverse("products:producer_edit", args=[o["producer"].pk])),
    "product_edit": ("get", lambda o: reverse("products:product_edit", args=[o["product"].pk])),
    "document_add": ("get", lambda o: reverse("products:document_add", args=[o["product"].pk])),
    "document_delete": ("post", lambda o: reverse("products:document_delete", args=[o["document"].pk])),
    "submit": ("post", lambda o: reverse("products:product_action", args=[o["product"].pk, "submit"])),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_writes_triad(client_for, objects, commune_official, other_commune_official, leadership, name):
    method, url = WRITES[name]
    url = url(objects)
    assert getattr(client_for(other_commune_official), method)(url).status_code == 404
    assert getattr(client_for(leadership), method)(url).status_code == 403
    response = getattr(client_for(commune_official), method)(url)
    assert response.status_code in (200, 302)
    if name == "submit":
        assert Product.objects.get(pk=objects["product"].pk).status == ProductStatus.SUBMITTED


@pytest.mark.parametrize("who", ["leadership", "agency_staff"])
def test_read_only_roles_cannot_add(request, client_for, who):
    client = client_for(request.getfixturevalue(who))
    for url in (
        reverse("products:product_add"),
        reverse("products:producer_add"),
        reverse("products:import", args=["products"]),
    ):
        assert client.get(url).status_code == 403


def test_review_actions_are_forbidden_to_the_commune(
    client_for, objects, commune_official, leadership, district_officer
):
    product = objects["product"]
    product.status = ProductStatus.SUBMITTED
    product.save()
    url = reverse("products:product_action", args=[product.pk, "accept"])
    assert client_for(commune_official).post(url).status_code == 403
    assert client_for(leadership).post(url).status_code == 403
    assert client_for(district_officer).post(url).status_code == 302
    product.refresh_from_db()
    assert product.status == ProductStatus.ACCEPTED


def test_the_commune_edits_only_in_draft_or_returned(client_for, objects, commune_official):
    product = objects["product"]
    url = reverse("products:product_edit", args=[product.pk])
    for status, code in [("draft", 200), ("returned", 200), ("submitted", 403), ("accepted", 403), ("rejected", 403)]:
        product.status = status
        product.save()
        assert client_for(commune_official).get(url).status_code == code, status


# --- Pages say what matters ---------------------------------------------------------------------


def test_register_a_producer_then_an_idea(tree, client_for, commune_official):
    client = client_for(commune_official)
    response = client.post(
        reverse("products:producer_add"),
        {
            "name": "HTX Bưởi Thuận Hòa",
            "legal_form": "cooperative",
            "registration_number": "6300009999",
            "representative": "Lê Văn A",
            "phone": "0912000111",
            "commune": tree.commune.pk,
            "hamlet": "Ấp 3",
            "community_capital_pct": "100",
        },  # fmt: skip
    )
    producer = Producer.objects.get(name="HTX Bưởi Thuận Hòa")
    assert response["Location"] == reverse("products:producer_detail", args=[producer.pk])
    assert producer.created_by == commune_official
    response = client.post(
        reverse("products:product_add"),
        {
            "kind": "new",
            "name": "Bưởi da xanh sấy",
            "producer": producer.pk,
            "product_set": 7,
            "year": 2026,
            "local_material_pct": "100",
            "expected_price": "60000",
        },  # fmt: skip
    )
    product = Product.objects.get(name="Bưởi da xanh sấy")
    assert response["Location"] == reverse("products:product_detail", args=[product.pk])
    assert (product.commune, product.status, product.code) == (tree.commune, "draft", "")
    assert list(product.transitions.values_list("from_status", "to_status", "actor")) == [
        ("", "draft", commune_official.pk)
    ]
    page = page_of(client, reverse("products:product_detail", args=[product.pk]))
    assert "60.000 đ" in page  # Vietnamese money
    assert 'data-action="submit"' in page


def test_a_duplicate_registration_number_names_the_existing_producer(tree, client_for, commune_official, producer):
    response = client_for(commune_official).post(
        reverse("products:producer_add"),
        {
            "name": "Cơ sở khác",
            "legal_form": "household",
            "registration_number": " 6300000101 ",
            "representative": "B",
            "commune": tree.commune.pk,
        },  # fmt: skip
    )
    assert response.status_code == 200
    assert "Cơ sở Phụng Phát" in response.content.decode()
    assert Producer.objects.count() == 1


def test_a_commune_official_cannot_register_in_another_commune(tree, client_for, commune_official):
    response = client_for(commune_official).post(
        reverse("products:producer_add"),
        {"name": "HTX lạ", "legal_form": "cooperative", "representative": "C", "commune": tree.other_commune.pk},
    )
    assert response.status_code == 200 and not Producer.objects.exists()


def test_the_product_page_flags_expired_and_expiring_documents(client_for, product, commune_official):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    add_document(product, commune_official, DocumentKind.FOOD_SAFETY, expires_on=today - timedelta(days=1))
    add_document(product, commune_official, DocumentKind.TEST_REPORT, expires_on=today + timedelta(days=10))
    add_document(product, commune_official, DocumentKind.TRADEMARK, expires_on=today + timedelta(days=400))
    page = page_of(client_for(commune_official), reverse("products:product_detail", args=[product.pk]))
    flags = page.split('id="document-flags"')[1].split("</div>\n{% endif %}")[0].split("</ul>")[0]
    assert "food_safety.pdf" in flags and "test_report.pdf" in flags and "trademark.pdf" not in flags
    assert (today - timedelta(days=1)).strftime("%d/%m/%Y") in flags


def test_a_return_note_is_shown_to_the_commune(client_for, product, commune_official, district_officer):
    add_document(product, commune_official)
    client_for(commune_official).post(reverse("products:product_action", args=[product.pk, "submit"]))
    client_for(district_officer).post(
        reverse("products:product_action", args=[product.pk, "return"]), {"note": "Thiếu giá bán dự kiến"}
    )
    page = page_of(client_for(commune_official), reverse("products:product_detail", args=[product.pk]))
    assert "Thiếu giá bán dự kiến" in page.split('id="latest-note"')[1]
    assert 'data-action="resubmit"' in page


def test_a_refused_action_says_why_and_saves_nothing(client_for, product, commune_official):
    response = client_for(commune_official).post(
        reverse("products:product_action", args=[product.pk, "submit"]), follow=True
    )
    assert "Phiếu đăng ký" in response.content.decode() or "Registration form" in response.content.decode()
    product.refresh_from_db()
    assert product.status == "draft" and not product.transitions.exists()


# --- Query counts, pinned at two sizes ------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_product_list_query_count_does_not_grow(tree, client_for, district_officer, django_assert_num_queries, rows):
    for index in range(rows):
        ProductFactory(producer=ProducerFactory(commune=tree.commune if index % 2 else tree.other_commune))
    client = client_for(district_officer)
    # session, user, memberships, count, the page's keys and its products (ocop_portal/paging.py), commune filter
    # choices, product set choices
    with django_assert_num_queries(8):
        response = client.get(reverse("products:product_list"), {"status": "draft", "sort": "name"})
    assert len(re.findall(r'href="/products/\d+/"', response.content.decode())) == min(rows, 25)


@pytest.mark.parametrize("rows", [1, 50])
def test_producer_list_query_count_does_not_grow(tree, client_for, district_officer, django_assert_num_queries, rows):
    for index in range(rows):
        ProductFactory(producer=ProducerFactory(commune=tree.commune if index % 2 else tree.other_commune))
    client = client_for(district_officer)
    # session, user, memberships, count, the page's keys and its producers, commune filter choices
    with django_assert_num_queries(7):
        response = client.get(reverse("products:producer_list"), {"legal_form": "cooperative"})
    assert len(re.findall(r'href="/products/producers/\d+/"', response.content.decode())) == min(rows, 25)


def test_filters_narrow_the_list(tree, client_for, district_officer):
    ProductFactory(name="Bưởi da xanh", producer=ProducerFactory(commune=tree.commune))
    ProductFactory(name="Mật ong tràm", producer=ProducerFactory(commune=tree.other_commune, legal_form="household"))
    client = client_for(district_officer)
    body = page_of(client, reverse("products:product_list") + f"?commune={tree.other_commune.pk}")
    assert "Mật ong tràm" in body and "Bưởi da xanh" not in body
    body = page_of(client, reverse("products:product_list") + "?q=bưởi")
    assert "Bưởi da xanh" in body and "Mật ong tràm" not in body
    body = page_of(client, reverse("products:product_list") + "?legal_form=household")
    assert "Mật ong tràm" in body and "Bưởi da xanh" not in body


def test_the_transition_history_is_on_the_page(client_for, product, commune_official, district_officer):
    add_document(product, commune_official)
    client_for(commune_official).post(reverse("products:product_action", args=[product.pk, "submit"]))
    client_for(district_officer).post(reverse("products:product_action", args=[product.pk, "accept"]))
    assert ProductTransition.objects.filter(product=product).count() == 2
    history = page_of(client_for(commune_official), reverse("products:product_detail", args=[product.pk]))
    history = history.split('id="history"')[1]
    assert history.count("<li") == 2
    assert district_officer.get_full_name() in history
