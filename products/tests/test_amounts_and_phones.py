"""Amounts and phone numbers as people type them (issue 17, item 6), through the registry's pages."""

import importlib
import re

import pytest
from django.apps import apps
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from ocop_portal.amounts import AmountField
from products.enums import ProductStatus
from products.models import BusinessPlan, Producer
from products.phones import PhoneField
from products.tests.factories import ProducerFactory, form_values, pdf_upload
from products.tests.test_excel import check, officer, producer_row  # noqa: F401 (officer is a fixture)

pytestmark = pytest.mark.django_db


def message(field_class):
    with translation.override("vi"):
        return escape(str(field_class().error_messages["invalid"]))


# --- Amounts: the business plan and the idea form -------------------------------------------------------------


@pytest.fixture
def plan_page(product, client_for, commune_official):
    product.status = ProductStatus.ACCEPTED
    product.save()
    return client_for(commune_official), reverse("products:business_plan", args=[product.pk])


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("185.000", 185_000), ("185 000", 185_000), ("185\u00a0000", 185_000), ("185000", 185_000), ("35.500", 35_500)],
)
def test_the_business_plan_reads_amounts_as_typed(plan_page, typed, stored):
    client, url = plan_page
    figures = {"investment": typed, "own_capital": typed, "profit_year1": f"-{typed}"}
    response = client.post(url, {**figures, "upload": pdf_upload("ke-hoach.pdf")})
    assert response.status_code == 302
    plan = BusinessPlan.objects.get()
    assert (plan.investment, plan.own_capital, plan.profit_year1) == (stored, stored, -stored)


@pytest.mark.parametrize("typed", ["1.23", "12,5", "abc", "185.00", "1.5000"])
def test_an_amount_that_cannot_be_read_is_refused_and_nothing_saved(plan_page, typed):
    client, url = plan_page
    before = BusinessPlan.objects.count()
    response = client.post(url, {"investment": typed, "upload": pdf_upload("ke-hoach.pdf")})
    assert response.status_code == 200
    assert message(AmountField) in response.content.decode()
    assert response.context["form"].errors["investment"] == [str(AmountField().error_messages["invalid"])]
    assert BusinessPlan.objects.count() == before == 0


def test_a_negative_amount_is_refused_where_it_was(plan_page):
    client, url = plan_page
    response = client.post(url, {"investment": "-185.000", "upload": pdf_upload("ke-hoach.pdf")})
    assert response.status_code == 200 and "investment" in response.context["form"].errors
    assert not BusinessPlan.objects.exists()


def test_the_form_shows_amounts_with_thousands_separators_again(plan_page):
    client, url = plan_page
    assert client.post(url, {"investment": "185000", "upload": pdf_upload("ke-hoach.pdf")}).status_code == 302
    page = client.get(url).content.decode()
    assert 'name="investment" value="185.000"' in page
    assert 'type="text" name="investment"' in page and 'inputmode="numeric"' in page and "step=" not in page
    # What was typed and refused comes back as typed; what was read comes back grouped.
    response = client.post(url, {"investment": "1.23", "own_capital": "35500"})
    page = response.content.decode()
    assert 'value="1.23"' in page and 'value="35.500"' in page


def test_the_idea_form_reads_and_shows_prices_the_same_way(product, client_for, commune_official):
    client, url = client_for(commune_official), reverse("products:product_edit", args=[product.pk])
    shown = form_values(client.get(url))
    assert client.post(url, {**shown, "expected_price": "35.500", "capital_needed": "185 000"}).status_code == 302
    product.refresh_from_db()
    assert (product.expected_price, product.capital_needed) == (35_500, 185_000)
    assert 'name="expected_price" value="35.500"' in client.get(url).content.decode()
    response = client.post(url, {**form_values(client.get(url)), "expected_price": "12,5"})
    assert response.status_code == 200 and message(AmountField) in response.content.decode()
    product.refresh_from_db()
    assert product.expected_price == 35_500


# --- Phone numbers --------------------------------------------------------------------------------------------


def producer_data(tree, phone):
    return {"name": "HTX Bưởi Thuận Hòa", "legal_form": "cooperative", "representative": "Lê Văn A", "phone": phone,
            "commune": tree.commune.pk, "hamlet": "Ấp 3"}  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0293 3871 234", "02933871234"),
        ("+84 293 3871 234", "+842933871234"),
        ("(0293) 3.871.234", "02933871234"),
        ("0912-345-678", "0912345678"),
        ("0912\u00a0345\u00a0678", "0912345678"),
        ("", ""),
    ],
)
def test_a_phone_is_stored_compact(tree, client_for, commune_official, typed, stored):
    response = client_for(commune_official).post(reverse("products:producer_add"), producer_data(tree, typed))
    assert response.status_code == 302
    assert Producer.objects.get().phone == stored


@pytest.mark.parametrize("typed", ["12345", "0293 3871 234 56", "+85 293 3871 234", "abc", "0912/345/678"])
def test_a_bad_phone_is_refused_with_a_message(tree, client_for, commune_official, typed):
    before = Producer.objects.count()
    response = client_for(commune_official).post(reverse("products:producer_add"), producer_data(tree, typed))
    assert response.status_code == 200
    assert message(PhoneField) in response.content.decode()
    assert Producer.objects.count() == before == 0


def test_the_box_lets_a_spaced_number_be_typed_whole(client_for, commune_official):
    page = client_for(commune_official).get(reverse("products:producer_add")).content.decode()
    box = re.search(r'<input type="text" name="phone"[^>]*>', page).group()
    assert 'inputmode="tel"' in box and 'maxlength="30"' in box  # "+84 (293) 3.871.234" fits; 15 would not


def test_the_producer_page_shows_the_phone_grouped(tree, client_for, commune_official):
    producer = ProducerFactory(commune=tree.commune, phone="02933871234")
    page = client_for(commune_official).get(reverse("products:producer_detail", args=[producer.pk])).content.decode()
    assert 'href="tel:02933871234"' in page and ">0293 3871 234</a>" in page


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("02933871234", "0293 3871 234"),
        ("0912345678", "0912 345 678"),
        ("+842933871234", "+84 293 3871 234"),
        ("+84912345678", "+84 912 345 678"),
        ("091234567", "091234567"),  # an old 9-digit number: as stored
        ("", ""),
    ],
)
def test_the_phone_filter_groups_for_reading(stored, shown):
    assert Template("{% load products_tags %}{{ number|phone }}").render(Context({"number": stored})) == shown


def test_the_migration_compacts_stored_phones_and_leaves_the_unreadable(tree):
    migration = importlib.import_module("products.migrations.0009_normalise_phone_numbers")
    numbers = ["0293 3871 234", "+84 912 345 678", "(0293) 3871.234", "0912345678", "", "số cũ 123"]  # ≤ 15
    producers = [ProducerFactory(commune=tree.commune, phone="0912345678") for _ in numbers]
    for producer, number in zip(producers, numbers, strict=True):
        Producer.objects.filter(pk=producer.pk).update(phone=number)  # as an older version could have stored them
    migration.normalise_phones(apps, None)
    stored = [Producer.objects.get(pk=p.pk).phone for p in producers]
    assert stored == ["02933871234", "+84912345678", "02933871234", "0912345678", "", "số cũ 123"]


# --- The Excel import reads phones as the form does -----------------------------------------------------------


def test_the_import_stores_phones_compact(tree, officer):  # noqa: F811
    household = {"Tên chủ thể": "Hộ Ba", "Mã số ĐKKD": "", "Loại hình": "unregistered"}
    rows = [
        producer_row(**{"Điện thoại": "0293 3871 234"}),
        producer_row(**household, **{"Điện thoại": 912345678}),  # a number cell: Excel dropped the leading 0
    ]
    response = check(officer, "producers", rows)
    assert 'id="import-ready"' in response.content.decode()
    officer.post(reverse("products:import", args=["producers"]), {"token": response.context["token"]})
    assert sorted(Producer.objects.values_list("phone", flat=True)) == ["02933871234", "0912345678"]


def test_the_import_refuses_a_bad_phone(tree, officer):  # noqa: F811
    response = check(officer, "producers", [producer_row(**{"Điện thoại": "0293 3871"})])
    assert 'id="import-ready"' not in response.content.decode()
    assert not Producer.objects.exists()


# --- The administration types them the same way ---------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("quantri", "quantri@example.org", "x"))
    return client


def test_the_admin_reads_and_shows_amounts_and_phones_as_the_forms_do(admin_client, product):
    plan = BusinessPlan.objects.create(product=product, investment=185_000, profit_year1=-35_500)
    page = admin_client.get(reverse("admin:products_businessplan_change", args=[plan.pk])).content.decode()
    assert 'value="185.000"' in page and 'value="-35.500"' in page and 'inputmode="numeric"' in page
    url = reverse("admin:products_producer_change", args=[product.producer.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {bound.html_name: bound.value() for bound in form if bound.value() is not None}
    assert admin_client.post(url, {**data, "phone": "(0293) 3.871.234"}).status_code == 302
    product.producer.refresh_from_db()
    assert product.producer.phone == "02933871234"
