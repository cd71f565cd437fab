from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from org.models import Agency


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
