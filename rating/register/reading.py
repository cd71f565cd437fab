"""Reading a province's register (.xlsx): its Vietnamese columns, in any order, into checked rows.

Each problem is (Excel row, column, message) in the user's language; rows are numbered as Excel shows them (the
header is row 1). Nothing here touches the database: the communes are looked up by `matching`.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from products.search import fold
from products.widgets import is_blank, normalise, without_control_characters

PRODUCT = "Tên sản phẩm"
PRODUCER = "Chủ thể"
LEGAL_FORM = "Loại hình chủ thể"
GROUP = "Nhóm sản phẩm"
COMMUNE = "Xã/phường hiện nay"
ADDRESS = "Địa chỉ"
STARS = "Hạng sao"
DECISION_NUMBER = "Số quyết định"
DECISION_DATE = "Ngày quyết định"
RECOGNISED_BY = "Cơ quan công nhận"
VALID_UNTIL = "Có giá trị đến"

COLUMNS = (PRODUCT, PRODUCER, LEGAL_FORM, GROUP, COMMUNE, ADDRESS, STARS, DECISION_NUMBER, DECISION_DATE,
           RECOGNISED_BY, VALID_UNTIL)  # fmt: skip
# Columns the file must have, and cells each row must fill; the others may be missing or empty.
REQUIRED_COLUMNS = (PRODUCT, PRODUCER, COMMUNE, STARS)
REQUIRED_CELLS = REQUIRED_COLUMNS
STAR_RANGE = (3, 5)  # the register lists recognised products: 3★ to 5★ (QĐ 148)
LIMITS = {PRODUCT: 200, PRODUCER: 200, ADDRESS: 120, DECISION_NUMBER: 60, RECOGNISED_BY: 200}


class RegisterError(Exception):
    """The file as a whole cannot be read (not a register: unknown or missing columns)."""

    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


@dataclass
class RegisterRow:
    number: int  # the Excel row
    product: str
    producer: str
    legal_form: str
    group: str
    commune: str
    address: str
    stars: int | None
    decision_number: str
    decision_date: date | None
    recognised_by: str
    valid_until: date | None
    # Filled by matching:
    unit: object = None
    extra: dict = field(default_factory=dict)

    @property
    def without_decision(self):
        """Recorded without a decision number or date: kept, and flagged for completion."""
        return not (self.decision_number and self.decision_date)

    def recognition_key(self):
        """What makes two rows the same recognition of the same product (within the file, and against the
        register certificates already stored: the decision number, else the stars and the decision date)."""
        decision = normalise(self.decision_number) if self.decision_number else (self.stars, self.decision_date)
        return (self.unit.pk if self.unit else self.commune, name_key(self.producer), name_key(self.product), decision)


def name_key(text):
    """A name compared without case, accents or extra spaces ('HTX  Phụng Phát' ~ 'htx phung phat'): folded as the
    search folds it."""
    return fold(text)


def _text(value):
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", without_control_characters(str(value))).strip()


DATE_PATTERNS = (
    (re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"), ("day", "month", "year")),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("year", "month", "day")),
)


def parse_date(value):
    """A date cell: an Excel date, or text dd/mm/yyyy (also d.m.yyyy, d-m-yyyy) or yyyy-mm-dd. ValueError."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern, order in DATE_PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            parts = dict(zip(order, map(int, found.groups()), strict=True))
            return date(parts["year"], parts["month"], parts["day"])  # ValueError on 31/02
    raise ValueError(text)


def parse_stars(value):
    """4, 4.0, '4', '4 sao', '★★★★' → 4; ValueError otherwise (the range is checked by the caller)."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    text = _text(value)
    if text and set(text) <= {"★", "*"}:
        return len(text)
    found = re.fullmatch(r"(\d)\s*(sao|★|stars?)?", text, flags=re.IGNORECASE)
    if found:
        return int(found.group(1))
    raise ValueError(text)


def check_headers(headers):
    """The column names of the sheet, or RegisterError naming unknown, repeated and missing columns."""
    problems = []
    known = {normalise(column): column for column in COLUMNS}
    seen = {}
    for index, header in enumerate(headers or [], start=1):
        if is_blank(header):
            continue
        column = known.get(normalise(header))
        if column is None:
            problems.append((1, str(header), _("Unknown column “%(column)s”.") % {"column": header}))
        elif column in seen:
            problems.append((1, column, _("The column “%(column)s” appears twice.") % {"column": column}))
        else:
            seen[column] = index - 1
    for column in REQUIRED_COLUMNS:
        if column not in seen:
            problems.append((1, column, _("The column “%(column)s” is missing.") % {"column": column}))
    if problems:
        raise RegisterError(problems)
    return seen


def read_rows(dataset):
    """(rows, problems) of a tablib Dataset of the register; RegisterError if its columns are wrong. Empty rows
    are skipped; a row with a problem is left out of `rows`."""
    positions = check_headers(dataset.headers)
    rows, problems = [], []
    for offset, values in enumerate(dataset, start=2):
        if all(is_blank(value) for value in values):
            continue
        cells = {column: values[index] for column, index in positions.items()}
        row, row_problems = _read_row(offset, cells)
        problems += row_problems
        if not row_problems:
            rows.append(row)
    return rows, problems


def _read_row(number, cells):
    problems = []

    def problem(column, message):
        problems.append((number, column, message))

    texts = {
        column: _text(cells.get(column)) for column in COLUMNS if column not in (STARS, DECISION_DATE, VALID_UNTIL)
    }
    for column in REQUIRED_CELLS:
        if is_blank(cells.get(column)):
            problem(column, _("This cell is required."))
    for column, limit in LIMITS.items():
        if len(texts.get(column, "")) > limit:
            problem(column, _("At most %(limit)s characters.") % {"limit": limit})
    stars = None
    if not is_blank(cells.get(STARS)):
        try:
            stars = parse_stars(cells[STARS])
        except ValueError:
            problem(STARS, _("“%(value)s” is not a number of stars.") % {"value": _text(cells[STARS])})
        else:
            if not STAR_RANGE[0] <= stars <= STAR_RANGE[1]:
                problem(STARS, _("Stars must be from %(low)s to %(high)s; this row has %(stars)s.")
                        % {"low": STAR_RANGE[0], "high": STAR_RANGE[1], "stars": stars})  # fmt: skip
    dates = {}
    for column in (DECISION_DATE, VALID_UNTIL):
        dates[column] = None
        if not is_blank(cells.get(column)):
            try:
                dates[column] = parse_date(cells[column])
            except ValueError:
                problem(
                    column, _("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": _text(cells[column])}
                )
    if dates[DECISION_DATE] and dates[VALID_UNTIL] and dates[VALID_UNTIL] <= dates[DECISION_DATE]:
        problem(VALID_UNTIL, _("The validity ends before the decision date."))
    row = RegisterRow(
        number=number, product=texts[PRODUCT], producer=texts[PRODUCER], legal_form=texts[LEGAL_FORM],
        group=texts[GROUP], commune=texts[COMMUNE], address=texts[ADDRESS], stars=stars,
        decision_number=texts[DECISION_NUMBER], decision_date=dates[DECISION_DATE],
        recognised_by=texts[RECOGNISED_BY], valid_until=dates[VALID_UNTIL],
    )  # fmt: skip
    return row, problems
