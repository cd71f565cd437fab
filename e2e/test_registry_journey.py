"""Journey 2: the product registry, from registration to an accepted idea.

A commune official registers a producer and a product idea, uploads the registration form and submits it;
the district officer returns it with a note; the commune official reads the note, edits and resubmits;
the district officer accepts it. The new registry strings may not be translated yet, so the test finds
elements by id, name and data-* attributes rather than by their visible text.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.session import sign_in, sign_out
from products.demo import demo_pdf
from products.enums import DocumentKind, LegalForm, ProductStatus, RegistrationKind
from products.models import Document, Producer, Product, ProductSet, ProductTransition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RETURN_NOTE = "Bổ sung quy cách đóng gói và nguồn nguyên liệu."
SAVE = "input[type=submit][name=save]"  # the form's own button, not the language switch's


@pytest.fixture
def product_set_13(tree):
    return ProductSet.objects.get(number=13)


def action_button(page, action):
    return page.locator(f"#actions button[data-action='{action}']")


def expect_status(page, status):
    expect(page.locator(f"#status [data-status='{status}']")).to_be_visible()


def test_product_idea_is_registered_returned_resubmitted_and_accepted(
    page, screenshot, tree, commune_official, district_officer, product_set_13
):
    # 1. The commune official registers a producer from the Producers menu…
    sign_in(page, commune_official)
    if page.viewport_name == "phone":
        page.locator("button.navbar-toggler").click()
    page.locator("#main-nav a.nav-link[href='/products/producers/']").click()
    expect(page).to_have_url("/products/producers/")
    page.locator("main a[href='/products/producers/add/']").click()
    expect(page).to_have_url("/products/producers/add/")
    page.locator("#id_name").fill("HTX Khóm Thuận Hòa")
    page.locator("#id_legal_form").select_option(LegalForm.COOPERATIVE.value)
    page.locator("#id_registration_number").fill("6300123456")
    page.locator("#id_representative").fill("Trần Thị Bình")
    page.locator("#id_phone").fill("0912345678")
    page.locator("#id_commune").select_option(str(tree.commune.pk))
    page.locator("#id_hamlet").fill("Ấp 3")
    page.locator("#id_members_count").fill("12")
    screenshot("registry-producer-form")
    page.locator(SAVE).click()
    expect(page).to_have_url(re.compile(r"/products/producers/\d+/$"))
    producer = Producer.objects.get(registration_number="6300123456")
    expect(page.locator("h1")).to_have_text("HTX Khóm Thuận Hòa")

    # …then a product idea for it, from the button on the producer page.
    page.locator(f"main a[href='/products/add/?producer={producer.pk}']").click()
    expect(page.locator("#id_producer")).to_have_value(str(producer.pk))
    expect(page.locator("#id_product_set option[value]:not([value=''])")).to_have_count(26)
    page.locator("#id_kind").select_option(RegistrationKind.NEW_IDEA.value)
    page.locator("#id_name").fill("Khóm sấy dẻo Thuận Hòa")
    page.locator("#id_product_set").select_option(str(product_set_13.pk))
    page.locator("#id_value_proposition").fill("Khóm sấy dẻo không đường, giữ vị chua ngọt tự nhiên.")
    page.locator("#id_raw_materials").fill("Khóm Cầu Đúc trồng tại xã.")
    page.locator(SAVE).click()
    expect(page).to_have_url(re.compile(r"/products/\d+/$"))
    product = Product.objects.get(name="Khóm sấy dẻo Thuận Hòa")
    product_url = f"/products/{product.pk}/"
    expect(page).to_have_url(product_url)
    expect_status(page, ProductStatus.DRAFT)
    expect(page.locator("#product-code")).to_have_count(0)  # the code comes with the first submission

    # The registration form goes into the dossier.
    page.locator(f"#dossier a[href='/products/{product.pk}/documents/add/']").click()
    page.locator("#id_kind").select_option(DocumentKind.REGISTRATION_FORM.value)
    page.locator("#id_upload").set_input_files(
        {"name": "phieu-dang-ky.pdf", "mimeType": "application/pdf", "buffer": demo_pdf("Phieu dang ky")}
    )
    page.locator(SAVE).click()
    expect(page).to_have_url(product_url)
    expect(page.locator("#dossier a", has_text="phieu-dang-ky.pdf")).to_be_visible()
    screenshot("registry-product-draft")

    action_button(page, "submit").click()
    expect(page).to_have_url(product_url)
    expect_status(page, ProductStatus.SUBMITTED)
    year = timezone.localdate().year
    expect(page.locator("#product-code")).to_have_text(f"93-936-001-{year}")
    expect(action_button(page, "submit")).to_have_count(0)
    sign_out(page)

    # 2. The district officer returns it with a note.
    sign_in(page, district_officer)
    page.goto(product_url)
    expect_status(page, ProductStatus.SUBMITTED)
    expect(action_button(page, "accept")).to_be_visible()
    page.locator("#actions form:has(button[data-action='return']) textarea[name=note]").fill(RETURN_NOTE)
    screenshot("registry-district-review")
    action_button(page, "return").click()
    expect(page).to_have_url(product_url)
    expect_status(page, ProductStatus.RETURNED)
    sign_out(page)

    # 3. The commune official reads the note, edits the product and resubmits.
    sign_in(page, commune_official)
    page.goto(product_url)
    expect_status(page, ProductStatus.RETURNED)
    expect(page.locator("#latest-note")).to_contain_text(RETURN_NOTE)
    screenshot("registry-returned")
    page.locator(f"main a[href='/products/{product.pk}/edit/']").click()
    expect(page).to_have_url(f"/products/{product.pk}/edit/")
    expect(page.locator("#id_name")).to_have_value("Khóm sấy dẻo Thuận Hòa")
    page.locator("#id_packaging").fill("Túi zip 200 g")
    page.locator("#id_raw_materials").fill("Khóm Cầu Đúc trồng tại ấp 3, xã Thuận Hòa (90% nguyên liệu tại chỗ).")
    page.locator("#id_local_material_pct").fill("90")
    page.locator(SAVE).click()
    expect(page).to_have_url(product_url)
    expect(page.locator("main")).to_contain_text("Túi zip 200 g")
    action_button(page, "resubmit").click()
    expect(page).to_have_url(product_url)
    expect_status(page, ProductStatus.SUBMITTED)
    expect(page.locator("#latest-note")).to_have_count(0)
    expect(page.locator("#product-code")).to_have_text(f"93-936-001-{year}")  # resubmission keeps the code
    sign_out(page)

    # 4. The district officer accepts it.
    sign_in(page, district_officer)
    page.goto(product_url)
    action_button(page, "accept").click()
    expect(page).to_have_url(product_url)
    expect_status(page, ProductStatus.ACCEPTED)
    expect(page.locator("#product-code")).to_have_text(re.compile(rf"^93-936-001-{year}$"))
    for action in ("accept", "return", "reject", "resubmit"):
        expect(action_button(page, action)).to_have_count(0)
    history = page.locator("#history li")
    expect(history).to_have_count(5)  # created, submitted, returned, resubmitted, accepted
    expect(history.nth(2)).to_contain_text(RETURN_NOTE)
    expect(history.nth(4)).to_contain_text(district_officer.get_full_name())
    screenshot("registry-accepted")

    # The database agrees: who did what, in order, and the note.
    product.refresh_from_db()
    assert product.status == ProductStatus.ACCEPTED
    assert product.code == f"93-936-001-{year}"
    assert product.product_set == product_set_13
    assert product.producer == producer and product.commune == tree.commune
    assert product.packaging == "Túi zip 200 g" and product.local_material_pct == 90
    assert product.created_by == commune_official
    steps = list(
        ProductTransition.objects.filter(product=product).values_list("from_status", "to_status", "actor", "note")
    )
    S = ProductStatus
    assert steps == [
        ("", S.DRAFT, commune_official.pk, ""),
        (S.DRAFT, S.SUBMITTED, commune_official.pk, ""),
        (S.SUBMITTED, S.RETURNED, district_officer.pk, RETURN_NOTE),
        (S.RETURNED, S.SUBMITTED, commune_official.pk, ""),
        (S.SUBMITTED, S.ACCEPTED, district_officer.pk, ""),
    ]
    document = Document.objects.get(product=product)
    assert (document.kind, document.original_name, document.content_type) == (
        DocumentKind.REGISTRATION_FORM,
        "phieu-dang-ky.pdf",
        "application/pdf",
    )
    assert document.uploaded_by == commune_official
    with document.file.open("rb") as stored:
        assert stored.read() == demo_pdf("Phieu dang ky")
