"""Producer screens: list, detail, add and edit."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView
from rules.contrib.views import PermissionRequiredMixin

from ocop_portal import history
from products import services, versions
from products.filters import ProducerFilter
from products.forms import ProducerForm
from products.models import Producer
from products.selectors import (
    communes_for_registration,
    producer_list_for,
    producers_visible_to,
    products_visible_to,
)
from products.views.common import FilteredListView, ScopedObjectMixin


class ProducerListView(FilteredListView):
    template_name = "products/producer_list.html"
    context_object_name = "producers"
    filterset_class = ProducerFilter

    def base_queryset(self):
        return producer_list_for(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_add=self.request.user.has_perm("products.add_record"), **kwargs)


class ProducerDetailView(ScopedObjectMixin, DetailView):
    template_name = "products/producer_detail.html"
    context_object_name = "producer"
    permission_required = "products.view_record"
    scoped_queryset = producers_visible_to

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            products=products_visible_to(self.request.user).filter(producer=self.object).order_by("-year", "name"),
            can_edit=self.request.user.has_perm("products.change_producer_record", self.object),
            audit=history.trail(
                history.source(Producer.history.filter(id=self.object.pk)),
                everything=history.wants_everything(self.request),
            ),
            **kwargs,
        )


class ProducerFormMixin:
    template_name = "products/producer_form.html"
    form_class = ProducerForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.get_instance(),
            "communes": communes_for_registration(self.request.user),
        }

    def form_valid(self, form):
        try:
            producer = services.save_producer(
                form.save(commit=False), user=self.request.user, version=form.cleaned_data.get("version")
            )
        except versions.StaleEdit as conflict:
            return versions.refuse(self, form, conflict)
        except ValidationError as error:
            form.add_error(None, error)  # a dict of errors lands on its fields
            return self.form_invalid(form)
        messages.success(self.request, _("Saved %(name)s.") % {"name": producer.name})
        return redirect("products:producer_detail", pk=producer.pk)


class ProducerCreateView(LoginRequiredMixin, PermissionRequiredMixin, ProducerFormMixin, FormView):
    permission_required = "products.add_record"

    def get_instance(self):
        return None


class ProducerUpdateView(ScopedObjectMixin, ProducerFormMixin, FormView):
    permission_required = "products.change_producer_record"
    scoped_queryset = producers_visible_to

    def get_instance(self):
        return self.object

    def get_context_data(self, **kwargs):
        return super().get_context_data(producer=self.object, **kwargs)
