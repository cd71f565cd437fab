"""The .xlsx layout of the criteria catalogue: worksheet names, the rule-set rows, the set columns.

Layout: a worksheet "Bộ quy tắc" with one row per rule-set field (label, value, field name; structures as
JSON text), then one worksheet per product set ("Bộ 13"): the knock-out text in row 1, Vietnamese headers in
row 2, the field names in row 3, and one row per option from row 4. Part, group and criterion columns repeat
on every option row of theirs.
"""

RULE_SET_TITLE = "Bộ quy tắc"
SET_TITLE = "Bộ {}"
KNOCKOUT_LABEL = "Bị loại khi"
FIRST_DATA_ROW = 4
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (field name, Vietnamese label) of the rule-set worksheet; JSON ones hold a structure.
RULE_SET_FIELDS = [
    ("code", "Mã bộ quy tắc"),
    ("name", "Tên"),
    ("effective_from", "Hiệu lực từ ngày (YYYY-MM-DD)"),
    ("effective_to", "Hiệu lực đến ngày (YYYY-MM-DD)"),
    ("part_maxima", "Điểm tối đa từng phần (JSON)"),
    ("star_bands", "Khung hạng sao: [điểm từ, số sao] (JSON)"),
    ("spread_limit", "Chênh lệch tối đa giữa các thành viên (điểm)"),
    ("validity_months", "Thời hạn giấy chứng nhận (tháng)"),
    ("council_sizes", "Số thành viên hội đồng theo cấp: [tối thiểu, tối đa] (JSON)"),
    ("forward_thresholds", "Điểm chuyển cấp trên theo cấp (JSON)"),
    ("recognised_stars", "Số sao được công nhận theo cấp (JSON)"),
]
JSON_FIELDS = {"part_maxima": dict, "star_bands": list, "council_sizes": dict, "forward_thresholds": dict,
               "recognised_stars": dict}  # fmt: skip

# (field name, Vietnamese header, column width) of a set's worksheet.
COLUMNS = [
    ("set_number", "Bộ sản phẩm (số)", 10),
    ("part_code", "Phần", 7),
    ("part_title", "Tên phần", 24),
    ("part_max", "Điểm tối đa phần", 10),
    ("group_number", "Nhóm tiêu chí (số)", 10),
    ("group_title", "Tên nhóm tiêu chí", 24),
    ("criterion_number", "Tiêu chí (số)", 10),
    ("criterion_title", "Tên tiêu chí", 30),
    ("criterion_max", "Điểm tối đa tiêu chí", 10),
    ("hint", "Giải thích", 24),
    ("notes", "Ghi chú (mỗi dòng một ghi chú)", 30),
    ("knockout_note", "Ghi chú loại sản phẩm (có/để trống)", 12),
    ("applies_if_criterion", "Chỉ chấm nếu tiêu chí (số)", 10),
    ("applies_if_min_points", "… đạt ít nhất (điểm)", 10),
    ("applies_if_text", "Điều kiện áp dụng (văn bản)", 24),
    ("stops_if_zero", "Dừng chấm nếu 0 điểm (có/để trống)", 12),
    ("selection", "Cách chọn (single: một mức; multiple: cộng các mức)", 12),
    ("option_list_label", "Trường hợp", 20),
    ("option_text", "Mức đánh giá", 50),
    ("option_points", "Điểm", 8),
    ("mandatory_for_3", "Bắt buộc đạt để được 3 sao (có/để trống)", 12),
    ("bonus", "Tiêu chí điểm thưởng (có/để trống)", 12),
    ("pre_assessed", "UBND xã đánh giá sơ bộ (có/để trống)", 12),
]
KEYS = [key for key, _label, _width in COLUMNS]
# Columns a file may leave out (workbooks written before QĐ 148's marks existed).
OPTIONAL_KEYS = {"mandatory_for_3", "bonus", "pre_assessed"}
# Columns that a skeleton row of a template fills before the office writes the criteria.
SKELETON_KEYS = {"set_number", "part_code", "part_title", "part_max"}

# The product classification worksheet: the sets an office loads with their sheets (QĐ 148's Phụ lục I is not
# shipped: the office copies it from the official text).
CLASSIFICATION_TITLE = "Phân loại"
CLASSIFICATION_COLUMNS = [
    ("set_number", "Số bộ sản phẩm", 12),
    ("set_name", "Tên bộ sản phẩm", 50),
    ("category_code", "Mã nhóm sản phẩm", 14),
    ("category_name", "Tên nhóm (để đối chiếu, không nhập)", 50),
]
GUIDE_TITLE = "Hướng dẫn"
YES = {"có", "co", "x", "1", "true", "yes", "đúng"}
NO = {"", "không", "khong", "0", "false", "no", "sai"}
SELECTIONS = {"single", "multiple"}


def _number(value):
    """A Decimal as the plainest number a spreadsheet shows (2, not 2.0)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
