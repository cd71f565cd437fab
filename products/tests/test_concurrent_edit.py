"""Two officials editing the same record (products.versions): the second save is refused with what changed, who
changed it and when; nothing is saved and nothing the second official typed is lost; saving again goes through."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from products import services
from products.enums import ProductStatus
from products.models import Producer, Product
from products.tests.factories import add_document, form_values
from products.versions import StaleEdit, parse_version, version_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def first(commune_official):
    commune_official.first_name, commune_official.last_name = "Trần Thị", "Bích"
    commune_official.save()
    return commune_official


@pytest.fixture
def second(district_officer):
    return district_officer  # registers for the commune too: may edit the same product


def test_the_second_save_is_refused_with_what_changed_and_keeps_what_was_typed(client_for, product, first, second):
    url = reverse("products:product_edit", args=[product.pk])
    a, b = client_for(first, "en"), client_for(second, "en")
    assert first.has_perm("products.change_product_record", product)
    assert second.has_perm("products.change_product_record", product)
    loaded_by_a, loaded_by_b = form_values(a.get(url)), form_values(b.get(url))

    response = a.post(url, {**loaded_by_a, "name": "Trà mãng cầu xiêm", "expected_price": "65000"})
    assert response.status_code == 302
    typed_by_b = {**loaded_by_b, "brand": "Phụng Phát Tea", "workers_total": "12"}
    response = b.post(url, typed_by_b)

    assert response.status_code == 200  # refused: the page again
    stored = Product.objects.get(pk=product.pk)
    values = (stored.name, stored.expected_price, stored.brand, stored.workers_total)
    assert values == ("Trà mãng cầu xiêm", 65000, "", None)  # the first's save stands, none of the second's
    page = response.content.decode()
    conflict = page.split('id="edit-conflict"')[1].split("</div>")[0]
    assert "Someone else saved this product after you opened it" in conflict
    assert "Product name</strong>: Trà mãng cầu Phụng Phát → Trà mãng cầu xiêm" in conflict
    assert "Expected retail price (đồng)</strong>: — → 65" in conflict
    assert "by Trần Thị Bích" in conflict
    assert "Brand" not in conflict  # what the first did not change is not listed
    [change] = [c for c in response.context["conflict"].changes if c.label == "Product name"]
    assert change.who == "Trần Thị Bích" and change.when == stored.history.latest("history_date").history_date

    # Nothing typed is lost: the form holds the second's values, and now the stored version.
    shown = form_values(response)
    typed = (shown["brand"], shown["workers_total"], shown["name"])
    assert typed == ("Phụng Phát Tea", "12", "Trà mãng cầu Phụng Phát")
    assert 'value="Phụng Phát Tea"' in page
    assert f'<input type="hidden" name="version" value="{shown["version"]}"' in page
    assert parse_version(shown["version"]) == stored.updated_at

    # Having seen the changes, the second takes the first's into the form and saves again: it goes through.
    response = b.post(url, {**shown, "name": "Trà mãng cầu xiêm", "expected_price": "65000"})
    assert response.status_code == 302
    stored.refresh_from_db()
    values = (stored.name, stored.expected_price, stored.brand, stored.workers_total)
    assert values == ("Trà mãng cầu xiêm", 65000, "Phụng Phát Tea", 12)
    assert [r.history_user for r in stored.history.order_by("history_id")][-2:] == [first, second]


def test_the_same_goes_for_a_producer(client_for, producer, first, second):
    url = reverse("products:producer_edit", args=[producer.pk])
    a, b = client_for(first, "en"), client_for(second, "en")
    loaded_by_a, loaded_by_b = form_values(a.get(url)), form_values(b.get(url))
    assert a.post(url, {**loaded_by_a, "phone": "0987654321"}).status_code == 302

    response = b.post(url, {**loaded_by_b, "representative": "Lê Thị Hoa"})

    assert response.status_code == 200
    stored = Producer.objects.get(pk=producer.pk)
    assert (stored.phone, stored.representative) == ("0987654321", "Nguyễn Văn Đại")
    conflict = response.content.decode().split('id="edit-conflict"')[1].split("</div>")[0]
    assert "Someone else saved this producer" in conflict
    assert "Phone</strong>: 0912345678 → 0987654321" in conflict and "by Trần Thị Bích" in conflict
    shown = form_values(response)
    assert shown["representative"] == "Lê Thị Hoa"
    assert b.post(url, shown).status_code == 302
    stored.refresh_from_db()
    assert (stored.phone, stored.representative) == ("0912345678", "Lê Thị Hoa")  # saving again keeps yours


def test_a_workflow_step_in_between_counts_as_a_change(client_for, product, first, second):
    url = reverse("products:product_edit", args=[product.pk])
    a = client_for(first, "en")
    loaded = form_values(a.get(url))
    add_document(product, first)
    a.post(reverse("products:product_action", args=[product.pk, "submit"]))
    client_for(second).post(
        reverse("products:product_action", args=[product.pk, "return"]), {"note": "Bổ sung nguồn nguyên liệu"}
    )  # editable again

    response = a.post(url, {**loaded, "raw_materials": "Mãng cầu xiêm Thuận Hòa"})

    assert response.status_code == 200
    stored = Product.objects.get(pk=product.pk)
    assert (stored.status, stored.raw_materials) == (ProductStatus.RETURNED, "")
    conflict = response.content.decode().split('id="edit-conflict"')[1].split("</div>")[0]
    assert f"Status</strong>: Draft → {ProductStatus.RETURNED.label}" in conflict
    assert f"by {second.get_full_name()}" in conflict
    assert a.post(url, form_values(response)).status_code == 302
    stored.refresh_from_db()
    assert (stored.status, stored.raw_materials) == (ProductStatus.RETURNED, "Mãng cầu xiêm Thuận Hòa")


def test_a_post_without_the_version_saves_nothing(client_for, product, first):
    url = reverse("products:product_edit", args=[product.pk])
    client = client_for(first, "en")
    data = {key: value for key, value in form_values(client.get(url)).items() if key != "version"}

    response = client.post(url, {**data, "name": "Tên mới"})

    assert response.status_code == 200
    assert "This page is out of date" in response.content.decode()
    assert Product.objects.get(pk=product.pk).name == product.name


@pytest.mark.parametrize("kind", ["product", "producer"])
def test_the_service_refuses_a_stale_version_and_saves_nothing(request, first, second, kind):
    record = request.getfixturevalue(kind)
    save = services.save_product if kind == "product" else services.save_producer
    loaded = parse_version(version_of(record))
    mine, theirs = type(record).objects.get(pk=record.pk), type(record).objects.get(pk=record.pk)
    theirs.name = "Tên của người trước"
    save(theirs, user=first, version=loaded)

    mine.name = "Tên của tôi"
    with pytest.raises(ValidationError) as refused:
        save(mine, user=second, version=loaded)

    assert isinstance(refused.value, StaleEdit) and refused.value.code == "stale"
    assert "Tên của người trước" in refused.value.messages[0]
    stored = type(record).objects.get(pk=record.pk)
    assert stored.name == "Tên của người trước"
    assert stored.history.count() == record.history.count()  # no history row for the refused save
    assert save(mine, user=second, version=stored.updated_at).name == "Tên của tôi"  # the current version passes


def test_no_version_means_no_check_for_the_services_other_callers(product, first):
    product.name = "Tên từ dịch vụ"  # the demo data and imports save without a loaded version
    services.save_product(product, user=first)
    assert Product.objects.get(pk=product.pk).name == "Tên từ dịch vụ"
