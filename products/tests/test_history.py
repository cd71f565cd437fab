"""The change history (django-simple-history) of producers, products and their documents: kept with who and when
through the app's own views, shown on the detail pages to those who see the record, and in the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from org.enums import Role
from org.tests.factories import member
from products.models import Document, Producer, Product
from products.tests.factories import ProducerFactory, loaded_version, page_of
from products.tests.test_excel import check, product_row

pytestmark = pytest.mark.django_db


def audit_of(page):
    return page.split('id="audit-history"')[1].split("</section>")[0]


def producer_data(producer, **changes):
    fields = ["name", "legal_form", "registration_number", "representative", "phone", "commune", "hamlet"]
    data = {name: getattr(producer, f"{name}_id" if name == "commune" else name) for name in fields}
    return {**data, **changes}


def test_a_producer_edit_is_kept_with_who_when_and_old_to_new(client_for, producer, commune_official):
    client, url = client_for(commune_official, "en"), reverse("products:producer_edit", args=[producer.pk])
    response = client.post(url, producer_data(producer, name="HTX Phụng Phát", version=loaded_version(client, url)))
    assert response.status_code == 302
    last = Producer.history.filter(id=producer.pk).latest("history_date")
    assert (last.history_type, last.history_user, last.name) == ("~", commune_official, "HTX Phụng Phát")
    audit = audit_of(page_of(client, reverse("products:producer_detail", args=[producer.pk])))
    assert "Name: Cơ sở Phụng Phát → HTX Phụng Phát" in audit
    assert commune_official.username in audit or commune_official.get_full_name() in audit
    vietnamese = audit_of(
        page_of(client_for(commune_official), reverse("products:producer_detail", args=[producer.pk]))
    )
    assert "Lịch sử thay đổi" in page_of(
        client_for(commune_official), reverse("products:producer_detail", args=[producer.pk])
    )
    assert "Cơ sở Phụng Phát → HTX Phụng Phát" in vietnamese


def test_a_submission_and_the_documents_show_on_the_product_page(client_for, objects, commune_official):
    product, document = objects["product"], objects["document"]
    client = client_for(commune_official, "en")
    client.post(reverse("products:product_action", args=[product.pk, "submit"]))
    last = Product.history.filter(id=product.pk).latest("history_date")
    assert (last.history_user, last.status) == (commune_official, "submitted")
    audit = audit_of(page_of(client, reverse("products:product_detail", args=[product.pk])))
    assert "Status: Draft → Submitted for review" in audit
    assert f"{document.get_kind_display()}: {document.original_name}" in audit  # the document's upload, by name
    client.post(reverse("products:document_delete", args=[document.pk]))
    assert Document.history.filter(id=document.pk, history_type="-").exists()


@pytest.mark.parametrize("name", ["producer_detail", "product_detail"])
def test_another_districts_user_still_gets_404(tree, client_for, objects, name):
    outsider = member(Role.DISTRICT_OFFICER, tree.other_district, username="huyen.vithuy")
    key = name.split("_")[0]
    assert client_for(outsider).get(reverse(f"products:{name}", args=[objects[key].pk])).status_code == 404


@pytest.mark.parametrize("model", ["producer", "product", "document"])
def test_the_admin_sees_any_records_history(client, objects, model):
    admin = get_user_model().objects.create_superuser("quantri", "quantri@example.org", "x")
    client.force_login(admin)
    response = client.get(reverse(f"admin:products_{model}_history", args=[objects[model].pk]))
    assert response.status_code == 200
    assert response.context["page_obj"].object_list


def test_imported_product_ideas_get_their_first_history_row_by_the_importer(tree, client_for, district_officer):
    ProducerFactory(commune=tree.commune, name="Cơ sở Phụng Phát", registration_number="6300000101")
    client = client_for(district_officer)
    response = check(client, "products", [product_row()])
    client.post(reverse("products:import", args=["products"]), {"token": response.context["token"]})
    product = Product.objects.get()
    assert list(product.history.values_list("history_type", "history_user", "status")) == [
        ("+", district_officer.pk, "draft")
    ]
