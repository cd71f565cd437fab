"""Rule sets to .xlsx and back: the round trip of the QĐ 1048 sheets, the checks of an import (all or nothing),
rule sets in use, the `criteria` command and the admin's export action and import page."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from products.models import ProductSet
from rating import criteria_xlsx
from rating.catalogue import app_models, load_sheets
from rating.criteria_xlsx import KEYS, CriteriaImportError, export_bytes, import_workbook
from rating.models import Criterion, CriterionGroup, Option, Part, RuleSet, Sheet
from rating.tests.factories import SMALL_SHEET, district_round

pytestmark = pytest.mark.django_db

RULE_SET_FIELDS = ["name", "effective_from", "effective_to", "part_maxima", "star_bands", "spread_limit",
                   "validity_months", "council_sizes", "forward_thresholds", "recognised_stars"]  # fmt: skip


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def small():
    """A rule set with one small sheet (set 13). Its worksheet "Bộ 13" has the option rows 4–20:
    1.1 → 4–6, 1.2 → 7–9, 5.1 → 10–12, 5.2 → 13–14, 9 → 15–16, 10 → 17–20."""
    rule_set = RuleSet.objects.create(code="SMALL", name="Bộ nhỏ", part_maxima={"A": 35, "B": 25, "C": 40},
                                      forward_thresholds={"district": 50})  # fmt: skip
    load_sheets(app_models(), {"sets": [SMALL_SHEET]}, rule_set)
    return rule_set


def workbook(rule_set):
    return load_workbook(io.BytesIO(export_bytes(rule_set)))


def as_file(book):
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def put(ws, rows, key, value):
    for row in rows:
        ws.cell(row=row, column=KEYS.index(key) + 1).value = value  # ws.cell(…, value=None) would not clear it


def snapshot(rule_set):
    """Everything of a rule set's sheets, field by field, without database ids."""
    sheets = [(s.product_set.number, s.knockout) for s in Sheet.objects.filter(rule_set=rule_set)
              .select_related("product_set").order_by("product_set__number")]  # fmt: skip
    parts = [(p.sheet.product_set.number, p.code, p.title, p.max_points, p.order)
             for p in Part.objects.filter(sheet__rule_set=rule_set).select_related("sheet__product_set")
             .order_by("sheet__product_set__number", "order")]  # fmt: skip
    groups = [(g.part.sheet.product_set.number, g.part.code, g.number, g.title, g.order)
              for g in CriterionGroup.objects.filter(part__sheet__rule_set=rule_set)
              .select_related("part__sheet__product_set").order_by("part__sheet__product_set__number",
                                                                   "part__order", "order")]  # fmt: skip
    criteria = [(c.sheet.product_set.number, c.group.part.code, c.group.number, c.number, c.title, c.hint,
                 c.max_points, c.notes, c.knockout_note, c.applies_if_criterion, c.applies_if_min_points,
                 c.applies_if_text, c.stops_if_zero, c.selection, c.order)
                for c in Criterion.objects.filter(sheet__rule_set=rule_set)
                .select_related("sheet__product_set", "group__part").order_by("sheet__product_set__number",
                                                                               "order")]  # fmt: skip
    options = [(o.criterion.sheet.product_set.number, o.criterion.number, o.list_label, o.text, o.points, o.order)
               for o in Option.objects.filter(criterion__sheet__rule_set=rule_set)
               .select_related("criterion__sheet__product_set").order_by("criterion__sheet__product_set__number",
                                                                         "criterion__order", "order")]  # fmt: skip
    return {"sheets": sheets, "parts": parts, "groups": groups, "criteria": criteria, "options": options}


def test_the_1048_rule_set_round_trips_exactly():
    original = RuleSet.objects.get(code="1048/QĐ-TTg")
    result = import_workbook(io.BytesIO(export_bytes(original)), code="TEST-1048")
    assert result.created and result.sheets == 26
    copy = RuleSet.objects.get(code="TEST-1048")
    for name in RULE_SET_FIELDS:
        assert getattr(copy, name) == getattr(original, name), name
    before, after = snapshot(original), snapshot(copy)
    assert len(after["sheets"]) == 26 and len(after["options"]) > 2000
    assert any(row[7] for row in after["criteria"]) and any(row[9] for row in after["criteria"])  # notes, applies_if
    assert any(row[2] for row in after["options"])  # list labels ("Trường hợp 1: …")
    for key in before:
        assert after[key] == before[key], key
    # The printed sheets' known inconsistencies are warnings: five part sums and two options above their maximum.
    assert sum("add up to" in w for w in result.warnings) == 5
    assert "Worksheet Bộ 13, row 81: criterion 6.3: the options reach 3 points, above its maximum 2." in result.warnings
    # And the copy exports to the same rows.
    again = load_workbook(io.BytesIO(export_bytes(copy)))
    first = load_workbook(io.BytesIO(export_bytes(original)))
    assert again.sheetnames == first.sheetnames
    for name in first.sheetnames[1:]:
        assert list(again[name].values) == list(first[name].values), name


def test_the_layout_is_readable(small):
    book = workbook(small)
    assert book.sheetnames == ["Bộ quy tắc", "Bộ 13"]
    info = {row[2]: row[1] for row in book["Bộ quy tắc"].iter_rows(min_row=2, values_only=True)}
    assert info["code"] == "SMALL" and info["part_maxima"] == '{"A": 35, "B": 25, "C": 40}'
    assert info["star_bands"] == "[[90, 5], [70, 4], [50, 3], [30, 2], [0, 1]]" and info["spread_limit"] == 10
    ws = book["Bộ 13"]
    assert (ws["A1"].value, ws["B1"].value) == ("Bị loại khi", SMALL_SHEET["knockout"])
    assert ws["A2"].value == "Bộ sản phẩm (số)" and [c.value for c in ws[3]] == KEYS
    row = dict(zip(KEYS, [c.value for c in ws[13]], strict=True))
    assert row["criterion_number"] == "5.2" and row["applies_if_criterion"] == "5.1"
    assert (row["applies_if_min_points"], row["option_text"], row["option_points"]) == (1, "Mức 0", 0)
    assert ws.max_row == 20


ERRORS = {
    "unknown product set": (lambda ws: put(ws, range(4, 21), "set_number", 99),
                            "Worksheet Bộ 13, row 4: there is no product set 99."),
    "part max not the rule set's": (lambda ws: put(ws, range(4, 10), "part_max", 30),
                                    "Worksheet Bộ 13, row 4: part A has the maximum 30 but the rule set gives 35."),
    "unknown part": (lambda ws: put(ws, range(17, 21), "part_code", "D"),
                     "Worksheet Bộ 13, row 17: part D is not one of the rule set's parts (A, B, C)."),
    "criterion without options": (lambda ws: (put(ws, [13, 14], "option_text", None),
                                              put(ws, [13, 14], "option_points", None)),
                                  "Worksheet Bộ 13, row 13: criterion 5.2 has no options."),
    "duplicate criterion number": (lambda ws: put(ws, range(17, 21), "criterion_number", "5.1"),
                                   "Worksheet Bộ 13, row 17: criterion number 5.1 is used twice (first at row 10)."),
    "points not a number": (lambda ws: put(ws, [5], "option_points", "mười"),
                            "Worksheet Bộ 13, row 5: option_points is not a number: mười"),
    "two decimals": (lambda ws: put(ws, [4, 5, 6], "criterion_max", "2.55"),
                     "Worksheet Bộ 13, row 4: criterion_max must be between 0 and 9999.9 with at most one decimal "
                     "place: 2.55"),
    "negative points": (lambda ws: put(ws, [4], "option_points", -1),
                        "Worksheet Bộ 13, row 4: option_points must be between 0 and 9999.9"),
    "option above the part": (lambda ws: put(ws, [6], "option_points", 50),
                              "Worksheet Bộ 13, row 6: the option gives 50 points, more than its part's maximum 35."),
    "criterion max missing": (lambda ws: put(ws, [7, 8, 9], "criterion_max", None),
                              "Worksheet Bộ 13, row 7: criterion_max is missing."),
    "rows of a criterion disagree": (lambda ws: put(ws, [8], "criterion_title", "Khác"),
                                     "Worksheet Bộ 13, row 8: criterion_title of the criterion differs from row 7."),
    "bad flag": (lambda ws: put(ws, [15], "stops_if_zero", "có lẽ"),
                 'Worksheet Bộ 13, row 15: stops_if_zero must be "có" or empty: có lẽ'),
    "bad selection": (lambda ws: put(ws, [15, 16], "selection", "any"),
                      'Worksheet Bộ 13, row 15: selection must be "single" or "multiple": any'),
    "condition on a missing criterion": (lambda ws: put(ws, [13, 14], "applies_if_criterion", "7.7"),
                                         "Worksheet Bộ 13, row 13: criterion 5.2 depends on criterion 7.7"),
    "missing column": (lambda ws: put(ws, [3], "hint", None),
                       "Worksheet Bộ 13, row 3: columns missing from the field-name row: hint"),
    "set in two worksheets": (lambda ws: ws.parent.copy_worksheet(ws),
                              "Worksheet Bộ 13 Copy: product set 13 is already in worksheet Bộ 13."),
    "rule set JSON": (lambda ws: ws.parent["Bộ quy tắc"].cell(row=10, column=2, value="{district: [5, 7]"),
                      "Worksheet Bộ quy tắc, row 10: "),
    "rule set date": (lambda ws: ws.parent["Bộ quy tắc"].cell(row=4, column=2, value="21/8/2019"),
                      "Worksheet Bộ quy tắc, row 4: "),
}  # fmt: skip


@pytest.mark.parametrize("case", ERRORS)
def test_each_error_names_the_worksheet_and_row_and_nothing_is_saved(small, case):
    mutate, expected = ERRORS[case]
    book = workbook(small)
    mutate(book["Bộ 13"])
    counts = (RuleSet.objects.count(), Sheet.objects.count(), Option.objects.count())
    with pytest.raises(CriteriaImportError) as raised:
        import_workbook(as_file(book), code="SMALL-2")
    assert any(message.startswith(expected) for message in raised.value.errors), raised.value.errors
    assert (RuleSet.objects.count(), Sheet.objects.count(), Option.objects.count()) == counts


def test_an_option_above_its_criterion_max_is_a_warning_as_on_the_printed_sheets(small):
    book = workbook(small)
    put(book["Bộ 13"], [6], "option_points", 25)  # 1.1 is worth 20
    result = import_workbook(as_file(book), code="SMALL-2")
    assert result.warnings == ["Worksheet Bộ 13, row 4: criterion 1.1: the options reach 25 points, above its "
                               "maximum 20."]  # fmt: skip
    assert Option.objects.get(criterion__sheet__rule_set=result.rule_set, criterion__number="1.1", order=2).points == 25


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(CriteriaImportError) as raised:
        import_workbook(io.BytesIO(b"not a zip"))
    assert "cannot be read as an .xlsx workbook" in raised.value.errors[0]


def test_a_rule_set_used_by_a_round_is_never_changed(tree, district_officer, small):
    district_round(tree, district_officer, [], rule_set_code="SMALL")
    book = workbook(small)
    put(book["Bộ 13"], [4], "option_text", "Đã sửa")
    with pytest.raises(CriteriaImportError) as raised:
        import_workbook(as_file(book), replace=True)
    assert raised.value.errors == ["Rule set SMALL is used by rating rounds and cannot be changed; import the file "
                                   "under another code."]  # fmt: skip
    assert not Option.objects.filter(text="Đã sửa").exists()


def test_replacing_an_existing_rule_set_needs_replace_and_the_file_decides_its_sheets(small):
    import_workbook(io.BytesIO(export_bytes(RuleSet.objects.get(code="1048/QĐ-TTg"))), code="TEST-1048")
    small_file = export_bytes(small)
    with pytest.raises(CriteriaImportError) as raised:
        import_workbook(io.BytesIO(small_file), code="TEST-1048")
    assert "already has scoring sheets" in raised.value.errors[0]
    assert Sheet.objects.filter(rule_set__code="TEST-1048").count() == 26
    result = import_workbook(io.BytesIO(small_file), code="TEST-1048", replace=True)
    assert not result.created and result.rule_set.name == "Bộ nhỏ"
    assert snapshot(result.rule_set) == snapshot(small)


def test_a_1048_set_is_not_a_148_set_and_148_sums_must_add_up(small):
    """148's classification is its own (a 1048 set number means nothing there), and its sheets are checked strictly:
    the printed 1048 discrepancies are warnings only under 1048."""
    book = workbook(small)
    info = book["Bộ quy tắc"]
    info.cell(row=3, column=2, value="Quyết định 148/QĐ-TTg ngày 24/02/2023")
    info.cell(row=6, column=2, value='{"A": 40, "B": 25, "C": 35}')
    put(book["Bộ 13"], range(4, 21), "part_max", None)
    put(book["Bộ 13"], range(4, 10), "part_max", 40)
    put(book["Bộ 13"], range(10, 15), "part_max", 25)
    put(book["Bộ 13"], range(15, 21), "part_max", 35)
    with pytest.raises(CriteriaImportError) as raised:
        import_workbook(as_file(book), code="148/QĐ-TTg")
    assert raised.value.errors == ["Worksheet Bộ 13, row 4: there is no product set 13."]
    listing = book.create_sheet("Phân loại")
    listing.append(["Số bộ sản phẩm", "Tên bộ sản phẩm", "Mã nhóm sản phẩm"])
    listing.append(["set_number", "set_name", "category_code"])
    listing.append([13, "Bộ thử", "1"])
    with pytest.raises(CriteriaImportError) as raised:
        import_workbook(as_file(book), code="148/QĐ-TTg")
    assert sorted(raised.value.errors) == sorted(
        f"Worksheet Bộ 13: the criteria of part {code} add up to {total}, not {maximum}."
        for code, total, maximum in [("A", 35, 40), ("C", 40, 35)]
    )
    assert not Sheet.objects.filter(rule_set__code="148/QĐ-TTg").exists()
    assert not ProductSet.objects.filter(scheme="148/QĐ-TTg").exists()


def test_the_criteria_command_exports_and_imports(tmp_path, settings, small):
    settings.LANGUAGE_CODE = "en"
    path = tmp_path / "small.xlsx"
    out = io.StringIO()
    call_command("criteria", "export", "SMALL", str(path), stdout=out)
    assert path.is_file() and "Rule set SMALL written to" in out.getvalue()
    call_command("criteria", "import", str(path), "--code", "CMD", stdout=out, stderr=io.StringIO())
    assert "Rule set CMD created with 1 scoring sheets." in out.getvalue()
    assert snapshot(RuleSet.objects.get(code="CMD")) == snapshot(small)
    with pytest.raises(CommandError, match="already has scoring sheets"):
        call_command("criteria", "import", str(path), "--code", "CMD", stdout=out)
    call_command("criteria", "import", str(path), "--code", "CMD", "--replace", stdout=out)
    assert "Rule set CMD updated: 1 scoring sheets." in out.getvalue()
    book = load_workbook(path)
    put(book["Bộ 13"], [5], "option_points", "x")
    book.save(path)
    with pytest.raises(CommandError, match="Worksheet Bộ 13, row 5: option_points is not a number: x"):
        call_command("criteria", "import", str(path), "--code", "CMD-2", stdout=out)
    assert not RuleSet.objects.filter(code="CMD-2").exists()
    with pytest.raises(CommandError, match="There is no rule set NOPE"):
        call_command("criteria", "export", "NOPE", str(path), stdout=out)


def test_the_command_writes_a_default_file_name(tmp_path, monkeypatch, small):
    monkeypatch.chdir(tmp_path)
    call_command("criteria", "export", "1048/QĐ-TTg", stdout=io.StringIO())
    assert load_workbook(tmp_path / "bo-quy-tac-1048-QĐ-TTg.xlsx").sheetnames[:2] == ["Bộ quy tắc", "Bộ 1"]


@pytest.fixture
def admin_client_(client):
    client.force_login(get_user_model().objects.create_superuser("quantri", "quantri@example.com", "pw"))
    return client


def test_the_admin_exports_selected_rule_sets(admin_client_, small):
    changelist = reverse("admin:rating_ruleset_changelist")
    page = admin_client_.get(changelist)
    assert page.status_code == 200 and reverse("admin:rating_ruleset_import") in page.content.decode()
    response = admin_client_.post(changelist, {"action": "export_xlsx", "_selected_action": [small.pk]})
    assert response.status_code == 200
    assert response["Content-Type"] == criteria_xlsx.XLSX_CONTENT_TYPE
    assert 'filename="bo-quy-tac-SMALL.xlsx"' in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Bộ quy tắc", "Bộ 13"]
    both = RuleSet.objects.filter(code__in=["SMALL", "1048/QĐ-TTg"]).values_list("pk", flat=True)
    response = admin_client_.post(changelist, {"action": "export_xlsx", "_selected_action": list(both)})
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == ["bo-quy-tac-1048-QĐ-TTg.xlsx", "bo-quy-tac-SMALL.xlsx"]


def test_the_admin_import_page_imports_a_file_or_lists_the_errors(admin_client_, small):
    url = reverse("admin:rating_ruleset_import")
    assert admin_client_.get(url).status_code == 200
    book = workbook(small)
    put(book["Bộ 13"], [5], "option_points", "x")
    upload = SimpleUploadedFile("bad.xlsx", as_file(book).getvalue(), content_type=criteria_xlsx.XLSX_CONTENT_TYPE)
    response = admin_client_.post(url, {"file": upload, "code": "ADMIN"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and 'id="import-errors"' in response.content.decode()
    assert "Bộ 13" in response.content.decode() and not RuleSet.objects.filter(code="ADMIN").exists()
    upload = SimpleUploadedFile("small.xlsx", export_bytes(small), content_type=criteria_xlsx.XLSX_CONTENT_TYPE)
    response = admin_client_.post(url, {"file": upload, "code": "ADMIN"})
    rule_set = RuleSet.objects.get(code="ADMIN")
    assert response.status_code == 302 and response["Location"] == reverse("admin:rating_ruleset_change",
                                                                           args=[rule_set.pk])  # fmt: skip
    assert snapshot(rule_set) == snapshot(small)
    sheet = Sheet.objects.get(rule_set=rule_set)
    page = admin_client_.get(reverse("admin:rating_sheet_change", args=[sheet.pk]))
    assert page.status_code == 200 and "Phần A" in page.content.decode()


def test_the_admin_import_page_refuses_a_file_that_is_not_xlsx(admin_client_):
    url = reverse("admin:rating_ruleset_import")
    upload = SimpleUploadedFile("notes.xlsx", b"plain text", content_type=criteria_xlsx.XLSX_CONTENT_TYPE)
    response = admin_client_.post(url, {"file": upload})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    admin_client_.logout()
    assert admin_client_.get(url).status_code == 302  # to the admin's login
