"""Round screens: list, create, detail (entries, council, progress, results), and the round's actions."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from rules.contrib.views import PermissionRequiredMixin

from ocop_portal import history
from org.enums import Level, Role
from org.models import AdministrativeUnit
from org.selectors import path_in_scope, scope_q
from products.selectors import VIEW_ROLES
from rating import minutes, preassessment, scoring, services, workflow
from rating.enums import RoundStatus, SheetStatus, in_seat_order
from rating.forms import EntryForm, MeetingForm, NoteForm, RoundForm, SeatForm
from rating.models import Entry, Round, ScoreSheet
from rating.selectors import coverage_of, reaches_threshold, round_detail_for, round_list_for, round_page_for

PREPARING = (RoundStatus.DRAFT, RoundStatus.ACCEPTING)


class RoundListView(LoginRequiredMixin, ListView):
    template_name = "rating/round_list.html"
    context_object_name = "rounds"
    paginate_by = 25

    @cached_property
    def cancelled(self):
        return self.request.GET.get("cancelled") == "1"

    def get_queryset(self):
        return round_list_for(self.request.user, cancelled=self.cancelled)

    def get_context_data(self, **kwargs):
        my_sheets = ScoreSheet.objects.filter(seat__user=self.request.user, entry__round__status=RoundStatus.SCORING)
        return super().get_context_data(
            cancelled=self.cancelled,
            can_add=self.request.user.has_perm("rating.add_round"),
            to_score=my_sheets.filter(status=SheetStatus.DRAFT).count(),
            **kwargs,
        )


def organised_units(user):
    roles = (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER)
    managed = Q(scope_q(user, "path", roles), level__in=[Level.DISTRICT, Level.PROVINCE])
    communes = Q(scope_q(user, "path", (Role.COMMUNE_OFFICIAL,)), level=Level.COMMUNE)
    # A unit that ended in a reorganisation holds no new rounds (its rounds stay, with its successor's people).
    return AdministrativeUnit.objects.filter(managed | communes, valid_until__isnull=True).select_related("parent")


class RoundCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    template_name = "rating/round_form.html"
    form_class = RoundForm
    permission_required = "rating.add_round"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": organised_units(self.request.user)}

    def form_valid(self, form):
        try:
            round_ = services.create_round(form.save(commit=False), user=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The round is created. Add entries and seat the council."))
        return redirect("rating:round_detail", pk=round_.pk)


class RoundObjectMixin(LoginRequiredMixin):
    rounds = staticmethod(round_detail_for)

    @cached_property
    def round(self):
        return get_object_or_404(self.rounds(self.request.user), pk=self.kwargs["pk"])


class RoundDetailView(RoundObjectMixin, DetailView):
    template_name = "rating/round_detail.html"
    context_object_name = "round"
    rounds = staticmethod(round_page_for)

    def get_object(self, queryset=None):
        return self.round

    def get_context_data(self, **kwargs):
        user, round_ = self.request.user, self.round
        seats = in_seat_order(round_.seats.all())
        entries = list(round_.entries.all())
        my_seat = next((seat for seat in seats if seat.user_id == user.pk), None)
        my_sheets = {s.entry_id: s for s in ScoreSheet.objects.filter(seat=my_seat)} if my_seat else {}
        organiser = workflow.organises(user, round_)
        # Someone who sees the round only because one of their products is in it sees only their entries.
        full_view = round_visible_in_full(user, round_, my_seat)
        if not full_view:
            entries = [e for e in entries if path_in_scope(user, e.product.commune.path, roles=VIEW_ROLES)]
        closed = round_.status in (RoundStatus.CLOSED, RoundStatus.PUBLISHED)
        recognised = round_.rule_set.recognises(round_.level)
        preparing = user.has_perm("rating.prepare_round", round_)
        rows = []
        for entry in entries:
            mine = my_sheets.get(entry.pk)
            mean = scoring.average(entry.score_sum, entry.sheet_count)
            rows.append({
                "entry": entry,
                "average": scoring.shown(mean),
                "parts": {
                    code: scoring.shown(scoring.average(points, entry.sheet_count))
                    for code, points in sorted(entry.part_sums.items())
                },
                "flagged": services.is_flagged(entry),
                "forwarded": closed and reaches_threshold(entry),
                "certificate": getattr(entry, "certificate", None),
                "can_check": preparing,
                "can_issue": organiser and round_.status == RoundStatus.PUBLISHED and not entry.knocked_out
                and entry.stars in recognised and not hasattr(entry, "certificate"),
                "my_sheet": mine,
                "results_visible": results_visible(mine, organiser, closed),
            })  # fmt: skip
        return super().get_context_data(
            rows=rows,
            full_view=full_view,
            seats=seats,
            my_seat=my_seat,
            organiser=organiser,
            chair=workflow.chairs(user, round_),
            size_warning=services.council_size_warning(round_, seats),
            transitions=[(t, workflow.first_problem(round_, t)) for t in workflow.available_to(user, round_)],
            coverage=coverage_of(round_.rule_set),
            missing_sheets=workflow.missing_sheets(round_) if round_.status in PREPARING else [],
            entry_form=EntryForm(round_=round_) if preparing else None,
            seat_form=SeatForm(round_=round_) if preparing else None,
            meeting_form=MeetingForm(round_=round_) if preparing else None,
            note_form=NoteForm(),
            history=list(round_.transitions.select_related("actor")),
            audit=round_audit(
                round_,
                entries,
                my_seat,
                full_view and (closed or (organiser and my_seat is None)),
                everything=history.wants_everything(self.request),
            ),
            **kwargs,
        )


class RoundActionView(RoundObjectMixin, View):
    def post(self, request, pk, action):
        try:
            workflow.apply(self.round, action, user=request.user, note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": workflow.label_of(action)})
        return redirect("rating:round_detail", pk=pk)


# What a result is: hidden from the change history of whoever may not see the results yet.
RESULT_FIELDS = ("score_sum", "sheet_count", "stars", "knocked_out", "knockout_reason")


def round_audit(round_, entries, my_seat, with_results, everything=False):
    """The round's change history: the round, the entries this reader sees (their results only when they
    may see results) and the score sheets (all of them with the results, else the reader's own)."""
    names = {entry.pk: entry.product.name for entry in entries}
    members = {seat.pk: seat.user.get_full_name() or seat.user.username for seat in round_.seats.all()}
    sheets = ScoreSheet.history.filter(entry_id__in=names)
    if not with_results:
        sheets = sheets.filter(seat_id=my_seat.pk if my_seat else None)

    def sheet_name(record):
        return _("Score sheet of %(member)s for %(product)s") % {
            "member": members.get(record.seat_id, "—"),
            "product": names.get(record.entry_id, "—"),
        }

    return history.trail(
        history.source(Round.history.filter(id=round_.pk)),
        history.source(
            Entry.history.filter(id__in=names),
            describe=lambda record: names.get(record.id, "—"),
            excluded=() if with_results else RESULT_FIELDS,
        ),
        history.source(sheets, describe=sheet_name),
        everything=everything,
    )


def results_visible(my_sheet, organiser, closed):
    """A member sees results only after submitting their own sheet, whatever else they are."""
    if my_sheet is not None:
        return my_sheet.status == SheetStatus.SUBMITTED
    return organiser or closed


def round_visible_in_full(user, round_, seat=None):
    """The office, the council and those over the round's unit see all of it."""
    return seat is not None or path_in_scope(user, round_.unit.path, roles=VIEW_ROLES)


class MinutesView(RoundObjectMixin, View):
    """The council's minutes as a PDF, once the round is closed."""

    def get(self, request, pk):
        if self.round.status not in (RoundStatus.CLOSED, RoundStatus.PUBLISHED):
            raise Http404
        seat = next((s for s in self.round.seats.all() if s.user_id == request.user.pk), None)
        if not round_visible_in_full(request.user, self.round, seat):
            raise Http404
        response = HttpResponse(minutes.minutes_pdf(self.round), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{minutes.file_name(self.round)}"'
        return response


class PrepareView(RoundObjectMixin, PermissionRequiredMixin, View):
    """Add an entry or seat a member (POST), while the round is being prepared."""

    permission_required = "rating.prepare_round"

    def get_permission_object(self):
        return self.round

    def post(self, request, pk, what):
        form_class = {"entry": EntryForm, "seat": SeatForm, "meeting": MeetingForm}.get(what)
        if form_class is None:
            raise Http404
        form = form_class(request.POST, round_=self.round)
        if form.is_valid():
            try:
                if what == "entry" and form.cleaned_data.get("proposal_entry") is not None:
                    preassessment.enter(self.round, form.cleaned_data["proposal_entry"], user=request.user)
                elif what == "entry":
                    services.add_entry(self.round, product=form.cleaned_data["product"],
                                       forwarded_from=form.cleaned_data["forwarded_entry"],
                                       product_set=form.cleaned_data.get("product_set"))  # fmt: skip
                elif what == "meeting":
                    services.move_meeting(self.round, day=form.cleaned_data["meeting_date"], user=request.user,
                                          note=form.cleaned_data["note"])  # fmt: skip
                else:
                    services.seat_member(self.round, user=form.cleaned_data["user"], role=form.cleaned_data["role"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Saved."))
        else:
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
        return redirect("rating:round_detail", pk=pk)


class EntryChecksView(RoundObjectMixin, PermissionRequiredMixin, View):
    """The dossier checklist and the samples of an entry, ticked by the office before scoring."""

    permission_required = "rating.prepare_round"

    def get_permission_object(self):
        return self.round

    def post(self, request, pk, entry_pk):
        entry = get_object_or_404(self.round.entries.all(), pk=entry_pk)
        try:
            checked = {name: name in request.POST for name in ("dossier_checked", "samples_arrived")}
            services.record_checks(entry, **checked)
        except ValidationError as error:  # e.g. the round is closed: say so rather than fail
            messages.error(request, " ".join(error.messages))
        return redirect("rating:round_detail", pk=pk)


class DiscussionView(RoundObjectMixin, PermissionRequiredMixin, View):
    """The chair's discussion of a flagged entry: each member's total and part totals (GET), and the council's
    conclusion (POST)."""

    permission_required = "rating.discuss_entry"

    def get_permission_object(self):
        return self.round

    def get(self, request, pk, entry_pk):
        entry = get_object_or_404(self.round.entries.select_related("product"), pk=entry_pk)
        sheets = list(entry.score_sheets.select_related("seat__user").order_by("seat__pk"))
        parts = sorted({code for sheet in sheets for code in sheet.part_totals})
        rows = [(sheet, [sheet.part_totals.get(code) for code in parts]) for sheet in sheets]
        totals = [sheet.total for sheet in sheets if sheet.status == SheetStatus.SUBMITTED and not sheet.knocked_out]
        spread = max(totals) - min(totals) if totals else None
        context = {"round": self.round, "entry": entry, "parts": parts, "rows": rows, "spread": spread}
        return render(request, "rating/discussion.html", context)

    def post(self, request, pk, entry_pk):
        entry = get_object_or_404(self.round.entries.all(), pk=entry_pk)
        try:
            services.record_discussion(entry, user=request.user, note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("rating:round_detail", pk=pk)
