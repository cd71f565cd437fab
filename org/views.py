"""Screens of the organisation: the units in scope ('Địa bàn') and the agencies."""

import uuid

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from rules.contrib.views import PermissionRequiredMixin

from org import reorganisation, services
from org.forms import AgencyForm, ReorganisationConfirmForm, ReorganisationFileForm
from org.selectors import agencies_visible_to, forget_memberships, unit_list_for, units_managed_by, units_visible_to


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
            can_reorganise=self.request.user.has_perm("org.reorganise_units", self.object),
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


class ReorganiseView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """A province's reorganisation file: upload, check and preview (nothing saved), then apply after a confirmation.
    Out of scope: 404; in scope without being the province's officer: 403. The former units must lie in the
    province or in what it carries on."""

    template_name = "org/reorganise.html"
    permission_required = "org.reorganise_units"

    @cached_property
    def unit(self):
        provinces = units_visible_to(self.request.user).filter(parent__isnull=True)
        return get_object_or_404(provinces, code=self.kwargs["code"])

    def get_permission_object(self):
        return self.unit

    @property
    def within(self):
        return [self.unit.path, *self.unit.inherited_below]

    @property
    def session_key(self):
        return f"org-reorganise-{self.unit.code}"

    def get(self, request, code):
        return self.page(ReorganisationFileForm())

    def post(self, request, code):
        if "token" in request.POST:
            return self.confirm(ReorganisationConfirmForm(request.POST))
        form = ReorganisationFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form)
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            preview = reorganisation.plan(reorganisation.read_workbook(content), within=self.within)
        except reorganisation.FileProblem as problem:
            form.add_error("file", str(problem))
            return self.page(form)
        if preview.problems:
            return self.page(form, problems=[tuple(p) for p in preview.problems])
        self.forget_pending()
        token = uuid.uuid4().hex
        name = default_storage.save(f"reorganisations/{request.user.pk}-{token}.xlsx", ContentFile(content))
        request.session[self.session_key] = {"token": token, "name": name, "file": upload.name}
        return self.page(None, preview=preview, confirm=ReorganisationConfirmForm(initial={"token": token}),
                         filename=upload.name)  # fmt: skip

    def confirm(self, form):
        pending = self.request.session.get(self.session_key)
        fresh = form.is_valid() and pending and pending["token"] == form.cleaned_data["token"]
        if not fresh or not default_storage.exists(pending["name"]):
            if pending and form.errors.keys() == {"understood"}:
                messages.error(self.request, _("Tick the confirmation to apply the reorganisation."))
            else:
                messages.error(self.request, _("This check has expired. Upload the file again."))
            return redirect("org:reorganise", code=self.unit.code)
        with default_storage.open(pending["name"], "rb") as handle:
            parsed = reorganisation.read_workbook(handle.read())
        try:
            done = reorganisation.apply(parsed, user=self.request.user, within=self.within)
        except reorganisation.ReorganisationRefused as refused:  # the data changed since the check
            self.forget_pending()
            return self.page(ReorganisationFileForm(), problems=[tuple(p) for p in refused.problems])
        self.forget_pending()
        forget_memberships(self.request.user)  # the user's own membership may have ended
        messages.success(self.request, _("The reorganisation of %(file)s is applied.") % {"file": pending["file"]})
        return self.page(None, preview=done, done=True)

    def forget_pending(self):
        pending = self.request.session.pop(self.session_key, None)
        if pending and default_storage.exists(pending["name"]):
            default_storage.delete(pending["name"])

    def page(self, form, **context):
        return render(self.request, self.template_name, {"unit": self.unit, "form": form, **context})
