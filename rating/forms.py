"""Forms of the rating screens (crispy, Bootstrap 5). Choices come from the user's scope."""

from crispy_forms.layout import Div, Field
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from org.enums import Level
from org.forms import submit_helper
from products.enums import DocumentKind, ProductStatus
from products.models import Product, ProductSet
from rating import scoring
from rating.enums import RoundLevel, SeatRole
from rating.models import Round, RuleSet
from rating.selectors import Coverage, coverage_of_all, forward_offers, next_round_number, rule_set_in_force
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
        self.fields["number"].required = False
        self.fields["number"].help_text = _("Leave empty for the next free number of the unit and year.")
        rule_sets = list(RuleSet.objects.all())
        self.coverage = coverage_of_all(rule_sets)
        self.fields["rule_set"].queryset = RuleSet.objects.all()
        self.fields["rule_set"].required = False
        self.fields["rule_set"].help_text = _(
            "Leave empty for the rule set in force on the meeting date (today's if no date is set)."
        )
        self.fields["rule_set"].label_from_instance = self.rule_set_label
        self.fields["rule_set"].initial = rule_set_in_force(timezone.localdate())
        self.helper = submit_helper(
            _("Create the round"),
            Field("unit"),
            Div(Div(Field("year"), css_class="col"), Div(Field("number"), css_class="col"), css_class="row"),
            Field("rule_set"),
            Field("meeting_date"),
        )

    def rule_set_label(self, rule_set):
        coverage = self.coverage.get(rule_set.pk) or Coverage(rule_set, 0, 0)
        return f"{rule_set.code} — {coverage}"

    def clean(self):
        cleaned = super().clean()
        unit, day = cleaned.get("unit"), cleaned.get("meeting_date")
        if unit is None:
            return cleaned
        level = self.instance.level = LEVEL_OF_UNIT[unit.level]
        in_force = rule_set_in_force(day or timezone.localdate())
        rule_set = cleaned.get("rule_set") or in_force
        if rule_set is None:
            self.add_error("rule_set", _("No rule set is in force on that date: choose one."))
            return cleaned
        if day and not rule_set.in_force_on(day):
            message = _("%(rule_set)s is not in force on %(day)s; the rule set then is %(in_force)s.")
            self.add_error("rule_set", message % {
                "rule_set": rule_set.code, "day": date_format(day, "SHORT_DATE_FORMAT"),
                "in_force": in_force.code if in_force else "—",
            })  # fmt: skip
        if rule_set.rating_levels and level not in rule_set.rating_levels:
            self.add_error("unit", _("Under %(rule_set)s, councils score at: %(levels)s.") % {
                "rule_set": rule_set.code,
                "levels": ", ".join(str(RoundLevel(name).label).lower() for name in rule_set.rating_levels),
            })  # fmt: skip
        cleaned["rule_set"] = self.instance.rule_set = rule_set
        year = cleaned.get("year")
        if not cleaned.get("number") and year:
            cleaned["number"] = self.instance.number = next_round_number(level, unit, year)
        return cleaned


def entry_average(entry):
    return scoring.shown(scoring.average(entry.score_sum, entry.sheet_count))


class EntryForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product ready for rating"), queryset=Product.objects.none(), required=False
    )
    proposal = forms.ChoiceField(label=_("A product proposed by a commune"), required=False)
    forwarded = forms.ChoiceField(label=_("Or an entry forwarded from the level below"), required=False)
    product_set = forms.ModelChoiceField(
        label=_("Product set under this round's rule set"),
        queryset=ProductSet.objects.none(),
        required=False,
        help_text=_("Only for a product registered under another classification: it keeps its set there."),
    )

    def __init__(self, *args, round_, **kwargs):
        from rating.preassessment import proposals_for

        super().__init__(*args, **kwargs)
        self.fields["product_set"].queryset = ProductSet.objects.filter(scheme=round_.rule_set.classification)
        self.offers = {str(entry.pk): entry for entry in forward_offers(round_)}
        self.fields["forwarded"].choices = [("", "—")] + [
            (pk, f"{entry.product.name} — {entry.round} ({entry_average(entry)})") for pk, entry in self.offers.items()
        ]
        # Under QĐ 1489 the province round takes the products its communes proposed, on the set they assessed.
        self.by_proposal = round_.rule_set.pre_assessment_level == RoundLevel.COMMUNE and (
            round_.level == RoundLevel.PROVINCE
        )
        self.proposals = {str(p.pk): p for p in proposals_for(round_)} if self.by_proposal else {}
        layout = [Field("forwarded")]
        if self.by_proposal:
            del self.fields["product"], self.fields["product_set"]
            self.fields["proposal"].choices = [("", "—")] + [
                (pk, f"{p.product.name} — {p.product.producer.name} ({p.commune.name}) · {p.product_set}")
                for pk, p in self.proposals.items()
            ]
            layout = [Field("proposal"), *layout]
        else:
            del self.fields["proposal"]
            self.fields["product"].queryset = (
                Product.objects.filter(commune__path__startswith=round_.unit.path, status=ProductStatus.READY)
                .exclude(entries__round=round_)
                .select_related("commune", "producer")
            )
            self.fields["product"].label_from_instance = lambda p: f"{p.name} — {p.producer.name} ({p.commune.name})"
            layout = [Field("product"), *layout, Field("product_set")]
        self.helper = submit_helper(_("Add the entry"), *layout)
        self.helper.form_action = reverse("rating:round_prepare", args=[round_.pk, "entry"])

    def clean(self):
        cleaned = super().clean()
        forwarded = self.offers.get(cleaned.get("forwarded") or "")
        proposal = self.proposals.get(cleaned.get("proposal") or "")
        cleaned["forwarded_entry"], cleaned["proposal_entry"] = forwarded, proposal
        if forwarded is None and proposal is None and cleaned.get("product") is None:
            if self.by_proposal:
                raise forms.ValidationError(_("Choose a product proposed by a commune, or an entry forwarded from the "
                                              "level below."))  # fmt: skip
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


class MeetingForm(forms.Form):
    """Move the council's meeting (rating.services.move_meeting) while the round is prepared."""

    meeting_date = forms.DateField(
        label=_("New meeting date"), input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip
    note = forms.CharField(label=_("Why is the meeting moved?"), max_length=200)

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, initial={"meeting_date": round_.meeting_date}, **kwargs)
        self.helper = submit_helper(
            _("Move the meeting"),
            Div(Div(Field("meeting_date"), css_class="col-sm-5"), Div(Field("note"), css_class="col-sm-7"),
                css_class="row"),
        )  # fmt: skip
        self.helper.form_action = reverse("rating:round_prepare", args=[round_.pk, "meeting"])


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PreAssessmentStartForm(forms.Form):
    product_set = forms.ModelChoiceField(label=_("Product set"), queryset=ProductSet.objects.none())

    def __init__(self, *args, rule_set, **kwargs):
        super().__init__(*args, **kwargs)
        scheme = rule_set.classification if rule_set is not None else None
        self.fields["product_set"].queryset = ProductSet.objects.filter(scheme=scheme).order_by("number")


class PreAssessmentForm(forms.Form):
    """The commune's short sheet: one choice per criterion it pre-assesses, the self-assessment report, a note."""

    self_assessment = forms.ModelChoiceField(
        label=_("Producer's self-assessment report"), queryset=None, required=False,
        help_text=_("Upload it to the product's dossier as “Producer's self-assessment report (QĐ 148)”."),
    )  # fmt: skip
    upload = forms.FileField(
        label=_("Or upload the self-assessment report"), required=False,
        help_text=_("PDF or image, as the dossier's documents."),
    )  # fmt: skip
    note = forms.CharField(label=_("Assessment note"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=4000)  # fmt: skip

    def __init__(self, *args, pre_assessment, criteria, **kwargs):
        chosen = {int(key): value for key, value in pre_assessment.answers.items()}
        initial = {f"c{c.pk}": chosen.get(c.pk) for c in criteria}
        initial.update(self_assessment=pre_assessment.self_assessment_id, note=pre_assessment.note)
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.number}. {criterion.title}", coerce=int, required=False, widget=forms.RadioSelect,
                choices=[(o.pk, f"{o.text} ({number_format(o.points)})") for o in criterion.options.all()],
            )  # fmt: skip
        self.fields["self_assessment"].queryset = pre_assessment.product.documents.filter(
            kind=DocumentKind.SELF_ASSESSMENT
        )
        self.order_fields([*(f"c{c.pk}" for c in criteria), "self_assessment", "upload", "note"])
        self.helper = submit_helper(_("Save"), *self.fields)

    def answers(self):
        chosen = {c.pk: self.cleaned_data.get(f"c{c.pk}") for c in self.criteria}
        return {
            "chosen": {key: value for key, value in chosen.items() if value is not None},
            "self_assessment": self.cleaned_data.get("self_assessment"),
            "upload": self.cleaned_data.get("upload"),
            "note": self.cleaned_data.get("note", ""),
        }
