"""A rule set and its scoring sheets as one .xlsx file, out and back in (`manage.py criteria`, the admin).

layout.py holds the worksheet layout, export.py writes a workbook, importing.py reads one back (cells.py
reads single cells, set_reader.py a product set's worksheet) and saves it all or nothing.
"""

from rating.criteria_xlsx.cells import CriteriaImportError
from rating.criteria_xlsx.export import export_bytes, export_workbook, file_name
from rating.criteria_xlsx.importing import ImportResult, import_workbook, read_workbook
from rating.criteria_xlsx.layout import (
    COLUMNS,
    FIRST_DATA_ROW,
    JSON_FIELDS,
    KEYS,
    KNOCKOUT_LABEL,
    NO,
    RULE_SET_FIELDS,
    RULE_SET_TITLE,
    SELECTIONS,
    SET_TITLE,
    XLSX_CONTENT_TYPE,
    YES,
)
from rating.criteria_xlsx.template import template_bytes, template_file_name, template_workbook

__all__ = [
    "COLUMNS",
    "FIRST_DATA_ROW",
    "JSON_FIELDS",
    "KEYS",
    "KNOCKOUT_LABEL",
    "NO",
    "RULE_SET_FIELDS",
    "RULE_SET_TITLE",
    "SELECTIONS",
    "SET_TITLE",
    "XLSX_CONTENT_TYPE",
    "YES",
    "CriteriaImportError",
    "ImportResult",
    "export_bytes",
    "export_workbook",
    "file_name",
    "import_workbook",
    "read_workbook",
    "template_bytes",
    "template_file_name",
    "template_workbook",
]
