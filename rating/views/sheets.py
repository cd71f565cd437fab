"""A council member's score sheet: knock-out questions first, then one option per criterion.

With htmx every change saves the draft and re-renders the sheet (conditional criteria appear or go);
without it, "Save draft" does the same with a full page. "Submit" locks the sheet.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from rating import scoring, services
from rating.enums import RoundStatus, SheetStatus
from rating.selectors import sheets_of


class OwnSheetMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The member's own sheet: someone else's is not found (404)."""

    permission_required = "rating.score_sheet"

    @cached_property
    def sheet(self):
        return get_object_or_404(sheets_of(self.request.user), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.sheet


class SheetView(OwnSheetMixin, View):
    @cached_property
    def scoring_sheet(self):
        return services.sheet_for(self.sheet.entry.round, self.sheet.entry.product_set)

    @cached_property
    def criteria(self):
        return services.criteria_of(self.scoring_sheet)

    def chosen_from_answers(self):
        return services.chosen_of(self.sheet, self.criteria)

    def chosen_from_post(self):
        """Only options of the criterion they are posted for count (the options are already loaded)."""
        chosen = {}
        for criterion in self.criteria:
            by_pk = {str(option.pk): option for option in criterion.options.all()}
            picked = [by_pk[v] for v in dict.fromkeys(self.request.POST.getlist(f"c{criterion.pk}")) if v in by_pk]
            if criterion.selection == "multiple":
                chosen[criterion.pk] = picked
            elif picked:
                chosen[criterion.pk] = picked[0]
        return chosen

    def stops_from_post(self):
        return {c.number for c in self.criteria if c.stops_if_zero and self.request.POST.get(f"stop{c.pk}") == "on"}

    def get(self, request, pk):
        return self.render(self.chosen_from_answers(), self.sheet.stops)

    def post(self, request, pk):
        chosen = self.chosen_from_post()
        stops = self.stops_from_post()
        knocked_out = request.POST.get("knocked_out") == "on"
        reason = request.POST.get("knockout_reason", "")
        try:
            services.save_answers(self.sheet, chosen=chosen, knocked_out=knocked_out, knockout_reason=reason,
                                  criteria=self.criteria, stops=stops)  # fmt: skip
            if "submit" in request.POST:
                services.submit_sheet(self.sheet, criteria=self.criteria)
                messages.success(request, _("Your sheet is submitted."))
                return redirect("rating:round_detail", pk=self.sheet.entry.round_id)
        except ValidationError as error:
            self.sheet.refresh_from_db()
            return self.render(chosen, stops, errors=error.messages, status=200)
        self.sheet.refresh_from_db()
        if request.headers.get("HX-Request"):
            return self.render(self.chosen_from_answers(), self.sheet.stops, partial=True)
        messages.success(request, _("Draft saved."))
        return redirect("rating:sheet", pk=pk)

    def render(self, chosen, stops=(), errors=(), partial=False, status=200):
        sheet = self.sheet
        score = scoring.evaluate(self.criteria, chosen, stops)
        parts = []
        for criterion in self.criteria:
            part = criterion.group.part
            if not parts or parts[-1]["part"].pk != part.pk:
                parts.append({"part": part, "groups": []})
            groups = parts[-1]["groups"]
            if not groups or groups[-1]["group"].pk != criterion.group_id:
                groups.append({"group": criterion.group, "criteria": []})
            groups[-1]["criteria"].append({
                "criterion": criterion,
                "options": list(criterion.options.all()),
                "chosen": chosen.get(criterion.pk),
                "multiple": criterion.selection == "multiple",
                "stopped_here": criterion.number in stops,
                "skipped": criterion.number in score.skipped,
            })  # fmt: skip
        editable = sheet.status == SheetStatus.DRAFT and sheet.entry.round.status == RoundStatus.SCORING
        context = {
            "sheet": sheet, "entry": sheet.entry, "round": sheet.entry.round, "parts": parts, "score": score,
            "editable": editable, "errors": errors,
            "knockout_questions": [text for text in [self.scoring_sheet.knockout] if text]
            + [f"{c.number}. {note}" for c in self.criteria if c.knockout_note for note in c.notes],
        }  # fmt: skip
        template = "rating/_sheet_form.html" if partial else "rating/sheet.html"
        return render(self.request, template, context, status=status)


class ConflictView(OwnSheetMixin, View):
    """A member declares a conflict of interest on an entry: their sheet for it goes, and they do not score it."""

    def post(self, request, pk):
        sheet = self.sheet
        try:
            services.declare_conflict(sheet.seat, sheet.entry, note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your conflict of interest is recorded; you will not score this entry."))
        return redirect("rating:round_detail", pk=sheet.entry.round_id)


class ReopenSheetView(OwnSheetMixin, View):
    def post(self, request, pk):
        try:
            services.reopen_sheet(self.sheet)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("rating:round_detail", pk=self.sheet.entry.round_id)
        return redirect("rating:sheet", pk=pk)
