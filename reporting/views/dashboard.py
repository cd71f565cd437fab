"""The leadership dashboard: headline indicators and charts for one of the user's units, this period against
the previous one."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.utils import timezone
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from reporting import periods
from reporting.dashboard import kept_dashboard
from reporting.enums import PeriodKind
from reporting.selectors import dashboard_units, units_for_reports

KINDS = [PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR]


class DashboardView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "reporting.view_dashboard"
    template_name = "reporting/dashboard.html"

    def chosen_unit(self):
        units = list(dashboard_units(self.request.user)[:50])
        wanted = self.request.GET.get("unit", "")
        if wanted:
            unit = units_for_reports(self.request.user).filter(pk=wanted).first() if wanted.isdecimal() else None
            if unit is None:
                raise Http404  # not one of the user's units
            return unit, units
        if not units:
            raise Http404
        return units[0], units

    def get_context_data(self, **kwargs):
        unit, units = self.chosen_unit()
        kind = self.request.GET.get("kind", PeriodKind.QUARTER)
        kind = kind if kind in KINDS else PeriodKind.QUARTER
        period = periods.containing(kind, timezone.localdate())
        return super().get_context_data(
            data=kept_dashboard(unit, period),
            kept_minutes=settings.REPORT_DASHBOARD_CACHE_SECONDS // 60,
            unit=unit,
            units=units,
            kind=kind,
            kinds=[(k.value, k.label) for k in KINDS],
            **kwargs,
        )
