"""Reporting periods: quarters (2020-Q3), halves (2020-H1) and years (2020), with their first and last days.

Progress reports are filed per period; a recurring task expects one report for each of its periods.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from plans.enums import Recurrence


@dataclass(frozen=True)
class Period:
    code: str
    start: date
    end: date

    @property
    def label(self):
        year, _dash, part = self.code.partition("-")
        if not part:
            return _("Year %(year)s") % {"year": year}
        if part.startswith("Q"):
            return _("Quarter %(n)s/%(year)s") % {"n": ROMAN[int(part[1])], "year": year}
        return _("Six months %(n)s/%(year)s") % {"n": ROMAN[int(part[1])], "year": year}

    def __str__(self):
        return str(self.label)

    def contains(self, day):
        return self.start <= day <= self.end


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _month_end(year, month):
    return (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)


def quarter(year, number):
    return Period(f"{year}-Q{number}", date(year, 3 * number - 2, 1), _month_end(year, 3 * number))


def half(year, number):
    return Period(f"{year}-H{number}", date(year, 6 * number - 5, 1), _month_end(year, 6 * number))


def whole_year(year):
    return Period(str(year), date(year, 1, 1), date(year, 12, 31))


def periods_of(year, recurrence):
    """The periods a task of this recurrence reports on in a year (quarters for one-off tasks too)."""
    if recurrence == Recurrence.SIX_MONTHLY:
        return [half(year, 1), half(year, 2)]
    if recurrence == Recurrence.YEARLY:
        return [whole_year(year)]
    return [quarter(year, n) for n in range(1, 5)]


def owed_periods(task, year):
    """The periods a task owes reports for: its recurrence's periods in the year, from its start date on."""
    periods = periods_of(year, task.recurrence)
    starts_on = getattr(task, "starts_on", None)
    return [p for p in periods if p.end >= starts_on] if starts_on else periods


def parse(code):
    """'2020-Q3' / '2020-H1' / '2020' → Period; ValueError for anything else."""
    year_text, _dash, part = str(code).strip().upper().partition("-")
    if not year_text.isdigit() or len(year_text) != 4:
        raise ValueError(code)
    year = int(year_text)
    if not part:
        return whole_year(year)
    if len(part) == 2 and part[0] == "Q" and part[1] in "1234":
        return quarter(year, int(part[1]))
    if len(part) == 2 and part[0] == "H" and part[1] in "12":
        return half(year, int(part[1]))
    raise ValueError(code)


def quarter_of(day):
    return quarter(day.year, (day.month - 1) // 3 + 1)
