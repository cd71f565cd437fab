"""Rule set pages: which rules are in force when, their procedure, how many product sets have scoring sheets, and
the workbook an office fills in from the official copy. Rule sets are public law: every signed-in user reads them."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import DetailView, ListView

from products.models import ProductSet
from rating import criteria_xlsx
from rating.enums import RoundLevel
from rating.models import RuleSet, Sheet
from rating.selectors import coverage_of, coverage_of_all, rule_set_in_force


class RuleSetListView(LoginRequiredMixin, ListView):
    template_name = "rating/rule_set_list.html"
    context_object_name = "rule_sets"

    def get_queryset(self):
        return RuleSet.objects.select_related("criteria_from").order_by("-effective_from", "code")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        coverage = coverage_of_all(context["rule_sets"])
        context["rows"] = [(rule_set, coverage[rule_set.pk]) for rule_set in context["rule_sets"]]
        context["in_force"] = rule_set_in_force(timezone.localdate())
        return context


class RuleSetObjectMixin(LoginRequiredMixin):
    @cached_property
    def rule_set(self):
        return get_object_or_404(RuleSet.objects.select_related("criteria_from"), pk=self.kwargs["pk"])


class RuleSetDetailView(RuleSetObjectMixin, DetailView):
    template_name = "rating/rule_set_detail.html"
    context_object_name = "rule_set"

    def get_object(self, queryset=None):
        return self.rule_set

    def get_context_data(self, **kwargs):
        rule_set = self.rule_set
        sheets = Sheet.objects.filter(rule_set_id=rule_set.sheets_rule_set_id)
        sets = (
            ProductSet.objects.filter(scheme=rule_set.classification)
            .select_related("category")
            .prefetch_related(Prefetch("sheets", queryset=sheets, to_attr="loaded"))
            .order_by("number")
        )
        levels = dict(RoundLevel.choices)
        return super().get_context_data(
            coverage=coverage_of(rule_set),
            sets=sets,
            rating_levels=[levels.get(name, name) for name in rule_set.rating_levels],
            pre_assessment=levels.get(rule_set.pre_assessment_level, "") if rule_set.pre_assessment_level else "",
            recognised=[(levels.get(name, name), stars) for name, stars in rule_set.recognised_stars.items()],
            thresholds=[(levels.get(name, name), points) for name, points in rule_set.forward_thresholds.items()],
            council_sizes=[(levels.get(name, name), sizes) for name, sizes in rule_set.council_sizes.items()],
            **kwargs,
        )


class RuleSetTemplateView(RuleSetObjectMixin, View):
    """The workbook to fill in from the official copy (the same as `manage.py criteria template CODE`)."""

    def get(self, request, pk):
        response = HttpResponse(
            criteria_xlsx.template_bytes(self.rule_set), content_type=criteria_xlsx.XLSX_CONTENT_TYPE
        )
        name = criteria_xlsx.template_file_name(self.rule_set.criteria_from or self.rule_set)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
        return response
