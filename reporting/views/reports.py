"""Report pages: the list of reports for the user's units, asking for one, watching it being produced
(htmx polling of a small fragment), downloading its files, regenerating it."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from rules.contrib.views import PermissionRequiredMixin

from products.views.common import ScopedObjectMixin, stored_file_response
from reporting import services
from reporting.enums import PeriodKind, ReportState
from reporting.forms import ReportRequestForm
from reporting.selectors import report_list_for, reports_visible_to, units_for_reports

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ReportListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "reporting.list_reports"
    template_name = "reporting/report_list.html"
    context_object_name = "reports"
    paginate_by = 25

    def filters(self):
        kind = self.request.GET.get("kind", "")
        year = self.request.GET.get("year", "")
        year = int(year) if year.isdecimal() and 1000 <= int(year) <= 9999 else None  # else the year lookup crashes
        return (kind if kind in PeriodKind.values else ""), year

    def get_queryset(self):
        reports = report_list_for(self.request.user)
        kind, year = self.filters()
        if kind:
            reports = reports.filter(kind=kind)
        if year:
            reports = reports.filter(end__year=year)
        return reports

    def get_context_data(self, **kwargs):
        kind, year = self.filters()
        return super().get_context_data(
            can_request=self.request.user.has_perm("reporting.request_report"),
            kinds=PeriodKind.choices,
            kind=kind,
            year=year or "",
            **kwargs,
        )


class ReportRequestView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "reporting.request_report"
    template_name = "reporting/request.html"
    form_class = ReportRequestForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["units"] = units_for_reports(self.request.user)
        initial = {}
        for name in ("unit", "kind", "year", "part"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        kwargs["initial"] = initial
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        report, created = services.request_report(
            self.request.user, data["unit"], data["period"], number=data.get("number", "")
        )
        if not created and report.status == ReportState.DONE:
            messages.info(
                self.request, gettext("This report exists already; download it, or produce it again from today's data.")
            )
            if data.get("number") and data["number"] != report.number:
                messages.info(self.request, gettext("Its document number changes when you produce it again."))
        return redirect("reporting:report_detail", pk=report.pk)


class ReportDetailView(ScopedObjectMixin, DetailView):
    permission_required = "reporting.list_reports"
    template_name = "reporting/report_detail.html"
    context_object_name = "report"
    scoped_queryset = reports_visible_to

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["reporting/_progress.html"]  # the fragment the page polls while the report is produced
        return [self.template_name]

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])  # page and fragment share a URL: never cache one as the other
        return response

    def get_context_data(self, **kwargs):
        report = self.object
        return super().get_context_data(
            can_regenerate=self.request.user.has_perm("reporting.regenerate_report", report),
            transitions=report.transitions.select_related("actor"),
            **kwargs,
        )


class ReportFileView(ScopedObjectMixin, View):
    permission_required = "reporting.list_reports"
    scoped_queryset = reports_visible_to

    def get(self, request, pk, fmt):
        report = self.object
        field = report.pdf if fmt == "pdf" else report.xlsx
        if not field:
            raise Http404
        return stored_file_response(field, CONTENT_TYPES[fmt], f"{services.file_stem(report)}.{fmt}")


class RegenerateView(ScopedObjectMixin, View):
    permission_required = "reporting.regenerate_report"
    scoped_queryset = reports_visible_to

    def post(self, request, pk):
        try:
            number = request.POST.get("number")
            services.regenerate(request.user, self.object, number=number[:60] if number is not None else None)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(reverse("reporting:report_detail", args=[pk]))
