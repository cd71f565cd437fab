"""The demo's reorganisation file: tỉnh Hậu Giang (93) into thành phố Cần Thơ (92) on 01/07/2025, and the communes
of huyện Long Mỹ (org/demo.py) into the new communes named by Nghị quyết 1668/NQ-UBTVQH15.

What is sourced (docs ocop-2026.md): the resolution and its date, the effective date 01/07/2025, thành phố Cần Thơ
as the merged province, and the five new units xã Vĩnh Viễn, xã Xà Phiên, xã Lương Tâm, xã Vĩnh Thuận Đông and
phường Long Mỹ. What is not: which former commune went into which new unit (each row says "chưa xác nhận theo
nguồn") and the new units' official codes (the codes 9200001–9200005 are illustrative, "mã minh họa"; 92 is the
GSO code of thành phố Cần Thơ). The legal basis of the province's merger is not in our sources either: its row
leaves the column empty and says so. Correct the rows from the official text before using them for real.

`workbook()` builds the .xlsx; `apply_demo_reorganisation(user)` applies it (idempotent: a second call changes
nothing), for seed_demo.
"""

import datetime

from org.reorganisation import apply, build_workbook, read_workbook
from org.reorganisation import workbook as wb

EFFECTIVE = datetime.date(2025, 7, 1)
HISTORY_ENDS = EFFECTIVE - datetime.timedelta(days=1)  # the demo's district history runs up to this day
NQ_1668 = "Nghị quyết 1668/NQ-UBTVQH15 ngày 16/06/2025"
GUESS = "chưa xác nhận theo nguồn"
ILLUSTRATIVE = "mã minh họa"
CAN_THO = ("92", "Cần Thơ", "thanh_pho_tw")
# code, name, kind of the new units (codes illustrative).
NEW_UNITS = {
    "vinh_vien": ("9200001", "Vĩnh Viễn", "xa"),
    "xa_phien": ("9200002", "Xà Phiên", "xa"),
    "luong_tam": ("9200003", "Lương Tâm", "xa"),
    "vinh_thuan_dong": ("9200004", "Vĩnh Thuận Đông", "xa"),
    "long_my": ("9200005", "Long Mỹ", "phuong"),
}
# Former commune of huyện Long Mỹ (org/demo.py) -> new unit: a guess by names, unconfirmed by our sources.
COMMUNES = {
    "31489": "vinh_vien",  # thị trấn Vĩnh Viễn
    "31490": "vinh_vien",  # xã Vĩnh Viễn A
    "31495": "xa_phien",
    "31492": "luong_tam",
    "31493": "luong_tam",  # xã Lương Nghĩa
    "31486": "vinh_thuan_dong",
    "31484": "vinh_thuan_dong",  # xã Thuận Hòa
    "31483": "long_my",  # xã Thuận Hưng
}


def rows():
    """The rows of the file, as dicts keyed by the headers."""
    province = {
        wb.NEW_CODE: CAN_THO[0],
        wb.NEW_NAME: CAN_THO[1],
        wb.NEW_KIND: CAN_THO[2],
        wb.EFFECTIVE: EFFECTIVE.strftime("%d/%m/%Y"),
    }
    made = [
        {
            wb.OLD_CODE: "93",
            **province,
            wb.NOTE: "Căn cứ pháp lý của việc hợp nhất tỉnh: chưa có trong nguồn, cần bổ sung",
        },
        {
            wb.OLD_CODE: "936",
            **province,
            wb.NOTE: "Huyện kết thúc hoạt động từ 01/07/2025 (chính quyền địa phương hai cấp); "
            "căn cứ pháp lý: chưa có trong nguồn, cần bổ sung",
        },
    ]
    for old_code, key in COMMUNES.items():
        code, name, kind = NEW_UNITS[key]
        made.append(
            {
                wb.OLD_CODE: old_code,
                wb.NEW_CODE: code,
                wb.NEW_NAME: name,
                wb.NEW_KIND: kind,
                wb.NEW_PARENT: CAN_THO[0],
                wb.EFFECTIVE: EFFECTIVE.strftime("%d/%m/%Y"),
                wb.BASIS: NQ_1668,
                wb.NOTE: f"{GUESS}; {ILLUSTRATIVE} {code}",
            }
        )
    return made


def workbook():
    return build_workbook(rows())


def apply_demo_reorganisation(user=None):
    """Apply the demo file (through the same checks as an upload); returns the Preview of what was done."""
    return apply(read_workbook(workbook()), user=user)
