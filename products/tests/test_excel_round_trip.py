"""Excel round trips (issue 17, item 1): a list exported, edited in three rows and imported back changes exactly
those rows; rows without a code are new ideas; the code and the status are read-only; producers are matched by
registration number and updated. The preview says what happens to each row before anything is saved."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from products.enums import ProductStatus
from products.models import Producer, Product
from products.tests.factories import ProducerFactory, ProductFactory
from products.tests.test_excel_workbooks import check, export, saved

pytestmark = pytest.mark.django_db

NAME, PRICE, STATUS, REPRESENTATIVE = "Tên sản phẩm", "Giá bán dự kiến (đồng)", "Trạng thái", "Người đại diện"


@pytest.fixture
def sent(tree):
    """Four products with codes: three returned for changes (editable), one waiting for review (not editable)."""
    producer = ProducerFactory(commune=tree.commune, name="Cơ sở Phụng Phát", registration_number="6300000101")
    made = []
    for n, status in enumerate([ProductStatus.RETURNED] * 3 + [ProductStatus.SUBMITTED], start=1):
        product = ProductFactory(name=f"Trà mãng cầu {n}", producer=producer, expected_price=85000)
        Product.objects.filter(pk=product.pk).update(code=f"93-936-00{n}-2026", status=status)
        made.append(Product.objects.get(pk=product.pk))
    return made


def edited(client, changes):
    """The product export with {(code, column): value} changed."""
    book = load_workbook(io.BytesIO(export(client, "products")))
    sheet = book.active
    headers = [cell.value for cell in sheet[4]]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(5, sheet.max_row + 1)}
    for (code, column), value in changes.items():
        sheet.cell(row=rows[code], column=headers.index(column) + 1).value = value  # cell(value=None) keeps it
    return saved(book), rows


def snapshot():
    return list(Product.objects.order_by("pk").values_list("name", "expected_price", "status", "code"))


def test_an_export_edited_in_three_rows_updates_exactly_those(sent, client_for, commune_official):
    client = client_for(commune_official, "vi")
    before = snapshot()
    content, rows = edited(client, {
        ("93-936-001-2026", NAME): "Trà mãng cầu túi lọc",
        ("93-936-002-2026", PRICE): 95000,
        ("93-936-003-2026", NAME): "Trà mãng cầu hộp giấy",
    })  # fmt: skip
    response = check(client, "products", content)
    assert not response.context.get("problems"), response.context.get("problems")
    assert response.context["counts"] == {"new": 0, "updated": 3, "unchanged": 1, "flagged": 0}
    outcomes = {row: (o.kind, o.label, o.fields) for row, o in response.context["outcomes"]}
    assert outcomes[rows["93-936-002-2026"]] == ("updated", "93-936-002-2026", [PRICE])
    assert outcomes[rows["93-936-001-2026"]] == ("updated", "93-936-001-2026", [NAME])
    assert snapshot() == before  # the preview saved nothing
    client.post(reverse("products:import", args=["products"]), {"token": response.context["token"]})
    after = dict(Product.objects.values_list("code", "name"))
    assert after["93-936-001-2026"] == "Trà mãng cầu túi lọc" and after["93-936-003-2026"] == "Trà mãng cầu hộp giấy"
    assert Product.objects.get(code="93-936-002-2026").expected_price == 95000
    assert Product.objects.count() == 4  # nothing created
    assert Product.objects.get(code="93-936-004-2026").name == "Trà mãng cầu 4"  # untouched
    change = Product.history.filter(code="93-936-001-2026").first()
    assert (change.history_type, change.history_user, change.name) == ("~", commune_official, "Trà mãng cầu túi lọc")
    assert "tui loc" in Product.objects.get(code="93-936-001-2026").search_text  # found without accents too


def test_read_only_columns_and_products_past_editing_are_refused_by_row(sent, client_for, commune_official):
    client = client_for(commune_official, "en")
    before = snapshot()
    content, rows = edited(client, {
        ("93-936-001-2026", STATUS): "Accepted, business plan due",  # the status is read-only
        ("93-936-004-2026", NAME): "Đổi tên khi đang chờ xem xét",  # submitted: no longer editable
    })  # fmt: skip
    problems = check(client, "products", content).context["problems"]
    found = {(r, c): m for r, c, m in problems}
    assert set(found) == {(rows["93-936-001-2026"], STATUS), (rows["93-936-004-2026"], "Mã sản phẩm")}
    assert "read-only" in found[(rows["93-936-001-2026"], STATUS)]
    assert "no longer be changed" in found[(rows["93-936-004-2026"], "Mã sản phẩm")]
    assert snapshot() == before


def test_an_unknown_code_is_refused_and_a_row_without_code_is_a_new_idea(sent, client_for, commune_official):
    client = client_for(commune_official, "en")
    content, rows = edited(client, {("93-936-002-2026", "Mã sản phẩm"): "93-999-999-2026"})
    problems = check(client, "products", content).context["problems"]
    assert [(r, c) for r, c, _m in problems] == [(rows["93-936-002-2026"], "Mã sản phẩm")]
    content, rows = edited(client, {("93-936-002-2026", "Mã sản phẩm"): None, ("93-936-002-2026", STATUS): None})
    response = check(client, "products", content)
    # Its name is the product's own, now without its code: a new idea, flagged as a likely duplicate.
    assert response.context["counts"] == {"new": 1, "updated": 0, "unchanged": 3, "flagged": 1}


def test_producers_are_matched_by_registration_number_and_updated(tree, client_for, commune_official):
    ProducerFactory(commune=tree.commune, name="Cơ sở Phụng Phát", registration_number="6300000101",
                    representative="Nguyễn Văn A")  # fmt: skip
    ProducerFactory(commune=tree.commune, name="Hộ Năm Lệ", registration_number="6300000102")
    client = client_for(commune_official, "en")
    book = load_workbook(io.BytesIO(export(client, "producers")))
    sheet = book.active
    headers = [cell.value for cell in sheet[4]]
    response = check(client, "producers", saved(book))
    assert response.context["counts"] == {"new": 0, "updated": 0, "unchanged": 2, "flagged": 0}
    for row in range(5, sheet.max_row + 1):
        if sheet.cell(row=row, column=headers.index("Mã số ĐKKD") + 1).value == "6300000101":
            sheet.cell(row=row, column=headers.index(REPRESENTATIVE) + 1, value="Trần Thị B")
    response = check(client, "producers", saved(book))
    assert response.context["counts"] == {"new": 0, "updated": 1, "unchanged": 1, "flagged": 0}
    client.post(reverse("products:import", args=["producers"]), {"token": response.context["token"]})
    assert Producer.objects.get(registration_number="6300000101").representative == "Trần Thị B"
    assert Producer.objects.count() == 2


def test_a_code_twice_in_the_file_is_refused(sent, client_for, commune_official):
    client = client_for(commune_official, "en")
    content, rows = edited(client, {("93-936-003-2026", "Mã sản phẩm"): "93-936-002-2026"})
    problems = check(client, "products", content).context["problems"]
    later = max(rows["93-936-003-2026"], rows["93-936-002-2026"])
    assert [(r, c) for r, c, _m in problems] == [(later, "Mã sản phẩm")] and "same record" in problems[0][2]


def idea_form(producer, name, **extra):
    from products.forms import ProductForm
    from products.models import ProductSet

    data = {"kind": "new", "name": name, "producer": producer.pk, "product_set": ProductSet.objects.first().pk,
            "year": 2026, **extra}  # fmt: skip
    return ProductForm(data, producers=Producer.objects.all(), product_sets=ProductSet.objects.all())


def test_a_likely_duplicate_is_registered_only_when_confirmed(sent):
    producer = sent[0].producer
    form = idea_form(producer, "TRÀ MÃNG CẦU  1")  # case, accents and spaces aside: "Trà mãng cầu 1"
    assert not form.is_valid()
    assert "93-936-001-2026" in form.errors["name"][0]
    assert 'type="checkbox"' in str(form["not_a_duplicate"])  # the box is now offered
    assert idea_form(producer, "Trà mãng cầu 1", not_a_duplicate="on").is_valid()
    assert idea_form(producer, "Trà mãng cầu túi lọc").is_valid()  # another name: nothing asked


def test_an_import_flags_likely_duplicates_and_needs_the_box(sent, client_for, commune_official):
    client = client_for(commune_official, "en")
    content, rows = edited(client, {("93-936-002-2026", "Mã sản phẩm"): None, ("93-936-002-2026", STATUS): None,
                                    ("93-936-002-2026", NAME): "tra mang cau 1"})  # fmt: skip
    response = check(client, "products", content)
    assert response.context["counts"]["flagged"] == 1
    flagged = [(row, o.duplicate_of) for row, o in response.context["outcomes"] if o.duplicate_of]
    assert flagged == [(rows["93-936-002-2026"], "93-936-001-2026")]
    url, token = reverse("products:import", args=["products"]), response.context["token"]
    again = client.post(url, {"token": token})  # without the box: the preview again, nothing saved
    assert 'id="duplicates-check"' in again.content.decode() and Product.objects.count() == 4
    client.post(url, {"token": token, "confirm_duplicates": "on"})
    assert Product.objects.count() == 5 and Product.objects.filter(name="tra mang cau 1").exists()
