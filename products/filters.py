"""Search, filters and sorting of the registry lists (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ocop_portal.widgets import compact_filter_form
from products.enums import LegalForm, ProductStatus
from products.forms import SetChoiceField, UnitChoiceField
from products.search import search_q
from products.selectors import product_sets


class DateInput(forms.DateInput):
    """A browser date picker (the value travels as yyyy-mm-dd; the browser shows it in the user's format)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


ALL = _("All")


class SetFilter(django_filters.ModelChoiceFilter):
    field_class = SetChoiceField


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class SearchFilter(django_filters.CharFilter):
    """Names are found ignoring case and accents (their folded columns), codes and numbers as typed."""

    def __init__(self, *args, folded=(), exact=(), **kwargs):
        self.folded, self.exact = folded, exact
        super().__init__(*args, label=_("Search"), method=self.search, **kwargs)

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(search_q(value, self.folded, self.exact)) if value else queryset


class StyledFilterSet(django_filters.FilterSet):
    """Bootstrap classes on the filter widgets (the form is rendered compactly above the list)."""

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["commune"].queryset = communes
        self.configure()
        compact_filter_form(self.form)

    def configure(self):
        """Subclasses adjust their filters here, before the form is built."""


class ProductFilter(StyledFilterSet):
    q = SearchFilter(folded=("search_text", "producer__search_text"), exact=("code",))
    commune = UnitFilter(label=_("Commune"), queryset=None, empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProductStatus.choices, empty_label=ALL)
    product_set = SetFilter(label=_("Product set"), queryset=None, empty_label=ALL)
    year = django_filters.NumberFilter(label=_("Year"))
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"), field_name="producer__legal_form", choices=LegalForm.choices, empty_label=ALL
    )
    # The day it was first sent to the district (what the reports count as registered).
    sent_from = django_filters.DateFilter(
        label=_("Sent from"), field_name="submitted_at", lookup_expr="date__gte", widget=DateInput
    )
    sent_to = django_filters.DateFilter(label=_("Sent to"), field_name="submitted_at", lookup_expr="date__lte",
                                        widget=DateInput)  # fmt: skip
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Default"),
        fields=(
            ("updated_at", "updated"),
            ("name", "name"),
            ("code", "code"),
            ("commune__name", "commune"),
            ("status", "status"),
            ("year", "year"),
        ),  # fmt: skip
        field_labels={
            "updated_at": _("Last change"),
            "name": _("Name"),
            "code": _("Code"),
            "commune__name": _("Commune"),
            "status": _("Status"),
            "year": _("Year"),
        },  # fmt: skip
    )

    def configure(self):
        self.filters["product_set"].queryset = product_sets()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs.update(placeholder=_("Name, code or producer"), type="search")
        self.form.fields["year"].widget.attrs.update(min=2018, max=2100)


class ProducerFilter(StyledFilterSet):
    q = SearchFilter(folded=("search_text",), exact=("registration_number", "representative"))
    commune = UnitFilter(label=_("Commune"), queryset=None, empty_label=ALL)
    legal_form = django_filters.ChoiceFilter(label=_("Legal form"), choices=LegalForm.choices, empty_label=ALL)
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Default"),
        fields=(
            ("name", "name"),
            ("commune__name", "commune"),
            ("created_at", "created"),
            ("product_count", "products"),
        ),  # fmt: skip
        field_labels={
            "name": _("Name"),
            "commune__name": _("Commune"),
            "created_at": _("Registered"),
            "product_count": _("Products"),
        },  # fmt: skip
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs.update(placeholder=_("Name, registration number or representative"),
                                                  type="search")  # fmt: skip
