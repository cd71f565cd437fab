"""Target screens: add and edit a target; enter the actual value of a target the portal cannot compute."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from plans import services
from plans.forms import ActualForm, TargetForm
from plans.models import Target
from plans.selectors import plans_visible_to
from plans.views.common import PlanPage


def targets_visible_to(user):
    return Target.objects.filter(plan__in=plans_visible_to(user)).select_related("plan__unit")


class TargetPage(PlanPage):
    def done_url(self):
        return reverse("plans:plan_detail", args=[self.plan.pk]) + "#targets"


class TargetCreateView(TargetPage):
    scoped_queryset = plans_visible_to
    form_class = TargetForm
    heading = gettext_lazy("New target")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Target(plan=self.plan)}

    def save(self, form):
        services.save_target(form.save(commit=False))
        return self.done_url()


class TargetUpdateView(TargetPage):
    scoped_queryset = targets_visible_to
    form_class = TargetForm
    heading = gettext_lazy("Edit the target")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def save(self, form):
        services.save_target(form.save(commit=False))
        return self.done_url()


class ActualView(TargetPage):
    scoped_queryset = targets_visible_to
    form_class = ActualForm
    heading = gettext_lazy("Enter the actual value")
    template_name = "plans/actual_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def save(self, form):
        data = form.cleaned_data
        services.enter_actual(
            self.object, user=self.request.user, value=data["actual_value"], note=data["actual_note"],
            uploads=data["files"],
        )  # fmt: skip
        return self.done_url()
