"""Excel: the template, the dry run that lists row errors and saves nothing, the confirmed import, the export."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from products.demo import demo_pdf
from products.models import Producer, Product
from products.resources import ProducerResource, ProductResource
from products.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def workbook(columns, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column, "") for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("nhap.xlsx", buffer.getvalue())


def producer_row(**changes):
    row = {
        "Tên chủ thể": "HTX Mãng cầu Thuận Hòa",
        "Loại hình": "Hợp tác xã (Luật Hợp tác xã 2012)",
        "Mã số ĐKKD": "6300111111",
        "Người đại diện": "Nguyễn Văn Phụng",
        "Điện thoại": "0912345678",
        "Xã": "31484",
        "Ấp": "Ấp 2",
        "Vốn cộng đồng (%)": 100,
        "Số thành viên": 12,
    }
    row.update(changes)
    return row


def product_row(**changes):
    row = {
        "Loại đăng ký": "existing",
        "Tên sản phẩm": "Trà mãng cầu",
        "Chủ thể (mã số ĐKKD hoặc tên)": "6300000101",
        "Xã": "Thuận Hòa",
        "Bộ sản phẩm (số)": 13,
        "Năm đăng ký": 2026,
        "Giá bán dự kiến (đồng)": "85.000",
    }
    row.update(changes)
    return row


def check(client, what, rows, columns=None):
    resource = {"producers": ProducerResource, "products": ProductResource}[what]
    columns = columns or resource(None).columns()
    return client.post(reverse("products:import", args=[what]), {"file": workbook(columns, rows)})


@pytest.fixture
def officer(client_for, district_officer):
    return client_for(district_officer, language="en")


def test_the_template_has_the_columns_and_the_accepted_values(tree, client_for, commune_official):
    response = client_for(commune_official).get(reverse("products:import_template", args=["products"]))
    book = load_workbook(io.BytesIO(response.content))
    data, values = book.worksheets
    assert [cell.value for cell in data[1]] == ProductResource(commune_official).columns()
    codes = [row[0].value for row in values.iter_rows(min_row=2) if row[0].value]
    assert codes == ["31484"]  # only the official's own commune
    sets = [row[3].value for row in values.iter_rows(min_row=2) if row[3].value]
    assert sets == list(range(1, 27))


def test_a_clean_file_is_checked_then_imported_on_confirmation(tree, officer):
    second = producer_row(**{"Tên chủ thể": "Hộ Ba", "Mã số ĐKKD": "", "Loại hình": "unregistered", "Xã": "31495"})
    response = check(officer, "producers", [producer_row(), second])
    body = response.content.decode()
    assert 'id="import-ready"' in body and "2 rows checked" in body
    assert not Producer.objects.exists()  # the dry run saved nothing
    token = response.context["token"]
    response = officer.post(reverse("products:import", args=["producers"]), {"token": token})
    assert response.status_code == 302
    assert sorted(Producer.objects.values_list("name", "commune__code")) == [
        ("HTX Mãng cầu Thuận Hòa", "31484"),
        ("Hộ Ba", "31495"),
    ]
    # The token is spent: a second confirmation imports nothing more.
    officer.post(reverse("products:import", args=["producers"]), {"token": token})
    assert Producer.objects.count() == 2


def test_product_ideas_find_their_producer_by_number_or_by_name(tree, officer, district_officer):
    ProducerFactory(commune=tree.commune, name="Cơ sở Phụng Phát", registration_number="6300000101")
    ProducerFactory(commune=tree.other_commune, name="Hộ ông Cá", registration_number="")
    rows = [
        product_row(),
        product_row(**{"Tên sản phẩm": "Khô cá lóc", "Chủ thể (mã số ĐKKD hoặc tên)": "hộ ông cá", "Xã": "31495",
                       "Bộ sản phẩm (số)": 9, "Năm đăng ký": ""}),
    ]  # fmt: skip
    response = check(officer, "products", rows)
    officer.post(reverse("products:import", args=["products"]), {"token": response.context["token"]})
    tea, fish = Product.objects.order_by("name").reverse()
    assert (tea.name, tea.producer.name, tea.product_set.number, tea.expected_price) == (
        "Trà mãng cầu",
        "Cơ sở Phụng Phát",
        13,
        85000,
    )
    assert (fish.producer.name, fish.commune.code, fish.status) == ("Hộ ông Cá", "31495", "draft")
    assert fish.year == tea.year or fish.year >= 2026
    for product in (tea, fish):
        assert list(product.transitions.values_list("to_status", "actor")) == [("draft", district_officer.pk)]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (producer_row(**{"Xã": "99999"}), "Xã", "Unknown commune “99999”"),
        (producer_row(**{"Xã": "31450"}), "Xã", "not in your area"),  # Vị Thắng belongs to another district
        (producer_row(**{"Loại hình": "công ty ma"}), "Loại hình", "Unknown legal form “công ty ma”"),
        (producer_row(**{"Mã số ĐKKD": "6300000101"}), "Mã số ĐKKD", "already belongs to Cơ sở Phụng Phát"),
        (producer_row(**{"Tên chủ thể": ""}), "Tên chủ thể", "This field cannot be blank"),
        (producer_row(**{"Số thành viên": "mười hai"}), "Số thành viên", "“mười hai” is not a whole number"),
        (producer_row(**{"Vốn cộng đồng (%)": 150}), "Vốn cộng đồng (%)", "less than or equal to 100"),
    ],
)
def test_each_bad_row_is_reported_and_nothing_is_imported(tree, officer, row, column, message):
    # Another district's producer: its number is taken (one of the officer's own would be updated instead).
    ProducerFactory(commune=tree.far_commune, name="Cơ sở Phụng Phát", registration_number="6300000101")
    response = check(officer, "producers", [producer_row(**{"Mã số ĐKKD": "6300222222"}), row])
    problems = response.context["problems"]
    assert [(r, c) for r, c, _m in problems] == [(3, column)]  # row 3 of the sheet: header, good row, bad row
    assert message in problems[0][2]
    assert "token" not in response.context
    assert Producer.objects.count() == 1


def test_a_number_registered_twice_in_the_same_file_is_caught(tree, officer):
    response = check(officer, "producers", [producer_row(), producer_row(**{"Tên chủ thể": "HTX trùng"})])
    assert [(r, c) for r, c, _m in response.context["problems"]] == [(3, "Mã số ĐKKD")]
    assert not Producer.objects.exists()


def test_product_rows_with_unknown_producer_or_set_are_reported(tree, officer):
    ProducerFactory(commune=tree.commune, registration_number="6300000101")
    ProducerFactory(commune=tree.other_commune, registration_number="6300000202")
    rows = [
        product_row(**{"Chủ thể (mã số ĐKKD hoặc tên)": "6300000202"}),  # Xà Phiên's producer, Thuận Hòa's row
        product_row(**{"Chủ thể (mã số ĐKKD hoặc tên)": "ai đó"}),
        product_row(**{"Bộ sản phẩm (số)": 27}),
        product_row(**{"Giá bán dự kiến (đồng)": "85k"}),
        product_row(**{"Loại đăng ký": "biểu 05"}),
    ]
    problems = check(officer, "products", rows).context["problems"]
    assert [(r, c) for r, c, _m in problems] == [
        (2, "Chủ thể (mã số ĐKKD hoặc tên)"),
        (3, "Chủ thể (mã số ĐKKD hoặc tên)"),
        (4, "Bộ sản phẩm (số)"),
        (5, "Giá bán dự kiến (đồng)"),
        (6, "Loại đăng ký"),
    ]
    assert "another commune" in problems[0][2]
    assert not Product.objects.exists()


@pytest.mark.parametrize("written", ["HTX", "hợp tác xã", "cooperative", "Cooperative (2012 Cooperative Law)"])
def test_legal_forms_are_read_by_label_code_or_short_name(tree, officer, written):
    response = check(officer, "producers", [producer_row(**{"Loại hình": written})])
    assert "token" in response.context, response.context.get("problems")


def test_row_errors_speak_vietnamese(tree, client_for, district_officer):
    response = check(client_for(district_officer), "producers", [producer_row(**{"Xã": "99999"})])
    assert "Không rõ xã “99999”" in response.context["problems"][0][2]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("nhap.xlsx", demo_pdf("x")), "not one of the accepted types"),
        (workbook(["Tên", "Xã"], [{"Tên": "A", "Xã": "31484"}]), "These columns are missing"),
    ],
)
def test_a_wrong_file_is_refused(tree, officer, upload, message):
    response = officer.post(reverse("products:import", args=["producers"]), {"file": upload})
    assert message in response.content.decode()
    assert not Producer.objects.exists()


def test_export_follows_the_filters_and_the_scope(tree, client_for, commune_official):
    ProductFactory(name="Trà mãng cầu", producer=ProducerFactory(commune=tree.commune))
    ProductFactory(name="Mứt mãng cầu", producer=ProducerFactory(commune=tree.commune), status="submitted",
                   code="93-936-001-2026")  # fmt: skip
    ProductFactory(name="Mật ong Xà Phiên", producer=ProducerFactory(commune=tree.other_commune))
    client = client_for(commune_official)
    response = client.get(reverse("products:export", args=["products", "csv"]), {"q": "mãng cầu"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row["Tên sản phẩm"] for row in rows) == ["Mứt mãng cầu", "Trà mãng cầu"]
    response = client.get(reverse("products:export", args=["products", "xlsx"]), {"status": "submitted"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)  # title, filter line and a blank row above the headers (test_excel_workbooks)
    assert values[3][:3] == ("Mã sản phẩm", "Trạng thái", "Loại đăng ký")
    assert [row[0] for row in values[4:]] == ["93-936-001-2026"]
    assert client.get(reverse("products:export", args=["products", "pdf"])).status_code == 404


def test_an_unconfirmed_check_leaves_one_file_behind_at_most(tree, officer, settings):
    first = check(officer, "producers", [producer_row()])
    second = check(officer, "producers", [producer_row(**{"Mã số ĐKKD": "6300333333"})])
    assert first.context["token"] != second.context["token"]
    assert len(list((settings.MEDIA_ROOT / "imports").iterdir())) == 1
    officer.post(reverse("products:import", args=["producers"]), {"token": first.context["token"]})
    assert not Producer.objects.exists()  # the replaced check cannot be confirmed any more
    officer.post(reverse("products:import", args=["producers"]), {"token": second.context["token"]})
    assert list(Producer.objects.values_list("registration_number", flat=True)) == ["6300333333"]
    assert not list((settings.MEDIA_ROOT / "imports").iterdir())


def test_a_name_two_communes_share_must_be_written_as_a_code(tree, client_for, province_officer):
    from org.tests.factories import CommuneFactory

    CommuneFactory(code="31999", name="Thuận Hòa", parent=tree.other_district)  # another Thuận Hòa, in Vị Thủy
    client = client_for(province_officer, "en")
    problems = check(client, "producers", [producer_row(**{"Xã": "Thuận Hòa"})]).context["problems"]
    assert [(r, c) for r, c, _m in problems] == [(2, "Xã")]
    assert "matches more than one" in problems[0][2]
    assert "token" in check(client, "producers", [producer_row(**{"Xã": "31484"})]).context


def test_two_producers_of_one_commune_with_one_name_need_their_number(tree, officer):
    ProducerFactory(commune=tree.commune, name="Hộ ông Cá", registration_number="")
    ProducerFactory(commune=tree.commune, name="Hộ ông Cá", registration_number="")
    problems = check(officer, "products", [product_row(**{"Chủ thể (mã số ĐKKD hoặc tên)": "Hộ ông Cá"})]).context[
        "problems"
    ]
    assert "matches more than one producer" in problems[0][2] and "|" not in problems[0][2]


def test_headers_typed_with_spaces_still_count(tree, officer):
    columns = [f" {column} " for column in ProducerResource(None).columns()]
    response = check(officer, "producers", [], columns=columns)
    assert "These columns are missing" not in response.content.decode()


def test_the_export_neither_runs_formulas_nor_breaks_on_control_characters(tree, client_for, commune_official):
    ProductFactory(name='=HYPERLINK("http://evil.example","click")', producer=ProducerFactory(commune=tree.commune))
    ProductFactory(name="Trà\x0bmãng cầu", producer=ProducerFactory(commune=tree.commune))
    client = client_for(commune_official)
    response = client.get(reverse("products:export", args=["products", "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = sorted(row[3].value for row in sheet.iter_rows(min_row=5))
    assert names == ['\'=HYPERLINK("http://evil.example","click")', "Tràmãng cầu"]
    assert all(row[3].data_type == "s" for row in sheet.iter_rows(min_row=5))
    text = client.get(reverse("products:export", args=["products", "csv"])).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\x0b" not in text
