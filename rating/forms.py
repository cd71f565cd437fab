"""Forms of the rating screens (crispy, Bootstrap 5). Choices come from the user's scope."""

from crispy_forms.layout import Div, Field
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.enums import Level
from org.forms import submit_helper
from products.enums import ProductStatus
from products.models import Product
from rating import scoring
from rating.enums import RoundLevel, SeatRole
from rating.models import Round, RuleSet
from rating.selectors import forward_offers
from rating.services import eligible_members

LEVEL_OF_UNIT = {
    Level.COMMUNE: RoundLevel.COMMUNE,
    Level.DISTRICT: RoundLevel.DISTRICT,
    Level.PROVINCE: RoundLevel.PROVINCE,
}


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["unit", "year", "number", "rule_set", "meeting_date"]
        widgets = {"meeting_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["meeting_date"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["year"].initial = timezone.localdate().year
        self.fields["rule_set"].queryset = RuleSet.objects.all()
        current = RuleSet.objects.filter(effective_to__isnull=True).first()
        self.fields["rule_set"].initial = current
        self.helper = submit_helper(
            _("Create the round"),
            Field("unit"),
            Div(Div(Field("year"), css_class="col"), Div(Field("number"), css_class="col"), css_class="row"),
            Field("rule_set"),
            Field("meeting_date"),
        )

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit")
        if unit is not None:
            self.instance.level = LEVEL_OF_UNIT[unit.level]
        return cleaned


def entry_average(entry):
    return scoring.shown(scoring.average(entry.score_sum, entry.sheet_count))


class EntryForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product ready for rating"), queryset=Product.objects.none(), required=False
    )
    forwarded = forms.ChoiceField(label=_("Or an entry forwarded from the level below"), required=False)

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = {str(entry.pk): entry for entry in forward_offers(round_)}
        self.fields["forwarded"].choices = [("", "—")] + [
            (pk, f"{entry.product.name} — {entry.round} ({entry_average(entry)})") for pk, entry in self.offers.items()
        ]
        self.fields["product"].queryset = (
            Product.objects.filter(commune__path__startswith=round_.unit.path, status=ProductStatus.READY)
            .exclude(entries__round=round_)
            .select_related("commune", "producer")
        )
        self.fields["product"].label_from_instance = lambda p: f"{p.name} — {p.producer.name} ({p.commune.name})"
        self.helper = submit_helper(_("Add the entry"), Field("product"), Field("forwarded"))
        self.helper.form_action = reverse("rating:round_prepare", args=[round_.pk, "entry"])

    def clean(self):
        cleaned = super().clean()
        forwarded = self.offers.get(cleaned.get("forwarded") or "")
        cleaned["forwarded_entry"] = forwarded
        if forwarded is None and cleaned.get("product") is None:
            raise forms.ValidationError(_("Choose a product, or an entry forwarded from the level below."))
        if forwarded is not None:
            cleaned["product"] = forwarded.product
        return cleaned


class SeatForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Council member"), queryset=get_user_model().objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=SeatRole.choices, initial=SeatRole.MEMBER)

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            eligible_members(round_)
            .exclude(council_seats__round=round_)
            .order_by("last_name", "first_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.helper = submit_helper(
            _("Seat"),
            Div(Div(Field("user"), css_class="col-sm-7"), Div(Field("role"), css_class="col-sm-5"), css_class="row"),
        )
        self.helper.form_action = reverse("rating:round_prepare", args=[round_.pk, "seat"])


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
