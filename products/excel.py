"""Excel files of the registry: the blank template, reading an uploaded sheet, row errors for people."""

import io

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from products.enums import LegalForm, Novelty, RegistrationKind, Stage
from products.resources import COMMUNE
from products.selectors import communes_for_registration, product_sets
from products.uploads import XLSX, validate_upload
from products.widgets import CONTROL_CHARACTERS

# What a header's note says (shown when the cell is pointed at); the template itself has no example row, which
# would be imported with the real ones if left in.
EXAMPLES = {
    "Tên chủ thể": "Hợp tác xã Mãng cầu Thuận Hòa",
    "Mã số ĐKKD": "6300123456",
    "Người đại diện": "Nguyễn Văn Phụng",
    "Điện thoại": "0912 345 678",
    "Ấp": "Ấp 2",
    "Vốn cộng đồng (%)": "100",
    "Số thành viên": "12",
    "Số lao động": "20",
    "Tên sản phẩm": "Trà mãng cầu",
    "Chủ thể (mã số ĐKKD hoặc tên)": "6300123456",
    "Năm đăng ký": "2026",
    "Giá bán dự kiến (đồng)": "85.000",
    "Vốn cần (đồng)": "150.000.000",
}
DATA_ROWS = 1000  # the rows of the template that get drop-down lists


def _commune_choices(communes):
    """A commune's entry in the drop-down: its name, or "name (district)" where two of the user's communes share
    the name (both are keys the import reads), else its code."""
    names = {}
    for unit in communes:
        names.setdefault(unit.name, []).append(unit)
    labelled = {}
    for unit in communes:
        if len(names[unit.name]) == 1:
            labelled[unit.pk] = unit.name
        else:
            labelled[unit.pk] = f"{unit.name} ({unit.parent.name})" if unit.parent_id else unit.code
    if len(set(labelled.values())) < len(labelled):  # two communes of one district with one name
        labelled = {unit.pk: unit.code for unit in communes}
    return [(unit.code, labelled[unit.pk]) for unit in communes]


def template_workbook(resource, what, user):
    """An .xlsx with the columns to fill (a note on each header), drop-down lists on the data rows, and a sheet of
    the accepted values the lists read. `what` names the resource ("producers" or "products")."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Data")
    columns = resource.columns()
    sheet.append(columns)
    for index, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column) + 4)
    sheet.freeze_panes = "A2"

    lists = book.create_sheet(_("Accepted values"))
    lists.append([_("Communes (code or name)"), "", _("Legal forms"), _("Product sets"), "", _("Registration kinds"),
                  _("Novelty"), _("Development stage")])  # fmt: skip
    communes = _commune_choices(list(communes_for_registration(user)))
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

    # Column of the drop-down → (column of the accepted values it offers, how many there are).
    drop_downs = {
        COMMUNE: ("B", len(communes)),
        "Loại hình": ("C", len(LegalForm.choices)),
        "Bộ sản phẩm (số)": ("D", len(sets)),
        "Loại đăng ký": ("F", len(RegistrationKind.choices)),
        "Tính mới": ("G", len(Novelty.choices)),
        "Giai đoạn": ("H", len(Stage.choices)),
    }
    quoted = "'" + lists.title.replace("'", "''") + "'"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        note = _("Example: %(value)s") % {"value": EXAMPLES[column]} if column in EXAMPLES else ""
        if column in drop_downs and drop_downs[column][1]:
            values, count = drop_downs[column]
            validation = DataValidation(
                type="list",
                formula1=f"{quoted}!${values}$2:${values}${count + 1}",
                allow_blank=True,
                errorStyle="warning",  # a code or another accepted spelling may still be typed
                error=_("Not in the list of accepted values: check the sheet “%(sheet)s”.") % {"sheet": lists.title},
            )
            validation.add(f"{letter}2:{letter}{DATA_ROWS}")
            sheet.add_data_validation(validation)
            note = _("Choose from the list (sheet “%(sheet)s”).") % {"sheet": lists.title}
        if note:
            sheet.cell(row=1, column=index).comment = Comment(note, "OCOP")
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


HEADER_SEARCH_ROWS = 10


def header_row_of(sheet, columns):
    """The sheet row (1-based) holding the column headers: the first of the top rows that names at least half of
    `columns` (an exported list has a title, a filter line and a blank row above them); 1 when none does, so that
    check_columns then reports what is missing."""
    known = {column.strip() for column in columns}
    for number, row in enumerate(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1):
        found = {str(value).strip() for value in row if value is not None} & known
        if known and len(found) * 2 >= len(known):
            return number
    return 1


def load_sheet(content, columns=None):
    """The first sheet of .xlsx bytes as a tablib Dataset, its headers trimmed (a stray space still counts).

    With `columns`, the header row is looked for among the top rows and the rows above it are skipped; without,
    it is row 1. `dataset.header_row` is its sheet row, which row_errors adds to a data row's number."""
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheet = book.active
    header_row = header_row_of(sheet, columns) if columns else 1
    dataset = tablib.Dataset()
    rows = sheet.iter_rows(min_row=header_row, values_only=True)
    headers = next(rows, None)
    if headers:
        names = [str(h).strip() if h is not None else "" for h in headers]
        while names and not names[-1]:  # columns right of the last header are not read
            names.pop()
        dataset.headers = names
        width = len(names)
        for row in rows:  # as tablib reads a sheet: short rows padded; cells right of the headers are not read
            row = list(row)[:width]
            dataset.append([*row, *[""] * (width - len(row))])
    book.close()
    dataset.header_row = header_row
    return dataset


def read_sheet(upload, columns=None):
    """An uploaded .xlsx, checked by content and size, as a Dataset; ValidationError if it is not one."""
    validate_upload(upload, kinds=(XLSX,), limit_mb=settings.IMPORT_MAX_MB)
    upload.seek(0)
    try:
        return load_sheet(upload.read(), columns)
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise ValidationError(_("This Excel file cannot be read: %(error)s") % {"error": error}) from None


def check_columns(resource, dataset):
    missing = [column for column in resource.columns() if column not in (dataset.headers or [])]
    if missing:
        raise ValidationError(
            _("These columns are missing: %(columns)s. Start from the template.") % {"columns": ", ".join(missing)}
        )


def sheet_row_of(dataset, number):
    """The sheet row (as Excel shows it) of the import's row `number` (from 1): after the dataset's header row
    (load_sheet), counting the empty rows the import skipped (ScopedResource.before_import)."""
    sheet_rows = getattr(dataset, "sheet_rows", None) or []
    if 0 < number <= len(sheet_rows):
        return sheet_rows[number - 1]
    return number + getattr(dataset, "header_row", 1)


def row_errors(resource, result, dataset=None):
    """[(excel row, column, message)] for every problem of an import result, in the user's language. The rows are
    the sheet's: after the dataset's header row (load_sheet), counting the empty rows the import skipped."""
    columns = {field.attribute: field.column_name for field in resource.get_import_fields()}
    columns.update(getattr(resource, "extra_columns", {}))  # read-only columns (products.roundtrip)

    def sheet_row(number):
        return sheet_row_of(dataset, number)

    problems = []
    for invalid in result.invalid_rows:
        excel_row = sheet_row(invalid.number)
        for attribute, messages in invalid.error_dict.items():
            column = columns.get(attribute, "")
            problems.extend((excel_row, column, message) for message in messages)
    for number, errors in result.row_errors():
        for error in errors:
            problems.append((sheet_row(number), "", _("Unexpected error: %(error)s") % {"error": error.error}))
    for error in result.base_errors:
        problems.append(("", "", _("Unexpected error: %(error)s") % {"error": error.error}))
    return sorted(problems, key=lambda p: (p[0] if isinstance(p[0], int) else 0, p[1]))
