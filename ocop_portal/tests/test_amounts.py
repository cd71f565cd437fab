"""ocop_portal.amounts: what is read, what is refused, in each language's grouping."""

import pytest
from django.utils import translation

from ocop_portal.amounts import AmountInput, format_amount, parse_amount


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("185.000", 185_000), ("185 000", 185_000), ("185\u00a0000", 185_000), ("185\u202f000", 185_000),
        ("185000", 185_000), ("35.500", 35_500), (" 1.500.000 ", 1_500_000), ("-20.000.000", -20_000_000),
        ("185.000 đ", 185_000), ("185.000đ", 185_000), ("0", 0),
    ],
)  # fmt: skip
def test_amounts_are_read_as_people_type_them(typed, read):
    with translation.override("vi"):
        assert parse_amount(typed) == read


@pytest.mark.parametrize("typed", ["12,5", "1.23", "185.00", "1.5000", "abc", "1,500,000", "1..000", ".500", ""])
def test_what_would_need_a_guess_is_refused(typed):
    with translation.override("vi"):
        assert parse_amount(typed) is None


def test_english_screens_also_read_their_own_comma_grouping():
    with translation.override("en"):
        assert (parse_amount("1,500,000"), parse_amount("185.000"), parse_amount("12,5")) == (1_500_000, 185_000, None)
        assert format_amount(185_000) == "185,000"


def test_the_box_shows_thousands_separators_and_keeps_what_it_could_not_read():
    with translation.override("vi"):
        box = AmountInput()
        assert (box.format_value(185_000), box.format_value("185000"), box.format_value("12,5")) == (
            "185.000", "185.000", "12,5"
        )  # fmt: skip
        assert box.format_value(None) is None
