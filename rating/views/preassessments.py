"""The commune's pre-assessment screens (QĐ 1489): the list, starting one for a product ready for rating, the short
sheet of the criteria the commune assesses, and its steps (send to the chairman, confirm or return, propose)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from ocop_portal import history
from products.enums import ProductStatus
from products.selectors import products_visible_to
from rating import preassessment
from rating.forms import PreAssessmentForm, PreAssessmentStartForm
from rating.models import PreAssessment, PreAssessmentStatus
from rating.selectors import coverage_of, pre_assessments_visible_to


class PreAssessmentListView(LoginRequiredMixin, ListView):
    template_name = "rating/pre_assessment_list.html"
    context_object_name = "pre_assessments"
    paginate_by = 25

    def get_queryset(self):
        return pre_assessments_visible_to(self.request.user).order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        rule_set = preassessment.pre_assessing_rule_set()
        waiting = []
        if rule_set is not None:
            waiting = (
                products_visible_to(self.request.user)
                .filter(status=ProductStatus.READY)
                .exclude(pre_assessments__rule_set=rule_set)
                .select_related("producer", "commune")
                .order_by("commune__name", "name")[:50]
            )
            waiting = [p for p in waiting if preassessment.is_officer(self.request.user, p.commune)]
        return super().get_context_data(
            rule_set=rule_set,
            coverage=coverage_of(rule_set) if rule_set is not None else None,
            waiting=waiting,
            start_form=PreAssessmentStartForm(rule_set=rule_set) if waiting else None,
            **kwargs,
        )


class StartView(LoginRequiredMixin, View):
    def post(self, request, product_pk):
        product = get_object_or_404(products_visible_to(request.user), pk=product_pk)
        if not preassessment.is_officer(request.user, product.commune):
            raise PermissionDenied
        rule_set = preassessment.pre_assessing_rule_set()
        form = PreAssessmentStartForm(request.POST, rule_set=rule_set)
        if not form.is_valid():
            messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
            return redirect("rating:pre_assessment_list")
        try:
            made = preassessment.start(product, user=request.user, product_set=form.cleaned_data["product_set"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("rating:pre_assessment_list")
        return redirect("rating:pre_assessment_detail", pk=made.pk)


class PreAssessmentMixin(LoginRequiredMixin):
    @cached_property
    def pre_assessment(self):
        return get_object_or_404(pre_assessments_visible_to(self.request.user), pk=self.kwargs["pk"])


class PreAssessmentDetailView(PreAssessmentMixin, DetailView):
    template_name = "rating/pre_assessment_detail.html"
    context_object_name = "pre_assessment"

    def get_object(self, queryset=None):
        return self.pre_assessment

    def get_context_data(self, **kwargs):
        user, item = self.request.user, self.pre_assessment
        criteria = preassessment.pre_assessed_criteria(item.rule_set, item.product_set)
        editable = item.status == PreAssessmentStatus.DRAFT and preassessment.is_officer(user, item.commune)
        form = kwargs.pop("form", None) or (PreAssessmentForm(pre_assessment=item, criteria=criteria or [])
                                            if editable else None)  # fmt: skip
        chosen = {int(key): value for key, value in item.answers.items()}
        return super().get_context_data(
            criteria=criteria,
            rows=[(c, next((o for o in c.options.all() if o.pk == chosen.get(c.pk)), None)) for c in criteria or []],
            form=form,
            steps=[(step, preassessment.problem_of(item, step)) for step in preassessment.steps_for(user, item)],
            transitions=list(item.transitions.select_related("actor")),
            audit=history.trail(
                history.source(PreAssessment.history.filter(id=item.pk)),
                everything=history.wants_everything(self.request),
            ),  # fmt: skip
            **kwargs,
        )

    def post(self, request, pk):
        item = self.pre_assessment
        criteria = preassessment.pre_assessed_criteria(item.rule_set, item.product_set) or []
        form = PreAssessmentForm(request.POST, request.FILES, pre_assessment=item, criteria=criteria)
        if not preassessment.is_officer(request.user, item.commune):
            raise PermissionDenied
        if form.is_valid():
            try:
                preassessment.save_answers(item, user=request.user, **form.answers())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("rating:pre_assessment_detail", pk=pk)
        self.object = item
        return self.render_to_response(self.get_context_data(form=form))


class StepView(PreAssessmentMixin, View):
    def post(self, request, pk, action):
        try:
            preassessment.apply(self.pre_assessment, action, user=request.user, note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": preassessment.STEPS[action].label})
        return redirect("rating:pre_assessment_detail", pk=pk)
