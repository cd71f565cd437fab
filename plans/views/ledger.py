"""Activities (training, fairs, promotion, media), the funding ledger and the funding rules of a plan."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Sum
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView
from rules.contrib.views import PermissionRequiredMixin

from org.models import Agency
from org.selectors import units_managed_by
from plans import services
from plans.enums import FundingSource
from plans.forms import ActivityForm, FundingForm, FundingRuleForm
from plans.models import Activity, Funding, FundingRule
from plans.selectors import (
    acting_agency_ids,
    activities_of,
    activities_visible_to,
    funding_of,
    funding_rules_visible_to,
    funding_visible_to,
    plan_detail_for,
    plans_visible_to,
)
from plans.views.common import FormPage, PlanPage, ScopedObjectMixin
from products.models import Producer, Product


class ActivityListView(ScopedObjectMixin, DetailView):
    permission_required = "plans.view_plan"
    template_name = "plans/activities.html"
    context_object_name = "plan"
    scoped_queryset = plan_detail_for

    def get_context_data(self, **kwargs):
        user = self.request.user
        activities = list(activities_of(self.object))
        for activity in activities:
            activity.editable = user.has_perm("plans.change_activity", activity)
        return super().get_context_data(
            activities=activities,
            participants=sum(a.participants or 0 for a in activities),
            cost=sum(a.cost or 0 for a in activities),
            can_record=user.has_perm("plans.record_activity", self.object),
            **kwargs,
        )


def _area(plan):
    producers = Producer.objects.filter(commune__path__startswith=plan.unit.path).order_by("name")
    products = Product.objects.filter(commune__path__startswith=plan.unit.path).select_related("producer")
    return producers, products.order_by("name")


class ActivityPage(PlanPage):
    permission_required = "plans.record_activity"
    form_class = ActivityForm

    def crumbs(self):
        return [*super().crumbs(), (gettext_lazy("Activities"), reverse("plans:activity_list", args=[self.plan.pk]))]

    def get_form_kwargs(self):
        user, plan = self.request.user, self.plan
        organisers = Agency.objects.filter(unit__path__startswith=plan.unit.path)
        if not user.has_perm("plans.change_plan", plan):  # agency staff record their own agency's work
            organisers = organisers.filter(pk__in=acting_agency_ids(user))
        producers, products = _area(plan)
        return {
            **super().get_form_kwargs(),
            "instance": self.instance(),
            "organisers": organisers.order_by("unit__path", "name"),
            "targets": plan.targets.all(),
            "producers": producers,
            "products": products,
        }

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.user.has_perm("plans.change_plan", self.plan):
            form.fields["organiser"].required = True  # agency staff record their own agency's work
            form.fields["organiser"].empty_label = None
        return form

    def save(self, form):
        data = form.cleaned_data
        services.save_activity(
            form.save(commit=False), user=self.request.user, targets=data["targets"], producers=data["producers"],
            products=data["products"],
        )  # fmt: skip
        return reverse("plans:activity_list", args=[self.plan.pk])


class ActivityCreateView(ActivityPage):
    scoped_queryset = plans_visible_to
    heading = gettext_lazy("New activity")

    def instance(self):
        return Activity(plan=self.plan)


class ActivityUpdateView(ActivityPage):
    permission_required = "plans.change_activity"
    scoped_queryset = activities_visible_to
    heading = gettext_lazy("Edit the activity")

    def instance(self):
        return self.object


class FundingListView(ScopedObjectMixin, DetailView):
    permission_required = "plans.view_plan"
    template_name = "plans/funding.html"
    context_object_name = "plan"
    scoped_queryset = plan_detail_for

    def get_context_data(self, **kwargs):
        plan = self.object
        totals = dict(plan.funding.values_list("source").annotate(total=Sum("amount")).order_by())
        by_source = [(label, totals[value]) for value, label in FundingSource.choices if value in totals]
        return super().get_context_data(
            lines=funding_of(plan),
            by_source=by_source,
            total=sum(totals.values()),
            can_manage=self.request.user.has_perm("plans.change_plan", plan),
            **kwargs,
        )


class FundingPage(PlanPage):
    form_class = FundingForm

    def crumbs(self):
        return [*super().crumbs(), (gettext_lazy("Funding"), reverse("plans:funding_list", args=[self.plan.pk]))]

    def get_form_kwargs(self):
        producers, products = _area(self.plan)
        return {
            **super().get_form_kwargs(),
            "instance": self.instance(),
            "producers": producers,
            "products": products,
            "activities": self.plan.activities.order_by("-held_on"),
        }

    def save(self, form):
        services.record_funding(form.save(commit=False), user=self.request.user)
        return reverse("plans:funding_list", args=[self.plan.pk])


class FundingCreateView(FundingPage):
    scoped_queryset = plans_visible_to
    heading = gettext_lazy("New funding line")

    def instance(self):
        return Funding(plan=self.plan)


class FundingUpdateView(FundingPage):
    """Correct a ledger line (the same rules apply as when it was recorded)."""

    scoped_queryset = funding_visible_to
    heading = gettext_lazy("Edit the funding line")

    def instance(self):
        return self.object


class FundingRuleListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "plans.list_plans"
    template_name = "plans/funding_rules.html"
    context_object_name = "rules"

    def get_queryset(self):
        return funding_rules_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(can_add=user.has_perm("plans.add_plan"), **kwargs)
        for rule in context["rules"]:
            rule.removable = user.has_perm("plans.change_funding_rule", rule)
        return context


class FundingRuleDeleteView(ScopedObjectMixin, View):
    """Lift a rule (POST only): only the office of the unit that set it."""

    http_method_names = ["post"]
    permission_required = "plans.change_funding_rule"
    scoped_queryset = funding_rules_visible_to

    def post(self, request, *args, **kwargs):
        rule = self.object
        rule.delete()
        messages.success(request, _("The rule was lifted: %(rule)s.") % {"rule": rule})
        return redirect("plans:funding_rules")


class FundingRuleCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormPage):
    permission_required = "plans.add_plan"
    form_class = FundingRuleForm
    heading = gettext_lazy("New funding rule")

    def crumbs(self):
        return [(gettext_lazy("Funding rules"), reverse("plans:funding_rules"))]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": FundingRule(), "units": units_managed_by(self.request.user)}

    def save(self, form):
        services.save_funding_rule(form.save(commit=False))
        return reverse("plans:funding_rules")
