"""Excel files of the registry: the blank template, reading an uploaded sheet, row errors for people."""

import io

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from products.enums import LegalForm, Novelty, RegistrationKind, Stage
from products.selectors import communes_for_registration, product_sets
from products.uploads import XLSX, validate_upload
from products.widgets import CONTROL_CHARACTERS

EXAMPLES = {
    "producers": {
        "Tên chủ thể": "Hợp tác xã Mãng cầu Thuận Hòa",
        "Loại hình": str(LegalForm.COOPERATIVE.label),
        "Mã số ĐKKD": "6300123456",
        "Người đại diện": "Nguyễn Văn Phụng",
        "Điện thoại": "0912345678",
        "Ấp": "Ấp 2",
        "Vốn cộng đồng (%)": 100,
        "Số thành viên": 12,
        "Số lao động": 20,
    },
    "products": {
        "Loại đăng ký": str(RegistrationKind.EXISTING.label),
        "Tên sản phẩm": "Trà mãng cầu",
        "Chủ thể (mã số ĐKKD hoặc tên)": "6300123456",
        "Bộ sản phẩm (số)": 13,
        "Giá bán dự kiến (đồng)": 85000,
        "Tính mới": str(Novelty.IMPROVED.label),
        "Giai đoạn": str(Stage.ON_MARKET.label),
    },
}


def template_workbook(resource, what, user):
    """An .xlsx with the columns to fill, one example row, and a sheet of the accepted values."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Data")
    columns = resource.columns()
    sheet.append(columns)
    example = dict(EXAMPLES[what])
    communes = list(communes_for_registration(user)[:1])
    if communes:
        example["Xã"] = communes[0].code
    sheet.append([example.get(column, "") for column in columns])
    for index, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column) + 4)
    sheet.freeze_panes = "A2"

    lists = book.create_sheet(_("Accepted values"))
    lists.append([_("Communes (code or name)"), "", _("Legal forms"), _("Product sets"), "", _("Registration kinds"),
                  _("Novelty"), _("Development stage")])  # fmt: skip
    communes = [(u.code, u.name) for u in communes_for_registration(user)]
    sets = [(s.number, s.name) for s in product_sets()]
    columns_of_values = [
        communes,
        [(str(label),) for _code, label in LegalForm.choices],
        sets,
        [(str(label),) for _code, label in RegistrationKind.choices],
        [(str(label),) for _code, label in Novelty.choices],
        [(str(label),) for _code, label in Stage.choices],
    ]
    starts = [1, 3, 4, 6, 7, 8]
    for values, start in zip(columns_of_values, starts, strict=True):
        for row_index, value in enumerate(values, start=2):
            for offset, cell in enumerate(value):
                lists.cell(row=row_index, column=start + offset, value=cell)
    for index in range(1, 9):
        lists.cell(row=1, column=index).font = Font(bold=True)
        lists.column_dimensions[get_column_letter(index)].width = 24
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A text cell as a spreadsheet should show it: without control characters (openpyxl refuses them), and
    with an apostrophe before a leading = + - @, so that no formula typed into a form runs in Excel."""
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def safe_dataset(dataset):
    safe = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        safe.append([safe_cell(value) for value in row])
    return safe


def load_sheet(content):
    """The first sheet of .xlsx bytes as a tablib Dataset, its headers trimmed (a stray space still counts)."""
    dataset = tablib.Dataset().load(content, format="xlsx")
    if dataset.headers:
        dataset.headers = [str(h).strip() if h is not None else "" for h in dataset.headers]
    return dataset


def read_sheet(upload):
    """An uploaded .xlsx, checked by content and size, as a Dataset; ValidationError if it is not one."""
    validate_upload(upload, kinds=(XLSX,), limit_mb=settings.IMPORT_MAX_MB)
    upload.seek(0)
    try:
        return load_sheet(upload.read())
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise ValidationError(_("This Excel file cannot be read: %(error)s") % {"error": error}) from None


def check_columns(resource, dataset):
    missing = [column for column in resource.columns() if column not in (dataset.headers or [])]
    if missing:
        raise ValidationError(
            _("These columns are missing: %(columns)s. Start from the template.") % {"columns": ", ".join(missing)}
        )


def row_errors(resource, result):
    """[(excel row, column, message)] for every problem of an import result, in the user's language."""
    columns = {field.attribute: field.column_name for field in resource.get_import_fields()}
    problems = []
    for invalid in result.invalid_rows:
        excel_row = invalid.number + 1  # the header is row 1
        for attribute, messages in invalid.error_dict.items():
            column = columns.get(attribute, "")
            problems.extend((excel_row, column, message) for message in messages)
    for number, errors in result.row_errors():
        for error in errors:
            problems.append((number + 1, "", _("Unexpected error: %(error)s") % {"error": error.error}))
    for error in result.base_errors:
        problems.append(("", "", _("Unexpected error: %(error)s") % {"error": error.error}))
    return sorted(problems, key=lambda p: (p[0] if isinstance(p[0], int) else 0, p[1]))
