from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from org.models import Agency


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["unit", "name", "short_name"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save"), css_class="btn-ocop"))
