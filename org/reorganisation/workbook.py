"""The reorganisation file: an .xlsx with one row per former unit, Vietnamese headers, and an optional sheet
"Chủ thể" placing the producers of a split commune.

Sheet 1 (any name), one row per (former unit, new unit); a commune split between several new units has one row
for each:
    Mã đơn vị cũ | Tên đơn vị cũ | Tỉnh cũ | Mã đơn vị mới | Tên đơn vị mới | Loại đơn vị mới |
    Mã đơn vị cấp trên mới | Ngày hiệu lực | Căn cứ pháp lý | Ghi chú
The former unit is named by its code, or by its name and its province (code or name). A new unit that does not
exist yet needs its name, kind (xa, phuong, dac_khu, tinh, thanh_pho_tw) and, below a province, its parent's code.
The date is dd/mm/yyyy or a date cell.

Sheet "Chủ thể" (optional): Số ĐKKD | Tên chủ thể | Mã xã cũ | Mã đơn vị mới, one row per producer to place.

This module reads cells into rows and checks what needs no database (dates, kinds, duplicates); checks.py
resolves the units.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from org.enums import UnitKind

OLD_CODE, OLD_NAME, OLD_PROVINCE = "Mã đơn vị cũ", "Tên đơn vị cũ", "Tỉnh cũ"
NEW_CODE, NEW_NAME, NEW_KIND, NEW_PARENT = (
    "Mã đơn vị mới",
    "Tên đơn vị mới",
    "Loại đơn vị mới",
    "Mã đơn vị cấp trên mới",
)
EFFECTIVE, BASIS, NOTE = "Ngày hiệu lực", "Căn cứ pháp lý", "Ghi chú"
COLUMNS = [OLD_CODE, OLD_NAME, OLD_PROVINCE, NEW_CODE, NEW_NAME, NEW_KIND, NEW_PARENT, EFFECTIVE, BASIS, NOTE]

PLACEMENT_SHEET = "Chủ thể"
P_NUMBER, P_NAME, P_OLD, P_NEW = "Số ĐKKD", "Tên chủ thể", "Mã xã cũ", "Mã đơn vị mới"
PLACEMENT_COLUMNS = [P_NUMBER, P_NAME, P_OLD, P_NEW]

# The kinds a new unit may have since 01/07/2025: no district level.
NEW_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE, UnitKind.PROVINCE, UnitKind.CENTRAL_CITY)
MAX_ROWS = 20000


@dataclass(frozen=True)
class Problem:
    """A bad cell: the sheet's row number (as Excel shows it), the column header and what is wrong."""

    row: int
    column: str
    message: str

    def __iter__(self):  # tuple(problem): (row, column, message), as includes/import_problems.html lists them
        return iter((self.row, self.column, self.message))

    def __str__(self):
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Row:
    number: int
    old_code: str
    old_name: str
    old_province: str
    new_code: str
    new_name: str
    new_kind: str
    new_parent: str
    effective_on: datetime.date | None
    legal_basis: str
    note: str


@dataclass
class Placement:
    number: int
    registration_number: str
    name: str
    old_code: str
    new_code: str


@dataclass
class ParsedFile:
    rows: list[Row] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class FileProblem(Exception):
    """The file cannot be read as a reorganisation file at all."""


def text(value):
    """A cell as text: whole numbers without '.0' (codes typed as numbers), None as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_date(value):
    """A date cell, or dd/mm/yyyy text; None if it is neither."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.datetime.strptime(text(value), "%d/%m/%Y").date()
    except ValueError:
        return None


def _header_index(sheet_rows, columns, required, sheet_title, problems):
    header = [text(cell).casefold() for cell in (sheet_rows[0] if sheet_rows else ())]
    index = {column: header.index(column.casefold()) for column in columns if column.casefold() in header}
    for column in required:
        if column not in index:
            problems.append(Problem(1, column, _("The sheet “%(sheet)s” has no such column.") % {"sheet": sheet_title}))
    return index


def _cells(values, index):
    return {column: (values[position] if position < len(values) else None) for column, position in index.items()}


def read_workbook(content):
    """Read the file's bytes into rows and placements, with the problems found in the cells themselves."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileProblem(_("This file cannot be read as an Excel workbook (.xlsx).")) from error
    parsed = ParsedFile()
    sheets = book.worksheets
    main = list(sheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 1))
    has_name = OLD_NAME.casefold() in [text(c).casefold() for c in (main[0] if main else ())]
    required = [NEW_CODE, EFFECTIVE] + ([] if has_name else [OLD_CODE])
    index = _header_index(main, COLUMNS, required, sheets[0].title, parsed.problems)
    if has_name and OLD_CODE not in index and OLD_PROVINCE not in index:
        parsed.problems.append(Problem(1, OLD_PROVINCE, _("A former unit named by its name needs its province.")))
    if parsed.problems:
        return parsed
    for number, values in enumerate(main[1:], start=2):
        cells = _cells(values, index)
        if not any(text(value) for value in cells.values()):
            continue
        parsed.rows.append(_row(number, cells, parsed.problems))
    _check_duplicates(parsed)
    placement_sheet = next((s for s in sheets if s.title.strip().casefold() == PLACEMENT_SHEET.casefold()), None)
    if placement_sheet is not None:
        values = list(placement_sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1))
        p_index = _header_index(values, PLACEMENT_COLUMNS, [P_OLD, P_NEW], placement_sheet.title, parsed.problems)
        if P_NUMBER not in p_index and P_NAME not in p_index:
            parsed.problems.append(Problem(1, P_NUMBER, _("Name the producers by registration number or by name.")))
        if not parsed.problems:
            for number, row in enumerate(values[1:], start=2):
                cells = {column: text(value) for column, value in _cells(row, p_index).items()}
                if any(cells.values()):
                    parsed.placements.append(
                        Placement(
                            number,
                            cells.get(P_NUMBER, "").upper(),
                            cells.get(P_NAME, ""),
                            cells.get(P_OLD, ""),
                            cells.get(P_NEW, ""),
                        )
                    )
    book.close()
    return parsed


def _row(number, cells, problems):
    get = lambda column: text(cells.get(column))  # noqa: E731
    effective = parse_date(cells.get(EFFECTIVE))
    if effective is None:
        problems.append(
            Problem(
                number,
                EFFECTIVE,
                _("“%(value)s” is not a date: write dd/mm/yyyy, e.g. 01/07/2025.") % {"value": get(EFFECTIVE)},
            )
        )
    kind = get(NEW_KIND).casefold()
    if kind and kind not in NEW_KINDS:
        problems.append(
            Problem(
                number,
                NEW_KIND,
                _("“%(value)s” is not a kind of new unit; use one of: %(kinds)s.")
                % {"value": get(NEW_KIND), "kinds": ", ".join(NEW_KINDS)},
            )
        )
    if not get(OLD_CODE) and not get(OLD_NAME):
        problems.append(Problem(number, OLD_CODE, _("Name the former unit by its code, or by its name and province.")))
    if not get(NEW_CODE):
        problems.append(Problem(number, NEW_CODE, _("The new unit's code is missing.")))
    return Row(
        number,
        get(OLD_CODE),
        get(OLD_NAME),
        get(OLD_PROVINCE),
        get(NEW_CODE),
        get(NEW_NAME),
        kind,
        get(NEW_PARENT),
        effective,
        get(BASIS),
        get(NOTE),
    )


def _check_duplicates(parsed):
    seen = {}
    for row in parsed.rows:
        key = (row.old_code or (row.old_name.casefold(), row.old_province.casefold()), row.new_code)
        if key in seen:
            parsed.problems.append(
                Problem(row.number, OLD_CODE, _("This row repeats row %(row)s.") % {"row": seen[key]})
            )
        else:
            seen[key] = row.number


def build_workbook(rows, placements=()):
    """An .xlsx in this layout from dicts keyed by the headers (the demo's file, tests, the blank template)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sắp xếp"
    for title, columns, data in ((sheet, COLUMNS, rows), (None, PLACEMENT_COLUMNS, placements)):
        target = title or book.create_sheet(PLACEMENT_SHEET)
        target.append(columns)
        for record in data:
            target.append([record.get(column, "") for column in columns])
        for position, column in enumerate(columns, start=1):
            target.cell(row=1, column=position).font = Font(bold=True)
            target.column_dimensions[get_column_letter(position)].width = max(14, len(column) + 4)
        target.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
