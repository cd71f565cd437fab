from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from org.models import Agency
from products.uploads import XLSX, validate_upload  # the project's upload checks (bytes, not names)


def submit_helper(label, *layout):
    """The portal's crispy form: the given layout, then one green submit button."""
    helper = FormHelper()
    helper.layout = Layout(*layout, Submit("save", label, css_class="btn-ocop"))
    return helper


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["unit", "name", "short_name"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.helper = submit_helper(_("Save"), "unit", "name", "short_name")


class ReorganisationFileForm(forms.Form):
    file = forms.FileField(
        label=_("Reorganisation file (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Check the file"), "file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, kinds=(XLSX,))  # by content (a zip holding a workbook) and size
        return upload


class ReorganisationConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    understood = forms.BooleanField(
        label=_("I understand that this cannot be undone: the former units end, and the memberships held there end.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("token", "understood", Submit("apply", _("Apply the reorganisation"),
                                                                  css_class="btn-danger"))  # fmt: skip
