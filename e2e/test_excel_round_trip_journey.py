"""Journey of issue 17, item 1: the commune official exports the product list, corrects three rows in Excel and
imports the file back; the preview says which rows update what, and after confirming exactly those three products
have changed and nothing was created."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from e2e.session import sign_in
from products.enums import ProductStatus
from products.models import Product
from products.tests.factories import ProducerFactory, ProductFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NAME, PRICE = "Tên sản phẩm", "Giá bán dự kiến (đồng)"


def test_export_edit_three_rows_import_updates_exactly_those(page, screenshot, tmp_path, tree, commune_official):
    producer = ProducerFactory(commune=tree.commune, name="Cơ sở Phụng Phát", registration_number="6300000101")
    for n in range(1, 6):
        product = ProductFactory(name=f"Trà mãng cầu {n}", producer=producer, expected_price=85000)
        Product.objects.filter(pk=product.pk).update(code=f"93-936-00{n}-2026", status=ProductStatus.RETURNED)
    before = dict(Product.objects.values_list("code", "name"))

    sign_in(page, commune_official)
    page.goto("/products/")
    with page.expect_download() as download:
        page.locator("a[href^='/products/export/products.xlsx']").click()
    path = tmp_path / "ocop-products.xlsx"
    download.value.save_as(path)

    book = load_workbook(io.BytesIO(path.read_bytes()))
    sheet = book.active
    headers = [cell.value for cell in sheet[4]]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(5, sheet.max_row + 1)}
    sheet.cell(row=rows["93-936-001-2026"], column=headers.index(NAME) + 1).value = "Trà mãng cầu túi lọc"
    sheet.cell(row=rows["93-936-002-2026"], column=headers.index(NAME) + 1).value = "Trà mãng cầu hộp giấy"
    sheet.cell(row=rows["93-936-003-2026"], column=headers.index(PRICE) + 1).value = 95000
    book.save(path)

    page.locator("a[href='/products/import/products/']").first.click()
    page.locator("input[type=file][name=file]").set_input_files(str(path))
    page.locator("form:has(input[type=file]) [type=submit]").click()
    expect(page.locator("#import-outcomes tr[data-outcome='updated']")).to_have_count(3)
    expect(page.locator(f"#import-outcomes tr[data-row='{rows['93-936-003-2026']}']")).to_contain_text(PRICE)
    screenshot("excel-round-trip-preview")
    assert dict(Product.objects.values_list("code", "name")) == before  # nothing saved before confirming
    page.locator("#confirm-import").click()
    expect(page).to_have_url("/products/")
    expect(page.get_by_text("Trà mãng cầu túi lọc")).to_be_visible()

    after = dict(Product.objects.values_list("code", "name"))
    assert Product.objects.count() == 5  # nothing created
    assert {code for code in after if after[code] != before[code]} == {"93-936-001-2026", "93-936-002-2026"}
    assert Product.objects.get(code="93-936-003-2026").expected_price == 95000
    assert set(Product.objects.filter(expected_price=85000).values_list("code", flat=True)) == {
        "93-936-001-2026", "93-936-002-2026", "93-936-004-2026", "93-936-005-2026",
    }  # fmt: skip
