"""Report periods: parsing codes, the period before (across a year boundary), the one containing a day, and the
cut-off days set in REPORT_CUTOFF_DAY (e.g. {"half": 14}: six-month reports run 15/12 to 14/06)."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from reporting import periods
from reporting.periods import CUSTOM, HALF, QUARTER, YEAR


@pytest.fixture(autouse=True)
def calendar_periods(settings):
    """Calendar periods unless a test says otherwise (the environment may set cut-off days)."""
    settings.REPORT_CUTOFF_DAY = {"quarter": 0, "half": 0, "year": 0}


@pytest.fixture
def half_cut_on_14(settings):
    settings.REPORT_CUTOFF_DAY = {"quarter": 0, "half": 14, "year": 0}


def span(period):
    return (period.kind, period.year, period.number, period.start, period.end)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2020-Q3", (QUARTER, 2020, 3, date(2020, 7, 1), date(2020, 9, 30))),
        ("2020-q1", (QUARTER, 2020, 1, date(2020, 1, 1), date(2020, 3, 31))),
        (" 2020-Q4 ", (QUARTER, 2020, 4, date(2020, 10, 1), date(2020, 12, 31))),
        ("2020-H1", (HALF, 2020, 1, date(2020, 1, 1), date(2020, 6, 30))),
        ("2020-H2", (HALF, 2020, 2, date(2020, 7, 1), date(2020, 12, 31))),
        ("2020", (YEAR, 2020, 0, date(2020, 1, 1), date(2020, 12, 31))),
        ("2024-Q1", (QUARTER, 2024, 1, date(2024, 1, 1), date(2024, 3, 31))),
        ("2020-01-01..2020-05-15", (CUSTOM, 2020, 0, date(2020, 1, 1), date(2020, 5, 15))),
        ("2019-12-15..2020-01-14", (CUSTOM, 2020, 0, date(2019, 12, 15), date(2020, 1, 14))),
        ("2020-03-01..2020-03-01", (CUSTOM, 2020, 0, date(2020, 3, 1), date(2020, 3, 1))),
    ],
)
def test_parse(code, expected):
    assert span(periods.parse(code)) == expected


@pytest.mark.parametrize("code", ["2020-Q3", "2020-H1", "2020-H2", "2020", "2020-01-01..2020-05-15"])
def test_the_code_parses_back(code):
    assert periods.parse(code).code == code


@pytest.mark.parametrize(
    "code",
    ["", "20", "2020-", "2020-Q0", "2020-Q5", "2020-H3", "2020-H0", "2020-Q12", "2020-S1", "1999", "2101-Q1",
     "Q3-2020", "20a0", "2020-05-15..2020-01-01", "2020-02-30..2020-03-01", "2020-01-01..", "x..y"],
)  # fmt: skip
def test_parse_refuses(code):
    with pytest.raises(ValueError):
        periods.parse(code)


@pytest.mark.parametrize(
    ("code", "before"),
    [
        ("2021-Q1", "2020-Q4"),
        ("2020-Q3", "2020-Q2"),
        ("2021-H1", "2020-H2"),
        ("2020-H2", "2020-H1"),
        ("2021", "2020"),
        ("2020-03-01..2020-03-31", "2020-01-30..2020-02-29"),  # 31 days, ending the day before
    ],
)
def test_previous(code, before):
    assert periods.previous(periods.parse(code)).code == before


def test_previous_of_q1_2021_is_q4_2020_with_its_dates():
    assert span(periods.previous(periods.parse("2021-Q1"))) == (
        QUARTER, 2020, 4, date(2020, 10, 1), date(2020, 12, 31)
    )  # fmt: skip


def test_half_cut_off_on_the_14th(half_cut_on_14):
    first, second = periods.parse("2020-H1"), periods.parse("2020-H2")
    assert (first.start, first.end) == (date(2019, 12, 15), date(2020, 6, 14))
    assert (second.start, second.end) == (date(2020, 6, 15), date(2020, 12, 14))
    assert span(periods.previous(first)) == (HALF, 2019, 2, date(2019, 6, 15), date(2019, 12, 14))
    # Quarters and years keep calendar ends: only the six-month reports are cut
    assert (periods.parse("2020-Q2").end, periods.parse("2020").end) == (date(2020, 6, 30), date(2020, 12, 31))


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (date(2020, 12, 20), "2021-H1"),  # after the 14 December cut: next year's first half
        (date(2020, 12, 14), "2020-H2"),
        (date(2020, 12, 15), "2021-H1"),
        (date(2020, 6, 14), "2020-H1"),
        (date(2020, 6, 15), "2020-H2"),
        (date(2020, 1, 1), "2020-H1"),
    ],
)
def test_containing_with_the_half_cut_off(half_cut_on_14, day, code):
    found = periods.containing(HALF, day)
    assert found.code == code
    assert found.contains(day)


@pytest.mark.parametrize(
    ("kind", "day", "code"),
    [
        (QUARTER, date(2020, 12, 20), "2020-Q4"),
        (QUARTER, date(2021, 1, 1), "2021-Q1"),
        (QUARTER, date(2020, 3, 31), "2020-Q1"),
        (HALF, date(2020, 12, 20), "2020-H2"),
        (YEAR, date(2020, 12, 31), "2020"),
    ],
)
def test_containing_calendar_periods(kind, day, code):
    assert periods.containing(kind, day).code == code


def test_a_year_and_quarter_cut_off(settings):
    settings.REPORT_CUTOFF_DAY = {"quarter": 14, "half": 0, "year": 14}
    assert span(periods.parse("2021")) == (YEAR, 2021, 0, date(2020, 12, 15), date(2021, 12, 14))
    assert span(periods.parse("2021-Q1")) == (QUARTER, 2021, 1, date(2020, 12, 15), date(2021, 3, 14))
    assert periods.containing(YEAR, date(2020, 12, 20)).code == "2021"
    assert periods.containing(QUARTER, date(2021, 3, 15)).code == "2021-Q2"


@pytest.mark.parametrize("day", [29, 31, -1, "fourteen", 14.5])
def test_an_invalid_cut_off_day_is_a_configuration_error(settings, day):
    settings.REPORT_CUTOFF_DAY = {"half": day}
    with pytest.raises(ImproperlyConfigured):
        periods.parse("2020-H1")


def test_last_closed_and_quarters_back():
    assert periods.last_closed(QUARTER, date(2021, 1, 5)).code == "2020-Q4"
    assert periods.last_closed(HALF, date(2020, 7, 1)).code == "2020-H1"
    quarters = periods.quarters_back(periods.parse("2020-Q3"), 8)
    assert [q.code for q in quarters] == [
        "2018-Q4", "2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4", "2020-Q1", "2020-Q2", "2020-Q3"
    ]  # fmt: skip
    assert [q.code for q in periods.quarters_back(periods.parse("2020"), 2)] == ["2020-Q3", "2020-Q4"]


def test_labels_in_vietnamese_and_english():
    q3 = periods.parse("2020-Q3")
    with translation.override("en"):
        assert str(q3.label) == "quarter III of 2020"
        assert str(periods.parse("2020-01-01..2020-05-15").label) == "01/01/2020 to 15/05/2020"
    # The Vietnamese wording ("quý III năm 2020") comes with the translation pass: see test_document.HEADINGS_VI.
