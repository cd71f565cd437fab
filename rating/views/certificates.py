"""Certificate screens for signed-in users: list (with 'expiring within 90 days'), detail, PDF, issue, revoke."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView
from rules.contrib.views import PermissionRequiredMixin

from ocop_portal import history
from ocop_portal.paging import KeysFirstPagination
from ocop_portal.widgets import compact_filter_form
from org.enums import Role
from org.selectors import memberships_with_role
from products.models import Producer, Product
from products.search import search_q
from products.views.common import ScopedObjectMixin
from rating import certificate_pdf, certificates
from rating.certificates import EXPIRING_DAYS, certificate_detail_for, certificates_visible_to, entries_visible_to
from rating.enums import CertificateSource
from rating.models import Certificate

STATE_CHOICES = [
    ("valid", gettext_lazy("Valid")),
    ("expiring", gettext_lazy("Expiring within 90 days")),
    ("expired", gettext_lazy("Expired")),
    ("superseded", gettext_lazy("Replaced by a newer certificate")),
    ("revoked", gettext_lazy("Revoked")),
    ("unknown", gettext_lazy("Validity not recorded")),
]


SOURCE_CHOICES = [
    (CertificateSource.ROUND, gettext_lazy("Rating round")),
    (CertificateSource.REGISTER, gettext_lazy("Province register")),
    ("incomplete", gettext_lazy("Recorded without a decision")),
]


# A certificate is found by its product's and its producer's names, ignoring case and accents (products.search).
SEARCHED_NAMES = ("product__search_text", "product__producer__search_text")


class CertificateFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Search"), method="search")
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"), choices=STATE_CHOICES, empty_label=gettext_lazy("All"), method="in_state"
    )
    stars = django_filters.ChoiceFilter(
        label=gettext_lazy("Stars"), choices=[(n, "★" * n) for n in range(1, 6)], empty_label=gettext_lazy("All")
    )
    source = django_filters.ChoiceFilter(
        label=gettext_lazy("Source"), choices=SOURCE_CHOICES, empty_label=gettext_lazy("All"), method="from_source"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        compact_filter_form(self.form)
        self.form.fields["q"].widget.attrs.update(
            placeholder=gettext_lazy("Number, product or producer"), type="search"
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(search_q(value, SEARCHED_NAMES, exact=("number", "decision_number")))

    def in_state(self, queryset, name, value):
        return certificates.with_state(queryset, value)

    def from_source(self, queryset, name, value):
        if value == "incomplete":
            return certificates.needing_completion(queryset)
        return queryset.filter(origin=value)


def with_states(items, today):
    for certificate in items:
        certificate.current_state = certificate.state(today)
    return items


# What the list shows of a certificate and its product: read whole, with the round and its unit, the page's rows
# cost as much as finding them (bench/page_profile.py).
LISTED_RELATIONS = ("product__producer", "product__commune")
LISTED_FIELDS = (
    "number", "stars", "issued_on", "valid_until", "revoked_at", "superseded_on", "origin", "decision_number",
    "decision_date", "product__name", "product__producer__name", "product__commune__name", *LISTED_RELATIONS,
)  # fmt: skip


class CertificateListView(LoginRequiredMixin, PermissionRequiredMixin, KeysFirstPagination, ListView):
    template_name = "rating/certificates/certificate_list.html"
    context_object_name = "certificates"
    permission_required = "products.list_records"
    paginate_by = 25
    count_depends_on = (Certificate, Product, Producer)  # the scope is the products'; the search reads producers

    def get_queryset(self):
        listed = certificates_visible_to(self.request.user).select_related(None).select_related(*LISTED_RELATIONS)
        self.filterset = CertificateFilter(
            self.request.GET or None, queryset=listed.only(*LISTED_FIELDS).order_by("-issued_on", "-pk")
        )
        queryset = self.filterset.qs
        if self.request.GET.get("state") == "expiring":
            queryset = queryset.order_by("valid_until", "pk")  # the soonest first
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        with_states(context["certificates"], timezone.localdate())
        filtered = any(value for key, value in self.request.GET.items() if key != "page")
        keepers = memberships_with_role(self.request.user, Role.PROVINCE_OFFICER)  # who imports the register
        context.update(filter=self.filterset, filtered=filtered, expiring_days=EXPIRING_DAYS,
                       register_provinces=[membership.unit for membership in keepers])  # fmt: skip
        return context


class ScopedCertificateMixin(ScopedObjectMixin):
    """Find the certificate in the user's scope (else 404), then check the permission on it (else 403)."""

    permission_required = "rating.view_certificate_record"
    scoped_queryset = certificate_detail_for


def verify_url(request, certificate):
    return request.build_absolute_uri(reverse("public:verify", args=[certificate.token]))


class CertificateDetailView(ScopedCertificateMixin, DetailView):
    template_name = "rating/certificates/certificate_detail.html"
    context_object_name = "certificate"

    def get_context_data(self, **kwargs):
        certificate = self.object
        return super().get_context_data(
            state=certificate.state(timezone.localdate()),
            verify_url=verify_url(self.request, certificate),
            can_revoke=not certificate.revoked_at
            and self.request.user.has_perm("rating.revoke_certificate_record", certificate),
            revoke_form=RevokeForm(),
            audit=history.trail(
                history.source(Certificate.history.filter(id=certificate.pk)),
                everything=history.wants_everything(self.request),
            ),
            **kwargs,
        )


class CertificatePdfView(ScopedCertificateMixin, View):
    def get(self, request, *args, **kwargs):
        if self.object.from_register:
            raise Http404  # the province issued its paper before the portal: there is no portal certificate to print
        pdf = certificate_pdf.certificate_pdf(self.object, verify_url(request, self.object))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{certificate_pdf.file_name(self.object)}"'
        return response


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for revocation"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class CertificateRevokeView(ScopedCertificateMixin, View):
    permission_required = "rating.revoke_certificate_record"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            certificates.revoke_certificate(self.object, user=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Certificate %(number)s is revoked.") % {"number": self.object.reference})
        return redirect("certificates:certificate_detail", pk=self.object.pk)


class CertificateIssueView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """POST from a published round's results: issue the entry's certificate (404 out of scope, 403 if not
    the officer over the round's unit). `next` is where to go back to when it cannot be issued. When the product
    holds a certificate still valid, the POST leads to a GET page that says what will be replaced and asks first;
    its form posts again with `supersede`."""

    permission_required = "rating.issue_certificate_record"
    http_method_names = ["get", "post"]

    @cached_property
    def entry(self):
        return get_object_or_404(entries_visible_to(self.request.user), pk=self.kwargs["entry_pk"])

    def get_permission_object(self):
        return self.entry

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.entry  # noqa: B018  (404 before 403)
        return super().dispatch(request, *args, **kwargs)

    def back(self, request):
        back = request.POST.get("next", "") or request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
        return back if back and safe else ""

    def get(self, request, *args, **kwargs):
        current = certificates.current_certificate_of(self.entry.product_id)
        if current is None:
            return redirect(self.back(request) or "certificates:certificate_list")
        context = {"entry": self.entry, "current": current, "next": self.back(request)}
        return render(request, "rating/certificates/certificate_issue_confirm.html", context)

    def post(self, request, *args, **kwargs):
        try:
            certificate = certificates.issue_certificate(
                self.entry, user=request.user, supersede=request.POST.get("supersede") == "1"
            )
        except certificates.SupersedeNeeded:
            url = reverse("certificates:certificate_issue", args=[self.entry.pk])
            back = self.back(request)
            return redirect(f"{url}?{urlencode({'next': back})}" if back else url)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.back(request) or "certificates:certificate_list")
        messages.success(request, _("Certificate %(number)s is issued.") % {"number": certificate.number})
        return redirect("certificates:certificate_detail", pk=certificate.pk)
