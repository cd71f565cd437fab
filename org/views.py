"""Screens of the organisation: the units in scope ('Địa bàn') and the agencies."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView
from rules.contrib.views import PermissionRequiredMixin

from org import services
from org.forms import AgencyForm
from org.selectors import agencies_visible_to, unit_list_for, units_managed_by, units_visible_to


class UnitListView(LoginRequiredMixin, ListView):
    template_name = "org/unit_list.html"
    context_object_name = "units"

    def get_queryset(self):
        return unit_list_for(self.request.user)


class UnitDetailView(LoginRequiredMixin, DetailView):
    template_name = "org/unit_detail.html"
    context_object_name = "unit"
    slug_field = slug_url_kwarg = "code"

    def get_queryset(self):
        return units_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        visible = units_visible_to(self.request.user)
        return super().get_context_data(
            children=visible.filter(parent=self.object),
            agencies=agencies_visible_to(self.request.user).filter(unit=self.object),
            **kwargs,
        )


class AgencyListView(PermissionRequiredMixin, ListView):
    template_name = "org/agency_list.html"
    context_object_name = "agencies"
    permission_required = "org.list_agencies"

    def get_queryset(self):
        return agencies_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=self.request.user.has_perm("org.add_agency_record"), **kwargs)


class AgencyFormView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Add an agency (no pk) or change one. Out of scope: 404; in scope but read-only: 403."""

    template_name = "org/agency_form.html"
    form_class = AgencyForm

    @cached_property
    def agency(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(agencies_visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_permission_required(self):
        return ["org.change_agency_record"] if "pk" in self.kwargs else ["org.add_agency_record"]

    def get_permission_object(self):
        return self.agency

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.agency,
            "units": units_managed_by(self.request.user),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(agency=self.agency, **kwargs)

    def form_valid(self, form):
        agency = services.save_agency(form.save(commit=False))
        messages.success(self.request, _("Saved %(agency)s.") % {"agency": agency.name})
        return redirect("org:agency_list")
