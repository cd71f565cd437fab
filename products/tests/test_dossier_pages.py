"""The dossier and the business plan through the pages: uploads, removal, the plan's form."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from products.enums import DocumentKind, ProductStatus
from products.models import Document
from products.tests.factories import add_document, loaded_version, page_of, pdf_upload

pytestmark = pytest.mark.django_db


# --- Uploads through the page ---------------------------------------------------------------------


def upload(client, product, content, name, kind="registration_form"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("products:document_add", args=[product.pk]),
        {"kind": kind, "upload": SimpleUploadedFile(name, content), "issued_on": "", "expires_on": "", "note": ""},
    )


def test_an_upload_is_stored_under_media_and_served_to_the_scope_only(settings, client_for, product, commune_official):
    response = upload(client_for(commune_official), product, pdf_upload().read(), "Phiếu đăng ký.pdf")
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.original_name == "Phiếu đăng ký.pdf"
    assert document.file.path.startswith(str(settings.MEDIA_ROOT))
    assert not document.file.name.endswith("Phiếu đăng ký.pdf")  # stored under a random name


def test_a_program_renamed_to_pdf_is_refused(client_for, product, commune_official):
    response = upload(client_for(commune_official), product, b"MZ\x90\x00" + b"\x00" * 200, "hoso.pdf")
    assert response.status_code == 200
    assert "whatever its name says" in response.content.decode() or "dù tên" in response.content.decode()
    assert not Document.objects.exists()


def test_an_oversize_file_is_refused(settings, client_for, product, commune_official):
    settings.UPLOAD_MAX_MB = 1
    big = pdf_upload().read() + b"%" * (1024 * 1024)
    response = upload(client_for(commune_official), product, big, "lon.pdf")
    assert response.status_code == 200
    assert "1,0\xa0MB" in response.content.decode() or "1.0\xa0MB" in response.content.decode()
    assert not Document.objects.exists()


# --- The business plan ----------------------------------------------------------------------------


def test_the_business_plan_is_written_once_the_idea_is_accepted(client_for, objects, commune_official, leadership,
                                                                other_commune_official):  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    from products.models import BusinessPlan

    product = objects["product"]
    url = reverse("products:business_plan", args=[product.pk])
    assert client_for(commune_official).get(url).status_code == 403  # a draft has no plan yet
    product.status = ProductStatus.ACCEPTED
    product.save()
    assert client_for(other_commune_official).get(url).status_code == 404
    assert client_for(leadership).get(url).status_code == 403
    figures = {"investment": "500000000", "own_capital": "300000000", "loans": "150000000", "budget_support": "0",
               "revenue_year1": "400000000", "profit_year1": "-20000000"}  # fmt: skip
    bad = client_for(commune_official).post(url, {**figures, "upload": SimpleUploadedFile("kh.pdf", b"MZ" * 40)})
    assert bad.status_code == 200 and not BusinessPlan.objects.exists()
    too_much = client_for(commune_official).post(url, {**figures, "loans": "900000000", "upload": pdf_upload("kh.pdf")})
    assert (
        too_much.status_code == 200
        and not BusinessPlan.objects.exists()
        and not Document.objects.filter(kind="business_plan").exists()
    )
    ok = client_for(commune_official).post(url, {**figures, "upload": pdf_upload("ke-hoach.pdf")})
    assert ok.status_code == 302
    plan = BusinessPlan.objects.get()
    assert (plan.investment, plan.profit_year1, plan.document.kind) == (500_000_000, -20_000_000, "business_plan")
    page = page_of(client_for(commune_official), reverse("products:product_detail", args=[product.pk]))
    assert "500.000.000 đ" in page and "ke-hoach.pdf" in page


def test_only_the_uploader_removes_a_document(client_for, product, commune_official, district_officer):
    mine = add_document(product, commune_official)
    theirs = add_document(product, district_officer, DocumentKind.TEST_REPORT)
    client = client_for(commune_official)
    assert client.post(reverse("products:document_delete", args=[theirs.pk])).status_code == 403
    assert client.post(reverse("products:document_delete", args=[mine.pk])).status_code == 302
    assert list(Document.objects.values_list("pk", flat=True)) == [theirs.pk]
    page = page_of(client, reverse("products:product_detail", args=[product.pk]))
    assert reverse("products:document_delete", args=[theirs.pk]) not in page


def test_a_producer_with_products_keeps_its_commune(tree, client_for, district_officer, product, producer):
    client, url = client_for(district_officer, "en"), reverse("products:producer_edit", args=[producer.pk])
    response = client.post(
        url,
        {
            "version": loaded_version(client, url),
            "name": producer.name,
            "legal_form": producer.legal_form,
            "registration_number": producer.registration_number,
            "representative": "X",
            "commune": tree.other_commune.pk,
        },  # fmt: skip
    )
    assert response.status_code == 200
    assert "its commune cannot change" in response.content.decode()
    producer.refresh_from_db()
    assert producer.commune == tree.commune


def test_dossier_files_are_not_served_from_media_even_in_development(client, settings, document):
    from django.test import override_settings
    from django.urls import clear_url_caches

    assert client.get("/media/" + document.file.name).status_code == 404
    with override_settings(DEBUG=True):
        clear_url_caches()
        assert client.get("/media/" + document.file.name).status_code == 404
    clear_url_caches()


def test_sort_options_are_vietnamese(client_for, district_officer):
    page = page_of(client_for(district_officer), reverse("products:product_list"))
    assert "(descending)" not in page


def test_a_document_issued_in_the_future_is_refused(client_for, product, commune_official):
    tomorrow = timezone.localdate() + timedelta(days=1)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(commune_official).post(
        reverse("products:document_add", args=[product.pk]),
        {"kind": "food_safety", "upload": SimpleUploadedFile("attp.pdf", pdf_upload().read()),
         "issued_on": tomorrow.isoformat(), "expires_on": "", "note": ""},
    )  # fmt: skip
    assert response.status_code == 200
    assert "in the future" in response.content.decode() or "trong tương lai" in response.content.decode()
    assert not Document.objects.exists()
