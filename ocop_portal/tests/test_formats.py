import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template(
    "{% load humanize %}{{ day }}|{{ day|date:'SHORT_DATE_FORMAT' }}|{{ score }}|{{ money|intcomma }}|{{ year }}"
)
VALUES = {"day": datetime.date(2020, 10, 21), "score": Decimal("74.5"), "money": 1234567, "year": 2020}


def render(language):
    with translation.override(language):
        return TEMPLATE.render(Context(VALUES))


def test_vietnamese_dates_and_numbers():
    assert render("vi") == "21/10/2020|21/10/2020|74,5|1.234.567|2020"


def test_english_keeps_day_first_dates():
    assert render("en") == "21/10/2020|21/10/2020|74.5|1,234,567|2020"
