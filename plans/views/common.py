"""What the plan screens share: one form page, and the form pages about a plan or something in it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from products.views.common import ScopedObjectMixin, stored_file_response

__all__ = ["FormPage", "PlanPage", "ScopedObjectMixin", "plan_crumb", "stored_file_response"]


def plan_crumb(plan):
    """The breadcrumb of a plan: its unit and year (the full title is a sentence)."""
    return (f"{plan.unit.name} {plan.year}", reverse("plans:plan_detail", args=[plan.pk]))


class FormPage(FormView):
    """A crispy form on plans/form.html: heading, breadcrumbs, and a service call that may refuse."""

    template_name = "plans/form.html"
    heading = ""
    success_message = gettext_lazy("Saved.")

    def crumbs(self):
        """[(label, url)] above the heading."""
        return []

    def save(self, form):
        """Write through a service; raise ValidationError to show the form again. Returns the redirect URL."""
        raise NotImplementedError

    def form_valid(self, form):
        try:
            url = self.save(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.heading, crumbs=self.crumbs(), object=getattr(self, "object", None), **kwargs
        )


class PlanPage(ScopedObjectMixin, FormPage):
    """A form about a plan or something in it (self.object, found in scope); its breadcrumbs start at the plan."""

    permission_required = "plans.change_plan"

    @property
    def plan(self):
        return getattr(self.object, "plan", self.object)

    def crumbs(self):
        return [plan_crumb(self.plan)]
