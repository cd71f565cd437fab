"""Reporting periods: codes, first and last days, and the periods each recurrence reports on."""

from datetime import date

import pytest
from django.utils import translation

from plans.enums import Recurrence
from plans.periods import parse, periods_of, quarter_of


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2020-Q1", date(2020, 1, 1), date(2020, 3, 31)),
        ("2020-Q2", date(2020, 4, 1), date(2020, 6, 30)),
        ("2020-Q3", date(2020, 7, 1), date(2020, 9, 30)),
        ("2020-Q4", date(2020, 10, 1), date(2020, 12, 31)),
        ("2020-H1", date(2020, 1, 1), date(2020, 6, 30)),
        ("2020-H2", date(2020, 7, 1), date(2020, 12, 31)),
        ("2020", date(2020, 1, 1), date(2020, 12, 31)),
        ("2021-Q1", date(2021, 1, 1), date(2021, 3, 31)),
    ],
)
def test_parse_gives_the_first_and_last_day(code, start, end):
    period = parse(code)
    assert (period.code, period.start, period.end) == (code, start, end)


def test_parse_accepts_lower_case_and_spaces():
    assert parse(" 2020-q3 ").code == "2020-Q3"
    assert parse(2020).code == "2020"


@pytest.mark.parametrize(
    "code", ["", "20-Q1", "2020-Q5", "2020-Q0", "2020-H3", "2020-Q", "2020-Q12", "2020-M1", "Q3-2020", "năm 2020"]
)
def test_bad_codes_raise_value_error(code):
    with pytest.raises(ValueError):
        parse(code)


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (date(2020, 1, 1), "2020-Q1"),
        (date(2020, 2, 29), "2020-Q1"),
        (date(2020, 3, 31), "2020-Q1"),
        (date(2020, 4, 1), "2020-Q2"),
        (date(2020, 9, 30), "2020-Q3"),
        (date(2020, 10, 1), "2020-Q4"),
        (date(2020, 12, 31), "2020-Q4"),
    ],
)
def test_quarter_of(day, code):
    assert quarter_of(day).code == code


@pytest.mark.parametrize(
    ("recurrence", "codes"),
    [
        (Recurrence.NONE, ["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"]),  # one-off tasks report each quarter
        (Recurrence.QUARTERLY, ["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"]),
        (Recurrence.SIX_MONTHLY, ["2020-H1", "2020-H2"]),
        (Recurrence.YEARLY, ["2020"]),
    ],
)
def test_periods_of_a_recurrence(recurrence, codes):
    assert [p.code for p in periods_of(2020, recurrence)] == codes


def test_contains_includes_both_ends():
    q3 = parse("2020-Q3")
    assert [q3.contains(d) for d in (date(2020, 6, 30), date(2020, 7, 1), date(2020, 9, 30), date(2020, 10, 1))] == [
        False, True, True, False,
    ]  # fmt: skip


def test_labels():
    with translation.override("en"):
        assert [str(parse(code)) for code in ("2020-Q3", "2020-H2", "2020")] == [
            "Quarter III/2020", "Six months II/2020", "Year 2020",
        ]  # fmt: skip
