"""Exported lists as workbooks people read and re-import: a named sheet, a title and the filters in words above
the header row, the header frozen and filterable, amounts as numbers with thousands separators, dates as dates.

The import finds the header row again (products.excel.load_sheet), so an exported file, edited, imports back.
"""

import datetime
import io

from django.db import models
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from products.excel import safe_cell

HEADER_ROW = 4  # title, filter line, a blank row, then the headers
MONEY_FORMAT = "#,##0"  # Excel shows the reader's own thousands separator (a dot in Vietnamese)
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
SHEET_TITLE_FORBIDDEN = str.maketrans({character: "-" for character in "[]:*?/\\"})


def filters_in_words(filterset):
    """The filters of a list as "Label: value" phrases ("" when none): what the export says it holds."""
    if not filterset.is_bound or not filterset.form.is_valid():
        return ""
    form = filterset.form
    phrases = []
    for name, value in form.cleaned_data.items():
        if name == "sort" or value in (None, "", [], ()):
            continue
        field = form.fields[name]
        if isinstance(value, models.Model):
            shown = str(value)  # not label_from_instance: a commune's district would cost a query
        elif isinstance(value, datetime.date):
            shown = value.strftime("%d/%m/%Y")
        elif getattr(field, "choices", None) is not None and not hasattr(field, "queryset"):
            shown = dict(field.choices).get(value, value)
        else:
            shown = f"“{value}”" if isinstance(value, str) else value
        phrases.append(f"{field.label}: {shown}")
    return "; ".join(phrases)


def _cell_value(value):
    if value == "":
        return None
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)  # openpyxl refuses time zones; the reader's local time is shown
    return safe_cell(value)


def list_workbook(dataset, *, sheet_title, title, filters, money_columns=()):
    """.xlsx bytes of an exported Dataset, laid out as described in the module docstring."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title.translate(SHEET_TITLE_FORBIDDEN)[:31]
    sheet.cell(row=1, column=1, value=safe_cell(title)).font = Font(bold=True, size=14)
    sheet.cell(row=2, column=1, value=safe_cell(filters)).font = Font(italic=True)
    headers = list(dataset.headers or [])
    widths = [len(header) + 4 for header in headers]
    for index, header in enumerate(headers, start=1):
        sheet.cell(row=HEADER_ROW, column=index, value=header).font = Font(bold=True)
    money = {index for index, header in enumerate(headers) if header in money_columns}
    for row_number, row in enumerate(dataset, start=HEADER_ROW + 1):
        for index, value in enumerate(row):
            cell = sheet.cell(row=row_number, column=index + 1, value=_cell_value(value))
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
            elif index in money and isinstance(cell.value, int | float):
                cell.number_format = MONEY_FORMAT
            if isinstance(cell.value, str) and row_number < HEADER_ROW + 200:
                widths[index] = max(widths[index], len(cell.value) + 2)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 10), 50)
    if headers:
        sheet.freeze_panes = f"A{HEADER_ROW + 1}"
        last_row = HEADER_ROW + max(len(dataset), 1)
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{last_row}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
