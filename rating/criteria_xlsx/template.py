"""The workbook an office fills in from the official copy of a decision (`manage.py criteria template`).

It is the import layout (layout.py) prepared for one rule set: the rule-set worksheet filled from the rule set, the
classification worksheet listing the product sets of the rule set's classification (rows to add where the
classification is not loaded yet, with the groups it has), and one worksheet per product set with a skeleton row per
part (code, maximum) and the columns the import reads, the marks of QĐ 148 among them. Nothing in it is a criterion:
the office types every criterion and option from the official text. A set worksheet left as a skeleton is skipped.
"""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from rating.criteria_xlsx.export import set_worksheet, style_set_worksheet, write_rule_set
from rating.criteria_xlsx.layout import (
    CLASSIFICATION_COLUMNS,
    CLASSIFICATION_TITLE,
    GUIDE_TITLE,
    _number,
)

GUIDE = [
    "Bảng này dùng để nạp phiếu chấm điểm của bộ quy tắc {code} từ bản chính thức của quyết định.",
    "Không tự đặt ra tiêu chí: mọi tiêu chí, mức đánh giá và điểm phải chép từ văn bản chính thức.",
    "Trang «Phân loại»: mỗi dòng một bộ sản phẩm (số bộ, tên bộ, mã nhóm sản phẩm của phân loại {scheme}).",
    "Mỗi bộ sản phẩm một trang «Bộ N»; dòng 1: điều kiện bị loại; dòng 2: tên cột; dòng 3: tên trường (không sửa).",
    "Mỗi dòng từ dòng 4 là một mức đánh giá; các cột phần, nhóm, tiêu chí lặp lại trên mỗi dòng của chúng.",
    "Đánh dấu «có» ở các cột: bắt buộc đạt để được 3 sao, tiêu chí điểm thưởng, UBND xã đánh giá sơ bộ.",
    "Tổng điểm tối đa các tiêu chí của mỗi phần phải bằng điểm tối đa của phần; điểm mỗi mức không vượt điểm tiêu chí.",
    "Trang bộ sản phẩm chưa điền (chỉ có các dòng phần) được bỏ qua khi nạp.",
    "Nạp: Quản trị → Bộ quy tắc → Nhập từ Excel, hoặc: manage.py criteria import <tệp> --replace",
]


def template_workbook(rule_set):
    """The workbook to fill in for `rule_set` (its sheets' rule set when it uses another's)."""
    from products.models import ProductCategory, ProductSet

    if rule_set.criteria_from_id:
        rule_set = rule_set.criteria_from
    book = Workbook()
    guide = book.active
    guide.title = GUIDE_TITLE
    for line in GUIDE:
        guide.append([line.format(code=rule_set.code, scheme=rule_set.classification)])
    guide.column_dimensions["A"].width = 120
    write_rule_set(book.create_sheet(), rule_set)

    sets = list(ProductSet.objects.filter(scheme=rule_set.classification).select_related("category").order_by("number"))
    groups = list(ProductCategory.objects.filter(scheme=rule_set.classification).order_by("code"))
    ws = book.create_sheet(CLASSIFICATION_TITLE)
    ws.append([label for _key, label, _width in CLASSIFICATION_COLUMNS])
    ws.append([key for key, _label, _width in CLASSIFICATION_COLUMNS])
    for product_set in sets:
        ws.append([product_set.number, product_set.name, product_set.category.code, product_set.category.name])
    if not sets:
        for group in groups:
            ws.append([None, None, group.code, group.name])
    for index, (_key, _label, width) in enumerate(CLASSIFICATION_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        ws.cell(row=1, column=index).font = Font(bold=True)
        ws.cell(row=2, column=index).font = Font(italic=True, color="777777")

    for number in [s.number for s in sets] or [1]:
        sheet_ws = set_worksheet(book, number)
        for code, maximum in rule_set.part_maxima.items():
            sheet_ws.append([number, code, None, _number(Decimal(str(maximum)))])
        style_set_worksheet(sheet_ws)
    for cell in guide["A"]:
        cell.alignment = Alignment(wrap_text=True)
    return book


def template_bytes(rule_set):
    out = io.BytesIO()
    template_workbook(rule_set).save(out)
    return out.getvalue()


def template_file_name(rule_set):
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in rule_set.code).strip("-")
    return f"mau-phieu-cham-{safe or rule_set.pk}.xlsx"
