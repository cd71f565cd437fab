"""Forms of the registry (crispy, Bootstrap 5). Choices come from the user's scope."""

from crispy_forms.layout import Div, Field, Fieldset
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ocop_portal.amounts import amount_fields
from org.forms import submit_helper
from products.enums import DocumentKind
from products.models import BusinessPlan, Document, Producer, Product
from products.phones import PhoneField
from products.selectors import likely_duplicates
from products.uploads import ACCEPT_ATTRIBUTE, ALLOWED_LABEL
from products.versions import VersionedFormMixin
from products.widgets import without_control_characters


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.parent.name})" if obj.parent_id else str(obj)


class SetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


def _row(*names):
    return Div(*[Div(Field(name), css_class="col-sm") for name in names], css_class="row")


class CleanTextMixin:
    """Text pasted from Word can carry invisible control characters; they are dropped."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = without_control_characters(value)
        return cleaned


class ProducerForm(VersionedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Producer
        fields = [
            "name", "legal_form", "registration_number", "representative", "phone", "commune", "hamlet",
            "community_capital_pct", "members_count", "workers_count",
        ]  # fmt: skip
        field_classes = {"commune": UnitChoiceField, "phone": PhoneField}

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        if communes.count() == 1 and not self.instance.pk:
            self.fields["commune"].initial = communes.first()
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.helper = submit_helper(
            _("Save"),
            Field("name"),
            _row("legal_form", "registration_number"),
            _row("representative", "phone"),
            _row("commune", "hamlet"),
            _row("community_capital_pct", "members_count", "workers_count"),
        )
        self.helper.render_hidden_fields = True  # the version an edit was loaded at


class ProductForm(VersionedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "kind", "name", "producer", "product_set", "year",
            "value_proposition", "packaging", "brand", "target_market",
            "raw_materials", "local_material_pct", "capacity", "expected_price",
            "story", "novelty", "stage", "workers_total", "workers_local", "capital_needed", "support_needed",
        ]  # fmt: skip
        field_classes = {"product_set": SetChoiceField, **amount_fields("expected_price", "capital_needed")}
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("value_proposition", "target_market", "raw_materials", "story", "support_needed")
        }

    not_a_duplicate = forms.BooleanField(
        label=_("It is a different product: register it anyway"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, producers, product_sets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = producers
        self.fields["producer"].label_from_instance = lambda p: f"{p.name} — {p.commune.name}"
        self.fields["product_set"].queryset = product_sets
        self.helper = submit_helper(
            _("Save"),
            Fieldset(
                _("The product"),
                _row("kind", "year"),
                Field("name"),
                Field("not_a_duplicate"),
                _row("producer", "product_set"),
            ),  # fmt: skip
            Fieldset(
                _("Idea form (Biểu 01/02)"),
                Field("value_proposition"),
                _row("packaging", "brand"),
                Field("target_market"),
                Field("raw_materials"),
                _row("local_material_pct", "capacity", "expected_price"),
                Field("story"),
                _row("novelty", "stage"),
                _row("workers_total", "workers_local", "capital_needed"),
                Field("support_needed"),
            ),
        )
        self.helper.render_hidden_fields = True  # the version an edit was loaded at

    def clean(self):
        cleaned = super().clean()
        producer = cleaned.get("producer")
        if producer is not None:
            self.instance.commune = producer.commune
        name = cleaned.get("name")
        if producer is not None and name and not cleaned.get("not_a_duplicate"):
            same = likely_duplicates(producer.pk, name, exclude_pk=self.instance.pk).first()
            if same is not None:
                self.fields["not_a_duplicate"].widget = forms.CheckboxInput()  # now asked
                self.add_error("name", _("%(producer)s already has “%(other)s”%(code)s: is it the same product? If it "
                                         "is a different one, tick the box below and save again.")
                               % {"producer": producer.name, "other": same.name,
                                  "code": f" ({same.code})" if same.code else ""})  # fmt: skip
        return cleaned


# Built when shown, so it follows the user's language (a form field is made once, at import).
ACCEPTED_HELP = format_lazy(_("Accepted: {types}."), types=ALLOWED_LABEL)


class FileInput(forms.ClearableFileInput):
    def __init__(self, attrs=None):
        super().__init__(attrs={"accept": ACCEPT_ATTRIBUTE, **(attrs or {})})


class DocumentForm(CleanTextMixin, forms.ModelForm):
    upload = forms.FileField(label=_("File"), widget=FileInput, help_text=ACCEPTED_HELP)

    class Meta:
        model = Document
        fields = ["kind", "issued_on", "expires_on", "note"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("issued_on", "expires_on"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["kind"].initial = DocumentKind.REGISTRATION_FORM
        self.helper = submit_helper(
            _("Upload"), Field("kind"), Field("upload"), _row("issued_on", "expires_on"), Field("note")
        )
        self.helper.form_tag = True

    def clean(self):
        cleaned = super().clean()
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("The expiry date is before the issue date."))
        return cleaned


class BusinessPlanForm(forms.ModelForm):
    upload = forms.FileField(label=_("Business plan file (Biểu 03)"), widget=FileInput, required=False)

    class Meta:
        model = BusinessPlan
        fields = [
            "investment", "own_capital", "loans", "budget_support",
            "revenue_year1", "revenue_year2", "revenue_year3", "profit_year1", "profit_year2", "profit_year3",
        ]  # fmt: skip
        field_classes = amount_fields(*fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.instance.pk and self.instance.document_id):
            self.fields["upload"].required = True
        self.helper = submit_helper(
            _("Save the business plan"),
            Field("upload"),
            _row("investment", "own_capital"),
            _row("loans", "budget_support"),
            _row("revenue_year1", "revenue_year2", "revenue_year3"),
            _row("profit_year1", "profit_year2", "profit_year3"),
        )


class TransitionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Check the file"), Field("file"))
