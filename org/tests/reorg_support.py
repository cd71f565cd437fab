"""Helpers of the reorganisation tests: files built from a few rows over the conftest's tree."""

from org.reorganisation import read_workbook
from org.reorganisation import workbook as wb

NQ = "Nghị quyết 1668/NQ-UBTVQH15 ngày 16/06/2025"


def row(old, new, name="", kind="", parent="", date="01/07/2025", **more):
    return {wb.OLD_CODE: old, wb.NEW_CODE: new, wb.NEW_NAME: name, wb.NEW_KIND: kind, wb.NEW_PARENT: parent,
            wb.EFFECTIVE: date, wb.BASIS: NQ, **more}  # fmt: skip


def merger_rows():
    """Hậu Giang (93) into a new Cần Thơ (92); huyện Long Mỹ (936) ends; its two communes merge into xã 9200001."""
    return [
        row("93", "92", "Cần Thơ", "thanh_pho_tw"),
        row("936", "92"),
        row("31484", "9200001", "Vĩnh Thuận Đông", "xa", "92"),
        row("31495", "9200001", "Vĩnh Thuận Đông", "xa", "92"),
    ]


def parsed(rows, placements=()):
    return read_workbook(wb.build_workbook(rows, placements))
