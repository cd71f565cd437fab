"""The form that asks for a report: the unit, the kind of period, and which one (or a date range)."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.forms import submit_helper
from reporting import periods
from reporting.enums import PeriodKind

PART_CHOICES = [(1, "I"), (2, "II"), (3, "III"), (4, "IV")]
LONGEST_RANGE_DAYS = 5 * 366


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportRequestForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.QUARTER)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)  # not for a range
    part = forms.TypedChoiceField(
        label=_("Quarter or half"), choices=PART_CHOICES, coerce=int, required=False,
        help_text=_("For a quarter: I–IV; for six months: I (first half) or II."),
    )  # fmt: skip
    start = forms.DateField(
        label=_("From"), required=False, widget=_date_widget(), help_text=_("Only for a date range.")
    )
    end = forms.DateField(label=_("To"), required=False, widget=_date_widget())
    number = forms.CharField(
        label=_("Document number"), max_length=60, required=False, help_text=_("Optional, e.g. 125/BC-NN.")
    )

    def __init__(self, *args, units, today=None, **kwargs):
        self.today = today or timezone.localdate()
        last = periods.last_closed(periods.QUARTER, self.today)
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"year": last.year, "part": last.number, **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: str(unit)
        self.helper = submit_helper(_("Produce the report"), "unit", "kind", "year", "part", "start", "end", "number")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind is None:
            return data  # not one of the kinds: the field says so
        try:
            period = self._period(kind, data)
        except ValueError:
            raise ValidationError(_("This period does not exist.")) from None
        if period is None:
            return data
        if period.start > self.today:
            raise ValidationError(_("This period has not begun yet."))
        data["period"] = period
        return data

    def _period(self, kind, data):
        if kind == PeriodKind.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if "start" in self.errors or "end" in self.errors:
                return None  # a date that is not one: the field says so
            if not start or not end:
                raise ValidationError({"start": _("Give the first and the last day.")})
            if end < start:
                raise ValidationError({"end": _("The last day comes before the first.")})
            if start.year < 2000:
                raise ValidationError({"start": _("A report covers days from 2000 on.")})
            if end - start > timedelta(days=LONGEST_RANGE_DAYS):
                raise ValidationError({"end": _("A report covers at most five years.")})
            return periods.custom(start, end)
        year = data.get("year")
        if year is None:
            if "year" in self.errors:
                return None
            raise ValidationError({"year": self.fields["year"].error_messages["required"]})
        if kind == PeriodKind.YEAR:
            return periods.year_of(year)
        part = data.get("part")
        if not part:
            raise ValidationError({"part": _("Choose the quarter or the half.")})
        if kind == PeriodKind.HALF and part > 2:
            raise ValidationError({"part": _("A year has two halves: choose I or II.")})
        return periods.make(kind, year, part)
