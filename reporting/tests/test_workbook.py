"""The .xlsx holds the same numbers as the report (both read ReportData): one sheet per section, the headline
values, the funding total, the annex; text that looks like a formula stays text. Figures: test_indicators.py's
docstring and test_gather.py's. Sheets are looked up by their English titles (the numbers do not depend on it)."""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from products.models import Product
from reporting import periods
from reporting.gather import gather
from reporting.workbook import sections, to_xlsx

Q3 = periods.quarter(2020, 3)
SHEETS = ["Indicators", "Ideas", "Ideas per quarter", "Rating", "Stars by commune", "Certificates", "Producers",
          "Product groups", "Plan tasks", "Not reported", "Activity totals", "Activities", "Funding",
          "Annex"]  # fmt: skip


@pytest.fixture
def data(world):
    return gather(world.tree.district, Q3, today=date(2020, 10, 15))


def book_of(data, language="en"):
    with translation.override(language):
        return load_workbook(BytesIO(to_xlsx(data)))


def rows(sheet):
    """The rows under the header; dates (which openpyxl reads back as midnight datetimes) as dates."""
    return [[value.date() if isinstance(value, datetime) else value for value in row]
            for row in sheet.iter_rows(min_row=2, values_only=True)]  # fmt: skip


def test_one_sheet_per_section(data):
    book = book_of(data)
    assert book.sheetnames == SHEETS
    with translation.override("en"):
        assert len(sections(data)) == len(SHEETS)


def test_the_indicators_sheet_holds_the_headline_values(data):
    sheet = book_of(data)["Indicators"]
    assert [cell.value for cell in sheet[1]] == ["Indicator", "Quarter III of 2020", "Quarter II of 2020", "Change",
                                                 "Plan target (year)"]  # fmt: skip
    assert [row[1:] for row in rows(sheet)] == [
        [h.value, h.previous, h.change, float(h.target.target_value) if h.target else None] for h in data.headlines
    ]
    assert [row[1:4] for row in rows(sheet)] == [
        [3, 1, 2], [3, 1, 2], [2, 1, 1], [2, 0, 2], [6, 8, -2], [55, 40, 15], [2, 0, 2],
        [200_000_000, 15_000_000, 185_000_000],
    ]  # fmt: skip
    assert [row[4] for row in rows(sheet)] == [10, None, 5, None, None, None, None, None]
    assert all(isinstance(row[1], int) for row in rows(sheet))


def test_the_funding_sheet_and_its_total(data):
    assert rows(book_of(data)["Funding"]) == [
        ["Provincial budget", 120_000_000],
        ["District budget", 80_000_000],
        ["Total", 200_000_000],
    ]


def test_the_annex_rows(world, data):
    assert rows(book_of(data)["Annex"]) == [
        ["Trà mãng cầu Thuận Hòa", "HTX Thuận Hòa", "Thuận Hòa", "Province", 4, "93-2020-0001/OCOP",
         date(2023, 9, 28)],
        ["Trà atiso Xà Phiên", "HTX Xà Phiên", "Xà Phiên", "District", 2, None, None],
        ["Trà bông sen Xà Phiên", "HTX Xà Phiên", "Xà Phiên", "District", 3, "93-2020-0002/OCOP", date(2023, 8, 25)],
    ]  # fmt: skip
    assert book_of(data)["Annex"]["G2"].number_format == "DD/MM/YYYY"


def test_the_other_sections_hold_the_same_numbers(data):
    book = book_of(data)
    assert rows(book["Ideas"]) == [["Commune Thuận Hòa", 0, 1, 1, 2], ["Commune Xà Phiên", 1, 0, 0, 1]]
    assert [row[1] for row in rows(book["Ideas per quarter"])] == [0, 0, 0, 0, 7, 0, 1, 3]
    assert [row[3:] for row in rows(book["Rating"])] == [
        [date(2020, 8, 20), 4, 0, 0, 2, 0, 0, 1, 2, None],
        [date(2020, 9, 10), 1, 0, 0, 0, 1, 0, 0, 0, None],
        [None, 1, 0, 1, 0, 0, 0, 0, 0, None],
    ]
    assert rows(book["Stars by commune"]) == [["Commune Thuận Hòa", 0, 0, 0, 1, 0, 1],
                                              ["Commune Xà Phiên", 0, 1, 1, 0, 0, 2]]  # fmt: skip
    assert [(row[0], row[1], row[6]) for row in rows(book["Certificates"])] == [
        ("Issued", "93-2020-0001/OCOP", date(2023, 9, 28)),
        ("Issued", "93-2020-0002/OCOP", date(2023, 8, 25)),
        ("Expiring", "93-2017-0001/OCOP", date(2020, 10, 20)),
        ("Expiring", "93-2017-0002/OCOP", date(2020, 12, 29)),
        ("Expired", "93-2017-0005/OCOP", date(2020, 7, 1)),
        ("Expired", "93-2017-0010/OCOP", date(2020, 8, 20)),
        ("Expired", "93-2017-0004/OCOP", date(2020, 9, 30)),
    ]
    assert [row[1:] for row in rows(book["Producers"])] == [[2, 2], [3, 0]]
    assert rows(book["Product groups"]) == [["Chè", 16, 6], ["Thực phẩm thô, sơ chế", 2, 0], ["Vải, may mặc", 2, 0]]
    assert rows(book["Plan tasks"]) == [
        ["Phòng KT&HT", 3, 1, 0, 2, 0, 63, 1],
        ["Phòng NN&PTNT", 2, 0, 1, 0, 1, 75, 0],
        ["UBND xã Thuận Hòa", 1, 0, 0, 1, 0, 0, 1],
    ]
    activities = rows(book["Activities"])
    assert [(row[0], row[4]) for row in activities] == [
        (date(2020, 7, 1), 30), (date(2020, 7, 20), None), (date(2020, 8, 15), 200), (date(2020, 9, 10), None),
        (date(2020, 9, 30), 25),
    ]  # fmt: skip


def test_a_name_beginning_with_equals_is_text_not_a_formula(world):
    formula = '=HYPERLINK("http://example.com","Trà")'
    Product.objects.filter(pk=world.X1.pk).update(name=formula)
    data = gather(world.tree.district, Q3, today=date(2020, 10, 15))
    book = book_of(data)
    for sheet, column in (("Annex", 0), ("Certificates", 2)):
        cells = [row[column] for row in book[sheet].iter_rows(min_row=2)]
        hits = [cell for cell in cells if "HYPERLINK" in str(cell.value)]
        assert hits, sheet
        for cell in hits:
            assert cell.data_type == "s"
            assert cell.value == "'" + formula  # the project's neutralised form (products.excel.safe_cell)


def test_the_vietnamese_workbook_has_valid_sheet_names(data):
    book = book_of(data, "vi")
    assert len(book.sheetnames) == len(SHEETS)
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in book.sheetnames)
    assert rows(book.worksheets[0])[0][1:4] == [3, 1, 2]


def test_a_round_still_scoring_shows_dashes_and_a_note(world):
    """R2 back to scoring: its stars change with each sheet, so the Rating sheet shows dashes, not zeros."""
    from rating.enums import RoundStatus
    from rating.models import Round

    Round.objects.filter(pk=world.R2.pk).update(status=RoundStatus.SCORING)
    data = gather(world.tree.district, Q3, today=date(2020, 10, 15))
    for book, note in ((book_of(data), "scoring in progress"), (book_of(data, "vi"), "đang chấm điểm")):
        sheet = book.worksheets[SHEETS.index("Rating")]
        assert rows(sheet)[1][3:] == [date(2020, 9, 10), 1, "–", "–", "–", "–", "–", "–", "–", note]
        assert rows(sheet)[0][3:] == [date(2020, 8, 20), 4, 0, 0, 2, 0, 0, 1, 2, None]


def test_the_activity_totals(data):
    """Training classes and participants, fairs, promotion events, media: the numbers of the PDF's section VI."""
    assert rows(book_of(data)["Activity totals"]) == [
        [label, *data.activity_totals[kind]]
        for kind, label in (("training", "Training class"), ("fair", "Trade fair"), ("promotion", "Promotion event"),
                            ("media", "Media work"))
    ]  # fmt: skip
    assert rows(book_of(data)["Activity totals"])[0] == ["Training class", 2, 55]


def test_the_agencies_and_communes_that_have_not_reported(data):
    """One row per report owed and not filed: agency, its unit, task section and title, period (the PDF's list)."""
    with translation.override("en"):
        expected = [
            [str(agency), str(agency.unit), item.task.section, item.task.title, str(item.period.label)]
            for agency, items in data.plan_section.missing
            for item in items
        ]
    assert len(expected) == 2  # Phòng KT&HT (V.2) and UBND xã Thuận Hòa (V.11)
    assert rows(book_of(data)["Not reported"]) == expected
    assert [(row[0], row[2]) for row in expected] == [("Phòng KT&HT", "V.2"), ("UBND xã Thuận Hòa", "V.11")]
    assert [cell.value for cell in book_of(data, "vi").worksheets[SHEETS.index("Not reported")][1]] == [
        "Cơ quan hoặc xã", "Đơn vị", "Mục", "Nhiệm vụ", "Kỳ báo cáo"
    ]  # fmt: skip
    assert book_of(data, "vi").sheetnames[SHEETS.index("Not reported")] == "Chưa báo cáo"


def test_nothing_missing_says_why(world):
    data = gather(world.tree.far_commune, periods.quarter(2016, 1), today=date(2016, 4, 10))
    assert rows(book_of(data)["Not reported"]) == [["This unit has no OCOP plan for the year.", None, None, None, None]]


def test_every_report_filed_says_so(data):
    data.plan_section.missing = []  # the plan's quarters were checked and nothing is owed
    assert rows(book_of(data)["Not reported"]) == [["Every lead agency has reported.", None, None, None, None]]
