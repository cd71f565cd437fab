"""Forms of the plans app (crispy, Bootstrap 5). Querysets come from the view, scoped to the user."""

from crispy_forms.layout import Div, Field
from django import forms
from django.utils.translation import gettext_lazy as _

from ocop_portal.amounts import amount_fields
from org.forms import submit_helper
from plans.models import Activity, Funding, FundingRule, Plan, Target, Task
from products.forms import ACCEPTED_HELP, CleanTextMixin, FileInput
from products.uploads import validate_upload, validate_uploads

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _row(*names):
    return Div(*[Div(Field(name), css_class="col-sm") for name in names], css_class="row")


class MultipleFileInput(FileInput):
    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__(attrs={"multiple": True, **(attrs or {})})


class EvidenceField(forms.FileField):
    """Any number of files, each checked by its content and size (products.uploads)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Evidence files"))
        kwargs.setdefault("help_text", ACCEPTED_HELP)
        super().__init__(widget=MultipleFileInput, required=False, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        for upload in files:
            super().clean(upload, initial)
        validate_uploads(files)
        return files


def _dates(form, *names):
    for name in names:
        form.fields[name].input_formats = DATE_FORMATS


class PlanForm(CleanTextMixin, forms.ModelForm):
    upload = forms.FileField(label=_("Signed file"), widget=FileInput, required=False,
                             help_text=_("The signed plan, as PDF or a scan."))  # fmt: skip

    class Meta:
        model = Plan
        fields = ["unit", "year", "title", "number", "signed_on"]
        widgets = {"signed_on": _date_widget()}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        if self.instance.pk and self.instance.tasks.exists():
            # Its tasks' dates and reports belong to this unit and year: copy the plan instead.
            for name in ("unit", "year"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed once the plan has tasks.")
        _dates(self, "signed_on")
        self.helper = submit_helper(_("Save"), "unit", "year", "title", _row("number", "signed_on"), "upload")

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            validate_upload(upload)
        return upload


class CopyPlanForm(forms.Form):
    year = forms.IntegerField(label=_("New year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Copy the plan"), "year", "title")


class TargetForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Target
        fields = ["order", "text", "measure", "target_value", "value_unit", "population"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(
            _("Save"), "text", "measure", _row("target_value", "value_unit"), _row("population", "order")
        )


class ActualForm(CleanTextMixin, forms.ModelForm):
    files = EvidenceField()

    class Meta:
        model = Target
        fields = ["actual_value", "actual_note"]
        widgets = {"actual_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actual_value"].required = True
        self.helper = submit_helper(_("Save the figure"), "actual_value", "actual_note", "files")


class TaskForm(CleanTextMixin, forms.ModelForm):
    files = EvidenceField()

    class Meta:
        model = Task
        fields = ["section", "order", "title", "description", "lead_agency", "coordinating_agencies", "starts_on",
                  "due_date", "recurrence"]  # fmt: skip
        widgets = {
            "due_date": _date_widget(),
            "starts_on": _date_widget(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "coordinating_agencies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = agencies
        self.fields["coordinating_agencies"].queryset = agencies
        _dates(self, "due_date", "starts_on")
        self.helper = submit_helper(
            _("Save"), _row("section", "order"), "title", "description", "lead_agency", "coordinating_agencies",
            _row("due_date", "recurrence", "starts_on"), "files",
        )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        lead, coordinating = cleaned.get("lead_agency"), cleaned.get("coordinating_agencies") or []
        if lead is not None and lead in coordinating:
            self.add_error("coordinating_agencies", _("The lead agency cannot also be a coordinating agency."))
        return cleaned


class ReportForm(CleanTextMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Reporting for"), queryset=None, empty_label=None)
    period = forms.ChoiceField(label=_("Period"))
    percent_done = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}))
    figures = forms.CharField(label=_("Figures"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                              help_text=_("Numbers that back the report, one per line."))  # fmt: skip
    files = EvidenceField()

    def __init__(self, *args, agencies, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["period"].choices = [(p.code, p.label) for p in periods]
        if len(agencies) == 1:
            self.fields["agency"].widget = forms.HiddenInput()
        self.helper = submit_helper(
            _("Send the report"), "agency", _row("period", "percent_done"), "text", "figures", "files"
        )


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Note to the agency"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ActivityForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "title", "held_on", "place", "organiser", "audience", "participants", "cost", "media_kind",
                  "targets", "producers", "products", "note"]  # fmt: skip
        field_classes = amount_fields("cost")
        widgets = {
            "held_on": _date_widget(),
            "note": forms.Textarea(attrs={"rows": 2}),
            "targets": forms.CheckboxSelectMultiple,
            "producers": forms.SelectMultiple(attrs={"size": 6}),
            "products": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, organisers, targets, producers, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers
        self.fields["targets"].queryset = targets
        self.fields["producers"].queryset = producers
        self.fields["products"].queryset = products
        _dates(self, "held_on")
        self.helper = submit_helper(
            _("Save"), _row("kind", "held_on"), "title", _row("place", "organiser"),
            _row("audience", "participants", "cost"), "media_kind", "targets", _row("producers", "products"), "note",
        )  # fmt: skip


class FundingForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Funding
        fields = ["source", "programme", "amount", "spent_on", "producer", "product", "activity", "description"]
        field_classes = amount_fields("amount")
        widgets = {"spent_on": _date_widget()}

    def __init__(self, *args, producers, products, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = producers
        self.fields["product"].queryset = products
        self.fields["activity"].queryset = activities
        _dates(self, "spent_on")
        self.helper = submit_helper(
            _("Record"), _row("source", "programme"), _row("amount", "spent_on"), _row("producer", "product"),
            "activity", "description",
        )  # fmt: skip


class FundingRuleForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = FundingRule
        fields = ["unit", "source", "programme", "refused_kind", "note"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.helper = submit_helper(_("Save"), "unit", _row("source", "programme"), "refused_kind", "note")
