"""Report periods: quarters (2020-Q3), six months (2020-H1, 2020-H2), years (2020) and custom ranges.

Where a period ends is a setting, because provinces differ: by default periods end on the last day of
their last month (calendar periods); REPORT_CUTOFF_DAY = {"half": 14} ends six-month reports on 14 June
(and the year's second half on 14 December), each period starting the day after the one before it ends,
as Decree 09/2019/NĐ-CP's reporting regime counts (15/12 of the year before to 14/06).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from plans.periods import ROMAN

QUARTER, HALF, YEAR, CUSTOM = "quarter", "half", "year", "custom"
MONTHS = {QUARTER: 3, HALF: 6, YEAR: 12}


@dataclass(frozen=True)
class ReportPeriod:
    kind: str
    year: int
    number: int  # the quarter or half; 0 for a year or a custom range
    start: date
    end: date

    @property
    def code(self):
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.kind == HALF:
            return f"{self.year}-H{self.number}"
        if self.kind == YEAR:
            return str(self.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self):
        """'quý III năm 2020', 'sáu tháng đầu năm 2020', 'năm 2020', 'từ 01/01/2020 đến 15/05/2020'."""
        if self.kind == QUARTER:
            return _("quarter %(n)s of %(year)s") % {"n": ROMAN[self.number], "year": self.year}
        if self.kind == HALF and self.number == 1:
            return _("the first six months of %(year)s") % {"year": self.year}
        if self.kind == HALF:
            return _("the last six months of %(year)s") % {"year": self.year}
        if self.kind == YEAR:
            return _("the year %(year)s") % {"year": self.year}
        start, end = self.start.strftime("%d/%m/%Y"), self.end.strftime("%d/%m/%Y")
        return _("%(start)s to %(end)s") % {"start": start, "end": end}

    def __str__(self):
        return str(self.label)

    def contains(self, day):
        return self.start <= day <= self.end

    @property
    def days(self):
        return (self.end - self.start).days + 1


def cutoff_day(kind):
    """The day of the month a period of this kind ends on; 0 for the month's last day."""
    value = getattr(settings, "REPORT_CUTOFF_DAY", {}).get(kind, 0) or 0
    try:
        day = int(value)
    except (TypeError, ValueError):
        day = None
    if day is None or isinstance(value, float | bool) or not 0 <= day <= 28:
        raise ImproperlyConfigured(f"The {kind} report cut-off day must be 0 (month end) or 1 to 28, not {value!r}.")
    return day


def _month_end(year, month, day):
    if day:
        return date(year, month, day)
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def _end_of(kind, year, number):
    """The last day of the `number`-th period of this kind in `year` (number 0: the one before the first)."""
    if number == 0:
        year, number = year - 1, 12 // MONTHS[kind]
    return _month_end(year, MONTHS[kind] * number, cutoff_day(kind))


def make(kind, year, number=0):
    if kind == YEAR:
        number = 1
    start = _end_of(kind, year, number - 1) + timedelta(days=1)
    end = _end_of(kind, year, number)
    return ReportPeriod(kind, year, 0 if kind == YEAR else number, start, end)


def quarter(year, number):
    return make(QUARTER, year, number)


def half(year, number):
    return make(HALF, year, number)


def year_of(year):
    return make(YEAR, year)


def custom(start, end):
    if end < start:
        raise ValueError("the end comes before the start")
    return ReportPeriod(CUSTOM, end.year, 0, start, end)


def parse(code):
    """'2020-Q3' / '2020-H1' / '2020' / '2020-01-01..2020-05-15' → ReportPeriod; ValueError otherwise."""
    text = str(code).strip().upper()
    if ".." in text:
        first, _dots, last = text.partition("..")
        return custom(date.fromisoformat(first), date.fromisoformat(last))
    year_text, dash, part = text.partition("-")
    if not year_text.isdigit() or len(year_text) != 4 or not 2000 <= int(year_text) <= 2100:
        raise ValueError(code)
    year = int(year_text)
    if not dash:
        return year_of(year)
    if len(part) == 2 and part[0] == "Q" and part[1] in "1234":
        return quarter(year, int(part[1]))
    if len(part) == 2 and part[0] == "H" and part[1] in "12":
        return half(year, int(part[1]))
    raise ValueError(code)


def previous(period):
    """The period before: Q1 2021 → Q4 2020, H1 → H2 of the year before, 2021 → 2020; a custom range → the
    range of the same length ending the day before it starts."""
    if period.kind == YEAR:
        return year_of(period.year - 1)
    if period.kind in (QUARTER, HALF):
        if period.number > 1:
            return make(period.kind, period.year, period.number - 1)
        return make(period.kind, period.year - 1, 12 // MONTHS[period.kind])
    end = period.start - timedelta(days=1)
    return custom(end - timedelta(days=period.days - 1), end)


def containing(kind, day):
    """The period of this kind that holds the day (with cut-off days, 20/12/2020 lies in 2021's first period)."""
    for year in (day.year, day.year + 1):
        for number in range(1, 12 // MONTHS[kind] + 1):
            period = make(kind, year, number)
            if period.contains(day):
                return period
    raise ValueError(day)


def last_closed(kind, today):
    """The last period of this kind that ended before today."""
    return previous(containing(kind, today))


def quarters_back(period, count):
    """The `count` quarters ending with the one holding the period's last day, oldest first."""
    current = containing(QUARTER, period.end)
    quarters = [current]
    for _i in range(count - 1):
        quarters.insert(0, previous(quarters[0]))
    return quarters
