"""Public pages, no sign-in: a certificate's verification page (the QR code's target) and the catalogue of
certified products."""

import functools

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView
from django.views.generic.base import ContextMixin

from ocop_portal.paging import KeysFirstPagination, kept_results_key
from ocop_portal.widgets import compact_filter_form
from org.models import AdministrativeUnit
from products.enums import CategoryKind
from products.models import Producer, Product, ProductCategory
from products.search import search_q
from rating.certificates import EXPIRING_DAYS, current_certificates, public_certificates
from rating.models import Certificate


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit} ({unit.parent})" if unit.parent_id else str(unit)


class GroupChoice(forms.ModelChoiceField):
    def label_from_instance(self, category):
        indent = "— " if category.kind == CategoryKind.GROUP else ""
        return f"{indent}{category.code} {category.display_name}"


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoice


class GroupFilter(django_filters.ModelChoiceFilter):
    field_class = GroupChoice


class CatalogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    stars = django_filters.ChoiceFilter(
        label=_("Stars"), choices=[(n, "★" * n) for n in range(3, 6)], empty_label=_("All")
    )
    commune = UnitFilter(label=_("Commune"), field_name="product__commune", queryset=None, empty_label=_("All"))
    group = GroupFilter(label=_("Product group"), queryset=None, empty_label=_("All"), method="in_group")

    def __init__(self, *args, communes, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["commune"].queryset = communes
        self.filters["group"].queryset = groups
        compact_filter_form(self.form)
        self.form.fields["q"].widget.attrs.update(placeholder=_("Number, product or producer"), type="search")

    def search(self, queryset, name, value):
        """Names ignoring case and accents, as the signed-in lists do; the certificate's or decision's number."""
        value = value.strip()
        if not value:
            return queryset
        names = ("product__search_text", "product__producer__search_text")
        return queryset.filter(search_q(value, names, exact=("number", "decision_number")))

    def in_group(self, queryset, name, category):
        """A sector or group, and everything classified under it (sets hang at different depths)."""
        code, scheme = category.code, category.scheme

        def under(classified):
            return Q(**{f"{classified}__scheme": scheme}) & (
                Q(**{f"{classified}__code": code}) | Q(**{f"{classified}__code__startswith": f"{code}."})
            )

        # A round's certificate: its entry's product set; one from the register: its product's set or group.
        return queryset.filter(
            (Q(entry__isnull=False) & under("entry__product_set__category"))
            | Q(under("product__product_set__category") | under("product__category"), entry__isnull=True)
        )


class CatalogueView(KeysFirstPagination, ListView):
    template_name = "rating/public/catalogue.html"
    context_object_name = "certificates"
    paginate_by = 24
    count_depends_on = (Certificate, Product, Producer)  # the certificates in force (by day), their products' names,
    # communes and producers

    def get_queryset(self):
        base = current_certificates().select_related(
            "product__producer",
            "product__commune__parent",
            "entry__product_set",
            "product__product_set",
            "product__category",
        )
        communes = (
            AdministrativeUnit.objects.filter(pk__in=current_certificates().values("product__commune"))
            .select_related("parent")
            .order_by("name", "pk")
        )
        groups = ProductCategory.objects.filter(kind__in=[CategoryKind.SECTOR, CategoryKind.GROUP])
        self.filterset = CatalogueFilter(self.request.GET or None, queryset=base, communes=communes, groups=groups)
        return self.filterset.qs.order_by("-stars", "product__name", "pk")

    def get_context_data(self, **kwargs):
        filtered = any(value for key, value in self.request.GET.items() if key != "page")
        seconds = settings.CATALOGUE_CACHE_SECONDS
        if not seconds:
            return super().get_context_data(filter=self.filterset, filtered=filtered, **kwargs)
        # The cards and the pager are kept under kept_results_key(); the page is read (count, keys, rows) only when
        # the template renders them, that is when they are not kept.
        paged = functools.cache(lambda: self.paginate_queryset(self.object_list, self.paginate_by))
        return ContextMixin.get_context_data(
            self,
            filter=self.filterset,
            filtered=filtered,
            paginator=SimpleLazyObject(lambda: paged()[0]),
            page_obj=SimpleLazyObject(lambda: paged()[1]),
            certificates=SimpleLazyObject(lambda: paged()[2]),
            kept_seconds=seconds,
            kept_key=kept_results_key(self.object_list, self.request.GET.get("page", ""), self.count_depends_on),
            **kwargs,
        )


class VerifyView(DetailView):
    template_name = "rating/public/verify.html"
    context_object_name = "certificate"

    def get_object(self, queryset=None):
        return get_object_or_404(public_certificates().select_related("superseded_by"), token=self.kwargs["token"])

    def get_context_data(self, **kwargs):
        certificate = self.object
        product = certificate.product
        units, unit = [], product.commune
        while unit is not None:
            units.append(unit)
            unit = unit.parent
        return super().get_context_data(
            product=product,
            units=units,
            state=certificate.state(timezone.localdate(), EXPIRING_DAYS),
            expiring_days=EXPIRING_DAYS,
            **kwargs,
        )
