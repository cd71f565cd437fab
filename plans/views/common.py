"""What the plan screens share: 404-then-403 object access, one form page, scoped file downloads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from products.views.common import ScopedObjectMixin

INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp"}

__all__ = ["FormPage", "ScopedObjectMixin", "file_response", "plan_crumb"]


def file_response(field, content_type, name):
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle, content_type=content_type, as_attachment=content_type not in INLINE_TYPES, filename=name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, no-store"
    return response


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
