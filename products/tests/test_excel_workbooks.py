"""Exports as real workbooks (title, filter line, frozen header, autofilter, number formats) that import back, and
import templates with drop-down lists and no example row (issue 17 item 1)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from products.excel import load_sheet
from products.models import Producer, Product
from products.resources import ProductExportResource, ProductResource
from products.tests.factories import ProducerFactory, ProductFactory
from products.tests.test_excel import producer_row

pytestmark = pytest.mark.django_db

PRICE, CAPITAL, PRODUCT_SET = "Giá bán dự kiến (đồng)", "Vốn cần (đồng)", "Bộ sản phẩm (số)"


def export(client, what, **filters):
    response = client.get(reverse("products:export", args=[what, "xlsx"]), filters)
    assert response.status_code == 200
    return response.content


def sheet_of(content):
    return load_workbook(io.BytesIO(content)).active


def upload(content, name="ocop-products.xlsx"):
    return SimpleUploadedFile(name, content)


def check(client, what, content):
    return client.post(reverse("products:import", args=[what]), {"file": upload(content)})


def saved(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def products(tree):
    producer = ProducerFactory(commune=tree.commune, name="Cơ sở Phụng Phát", registration_number="6300000101")
    return [
        ProductFactory(name=f"Trà mãng cầu {n}", producer=producer, expected_price=85000 * n, capital_needed=1_500_000)
        for n in (1, 2, 3)
    ]


def test_the_product_export_is_a_workbook_with_title_filters_and_frozen_header(products, client_for, commune_official):
    sheet = sheet_of(export(client_for(commune_official, "en"), "products", q="mãng cầu", status="draft"))
    assert sheet.title == "Products"
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert sheet["A1"].value == f"OCOP product list — exported on {today}"
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == "Search: “mãng cầu”; Status: Draft"
    assert all(cell.value is None for cell in sheet[3])
    headers = [cell.value for cell in sheet[4]]
    assert headers == ProductExportResource(commune_official).get_export_headers()
    assert all(cell.font.bold for cell in sheet[4])
    assert sheet.freeze_panes == "A5"
    assert sheet.auto_filter.ref == f"A4:{sheet.cell(row=4, column=len(headers)).column_letter}7"
    price = sheet.cell(row=5, column=headers.index(PRICE) + 1)
    assert isinstance(price.value, int) and price.value in (85000, 170000, 255000)
    assert price.number_format == "#,##0"
    capital = sheet.cell(row=7, column=headers.index(CAPITAL) + 1)
    assert (capital.value, capital.number_format) == (1_500_000, "#,##0")
    product_set = sheet.cell(row=5, column=headers.index(PRODUCT_SET) + 1)
    assert product_set.value == 13 and product_set.data_type == "n"
    assert sheet.cell(row=5, column=headers.index("Tên sản phẩm") + 1).data_type == "s"
    assert sheet.column_dimensions["D"].width >= len("Trà mãng cầu 1")


def test_an_unfiltered_export_says_so_in_the_users_language(products, client_for, commune_official):
    sheet = sheet_of(export(client_for(commune_official, "en"), "products"))
    assert sheet["A2"].value == "No filter"
    assert sheet_of(export(client_for(commune_official), "products")).title == "Sản phẩm"


def test_the_producer_export_has_the_same_layout(products, client_for, commune_official):
    sheet = sheet_of(export(client_for(commune_official, "en"), "producers"))
    assert sheet.title == "Producers"
    assert sheet["A1"].value.startswith("OCOP producer list — exported on ")
    assert [cell.value for cell in sheet[4]][:2] == ["Tên chủ thể", "Loại hình"]
    assert sheet["A5"].value == "Cơ sở Phụng Phát"
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == (
        "A5",
        f"A4:{sheet.cell(row=4, column=sheet.max_column).column_letter}5",
    )


@pytest.mark.parametrize("what", ["products", "producers"])
def test_the_export_costs_the_same_queries_for_one_row_or_three(tree, client_for, commune_official, what):
    client = client_for(commune_official)
    ProductFactory(producer=ProducerFactory(commune=tree.commune))
    with CaptureQueriesContext(connection) as one:
        export(client, what, q="mãng")
    ProductFactory.create_batch(2, producer=ProducerFactory(commune=tree.commune))
    with CaptureQueriesContext(connection) as three:
        export(client, what, q="mãng")
    assert len(one) == len(three)


def test_an_exported_file_imports_back_unchanged(products, client_for, district_officer):
    client = client_for(district_officer, "en")
    content = export(client, "products")
    response = check(client, "products", content)
    assert not response.context.get("problems"), response.context.get("problems")
    assert response.context["rows"] == 3
    # Ideas not sent yet have no code: imported back, each is a new idea (rows with a code update:
    # products/tests/test_excel_round_trip.py).
    # ... each looking like the idea it came from: flagged, imported only with the box ticked.
    assert response.context["counts"] == {"new": 3, "updated": 0, "unchanged": 0, "flagged": 3}
    assert Product.objects.count() == 3  # the dry run saved nothing
    url, token = reverse("products:import", args=["products"]), response.context["token"]
    client.post(url, {"token": token})
    assert Product.objects.count() == 3
    client.post(url, {"token": token, "confirm_duplicates": "on"})
    assert Product.objects.count() == 6


def test_a_row_error_in_an_edited_export_names_the_excel_row(products, client_for, district_officer):
    client = client_for(district_officer, "en")
    book = load_workbook(io.BytesIO(export(client, "products")))
    sheet = book.active
    headers = [cell.value for cell in sheet[4]]
    sheet.cell(row=6, column=headers.index(PRODUCT_SET) + 1, value=27)  # the second data row
    sheet.cell(row=7, column=headers.index(PRICE) + 1, value="85k")
    problems = check(client, "products", saved(book)).context["problems"]
    assert [(r, c) for r, c, _m in problems] == [(6, PRODUCT_SET), (7, PRICE)]
    assert Product.objects.count() == 3


def test_a_row_cleared_in_the_middle_keeps_the_rows_below_numbered_as_in_excel(products, client_for, district_officer):
    client = client_for(district_officer, "en")
    book = load_workbook(io.BytesIO(export(client, "products")))
    sheet = book.active
    headers = [cell.value for cell in sheet[4]]
    for cell in sheet[5]:  # the first data row, emptied
        cell.value = None
    sheet.cell(row=7, column=headers.index(PRODUCT_SET) + 1, value=27)
    response = check(client, "products", saved(book))
    assert [(r, c) for r, c, _m in response.context["problems"]] == [(7, PRODUCT_SET)]
    assert response.context["rows"] == 2  # the emptied row is not counted


def test_the_header_row_is_found_below_a_title_and_row_one_stays_the_default(products, client_for, commune_official):
    content = export(client_for(commune_official), "products")
    dataset = load_sheet(content, ProductResource(commune_official).columns())
    assert (dataset.header_row, len(dataset)) == (4, 3)
    assert dataset.headers[0] == "Mã sản phẩm"
    assert load_sheet(content).header_row == 1  # what the register import reads


def validations(sheet):
    return {str(validation.sqref): validation.formula1 for validation in sheet.data_validations.dataValidation}


@pytest.mark.parametrize(
    ("what", "lists"),
    [
        ("producers", {"Loại hình": "C", "Xã": "B"}),
        ("products", {"Loại đăng ký": "F", "Xã": "B", PRODUCT_SET: "D", "Tính mới": "G", "Giai đoạn": "H"}),
    ],
)
def test_the_template_has_no_example_row_and_drop_down_lists(tree, client_for, district_officer, what, lists):
    response = client_for(district_officer, "en").get(reverse("products:import_template", args=[what]))
    book = load_workbook(io.BytesIO(response.content))
    data, values = book.worksheets
    assert data.max_row == 1  # nothing below the headers that would be imported
    columns = [cell.value for cell in data[1]]
    found = validations(data)
    ranges = {}
    for column, source in lists.items():
        letter = data.cell(row=1, column=columns.index(column) + 1).column_letter
        ranges[column] = found.get(f"{letter}2:{letter}1000", "")
        assert ranges[column].startswith(f"'{values.title}'!${source}$2:${source}$"), column
    assert all(validation.type == "list" for validation in data.data_validations.dataValidation)
    communes = [row[1].value for row in values.iter_rows(min_row=2) if row[1].value]
    assert communes == ["Thuận Hòa", "Xà Phiên"]  # the names the district officer may register for
    assert ranges["Xã"].endswith("$B$3")  # the list stops at the last commune
    assert data["A1"].comment is not None


def test_a_template_filled_in_one_row_imports(tree, client_for, district_officer):
    client = client_for(district_officer, "en")
    response = client.get(reverse("products:import_template", args=["producers"]))
    book = load_workbook(io.BytesIO(response.content))
    data = book.worksheets[0]
    row = producer_row(**{"Xã": "Thuận Hòa", "Loại hình": "Cooperative (2012 Cooperative Law)"})
    data.append([row.get(cell.value, "") for cell in data[1]])
    response = client.post(reverse("products:import", args=["producers"]), {"file": upload(saved(book), "mau.xlsx")})
    assert response.context["rows"] == 1 and "token" in response.context, response.context.get("problems")
    client.post(reverse("products:import", args=["producers"]), {"token": response.context["token"]})
    assert list(Producer.objects.values_list("name", "commune__code")) == [("HTX Mãng cầu Thuận Hòa", "31484")]


def test_commune_lists_name_both_communes_that_share_a_name(tree, client_for, province_officer):
    from org.tests.factories import CommuneFactory

    CommuneFactory(code="31999", name="Thuận Hòa", parent=tree.other_district)
    response = client_for(province_officer, "en").get(reverse("products:import_template", args=["producers"]))
    values = load_workbook(io.BytesIO(response.content)).worksheets[1]
    communes = {row[0].value: row[1].value for row in values.iter_rows(min_row=2) if row[0].value}
    assert communes["31484"] == "Thuận Hòa (Long Mỹ)" and communes["31999"] == "Thuận Hòa (Vị Thủy)"


def test_cells_right_of_the_headers_are_not_read():
    from openpyxl import Workbook

    from products.excel import load_sheet

    book = Workbook()
    sheet = book.active
    sheet.append(["Tên chủ thể", "Loại hình"])
    sheet.append(["Hợp tác xã A", "HTX", "ghi chú ngoài bảng"])
    buffer = io.BytesIO()
    book.save(buffer)
    dataset = load_sheet(buffer.getvalue())
    assert dataset.headers == ["Tên chủ thể", "Loại hình"] and list(dataset[0]) == ["Hợp tác xã A", "HTX"]
