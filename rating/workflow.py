"""The round's workflow: draft → accepting entries → scoring → closed (results locked) → published.

The organiser (the OCOP office of the round's unit; for a commune round, the commune's official too) moves
the round on, except closing, which is the council chair's. Each step writes a RoundTransition row.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.enums import Role
from org.rules import manages_unit
from org.selectors import path_in_scope
from rating import services
from rating.enums import RoundStatus as S
from rating.enums import SeatRole, SheetStatus
from rating.models import Conflict, Round, RoundTransition, ScoreSheet

ORGANISER = "organiser"
CHAIR = "chair"


def organises(user, round_):
    unit = round_.unit
    return manages_unit(user, unit) or path_in_scope(user, unit.path, roles=(Role.COMMUNE_OFFICIAL,))


def chairs(user, round_):
    return any(seat.user_id == user.pk and seat.role == SeatRole.CHAIR for seat in round_.seats.all())


def _needs_entries_and_council(round_):
    if not round_.entries.exists():
        return _("Add at least one entry first.")
    if not round_.seats.exists():
        return _("Seat the council first.")
    if round_.seats.filter(role=SeatRole.CHAIR).count() != 1:
        return _("The council needs its chair: the chair closes the round.")
    return None


def missing_sheets(round_):
    """The product sets of the round's entries that its rule set has no scoring sheet for."""
    from rating.models import Sheet  # the catalogue; imported here to keep the workflow's imports to rounds

    having = Sheet.objects.filter(rule_set_id=round_.rule_set.sheets_rule_set_id).values("product_set_id")
    return [
        entry.product_set
        for entry in round_.entries.exclude(product_set_id__in=having)
        .select_related("product_set")
        .order_by("product_set__number")
    ]


def _sheets_loaded(round_):
    missing = {product_set.pk: product_set for product_set in missing_sheets(round_)}
    if missing:
        return _(
            "The rule set %(rule_set)s has no scoring sheet for: %(sets)s. A system administrator loads them from the "
            "official copy on the rule set's page (Administration → Rule sets → Import, or manage.py criteria import)."
        ) % {"rule_set": round_.rule_set, "sets": "; ".join(str(s) for s in missing.values())}
    return None


def _meeting_has_come(round_):
    """The council scores at its meeting: not before the round's meeting date (a meeting brought forward is moved in
    the round first, which its history keeps)."""
    if round_.meeting_date and timezone.localdate() < round_.meeting_date:
        return _("The council meets on %(day)s: scoring starts and the round closes no earlier. If the meeting was "
                 "brought forward, change the round's meeting date first.") % {
            "day": round_.meeting_date.strftime("%d/%m/%Y")}  # fmt: skip
    return None


def _advisory_check_done(round_):
    """Where the province has an advisory team check every dossier before its council scores (QĐ 1489 leaves it to
    the province: ProvinceProcedure), every entry's dossier must be ticked as checked."""
    from rating.models import ProvinceProcedure

    procedure = ProvinceProcedure.objects.filter(province__code=round_.unit.top_code).first()
    if procedure is None or not procedure.advisory_check:
        return None
    unchecked = [str(entry.product) for entry in round_.entries.filter(dossier_checked=False).select_related("product")]
    if unchecked:
        return _("The province's advisory team checks every dossier before the council scores; not yet checked: "
                 "%(names)s.") % {"names": ", ".join(unchecked)}  # fmt: skip
    return None


def _all_sheets_in(round_):
    expected = _expected_sheets(round_)
    submitted = set(
        ScoreSheet.objects.filter(entry__round=round_, status=SheetStatus.SUBMITTED).values_list("entry_id", "seat_id")
    )
    if {entry_id for entry_id, _seat in expected} != set(round_.entries.values_list("pk", flat=True)):
        return _("An entry has nobody left to score it: every member declared a conflict.")
    missing = len(expected - submitted)
    if missing:
        return _("%(count)d score sheets are not submitted yet.") % {"count": missing}
    undiscussed = [e for e in round_.entries.all() if services.is_flagged(e) and not e.discussed_at]
    if undiscussed:
        names = ", ".join(str(e.product) for e in undiscussed)
        return _("The chair must first record the discussion of: %(names)s.") % {"names": names}
    return None


def _expected_sheets(round_):
    conflicts = set(Conflict.objects.filter(entry__round=round_).values_list("entry_id", "seat_id"))
    seat_ids = list(round_.seats.values_list("pk", flat=True))
    return {
        (entry_id, seat_id) for entry_id in round_.entries.values_list("pk", flat=True) for seat_id in seat_ids
    } - conflicts


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    side: str
    label: str
    style: str = "primary"
    checks: tuple = field(default=())
    confirm: str = ""  # what cannot be undone, said before the action is taken
    note_required: bool = False


CANCEL_WARNING = _(
    "A cancelled round cannot be reopened: it is kept with its history but leaves the working lists, and its "
    "products can be entered in another round. Say why it is cancelled."
)

TRANSITIONS = {
    (t.action, t.source): t
    for t in [
        Transition("open", S.DRAFT, S.ACCEPTING, ORGANISER, _("Open for entries")),
        Transition("start_scoring", S.ACCEPTING, S.SCORING, ORGANISER, _("Start scoring"),
                   checks=(_needs_entries_and_council, _sheets_loaded, _advisory_check_done, _meeting_has_come)),
        Transition("close", S.SCORING, S.CLOSED, CHAIR, _("Close the round and lock the results"), "warning",
                   checks=(_meeting_has_come, _all_sheets_in)),
        Transition("publish", S.CLOSED, S.PUBLISHED, ORGANISER, _("Publish the results"), "success"),
        Transition("cancel", S.DRAFT, S.CANCELLED, ORGANISER, _("Cancel the round"), "outline-danger",
                   confirm=CANCEL_WARNING, note_required=True),
        Transition("cancel", S.ACCEPTING, S.CANCELLED, ORGANISER, _("Cancel the round"), "outline-danger",
                   confirm=CANCEL_WARNING, note_required=True),
    ]
}  # fmt: skip


def is_on_side(user, round_, side):
    return organises(user, round_) if side == ORGANISER else chairs(user, round_)


def available_to(user, round_):
    return [t for t in TRANSITIONS.values() if t.source == round_.status and is_on_side(user, round_, t.side)]


def first_problem(round_, transition):
    for check in transition.checks:
        problem = check(round_)
        if problem:
            return problem
    return None


def label_of(action):
    return next(t.label for t in TRANSITIONS.values() if t.action == action)


@transaction.atomic
def apply(round_, action, *, user, note=""):
    if not any(t.action == action for t in TRANSITIONS.values()):
        raise ValidationError(_("Unknown action."))
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    transition = TRANSITIONS.get((action, round_.status)) or next(t for t in TRANSITIONS.values() if t.action == action)
    if not is_on_side(user, round_, transition.side):
        raise PermissionDenied
    if round_.status != transition.source:
        raise ValidationError(
            _("This action is not possible while the round is “%(status)s”.") % {"status": round_.get_status_display()}
        )
    note = (note or "").strip()
    if transition.note_required and not note:
        raise ValidationError(_("Say why: the note is kept in the round's history."))
    problem = first_problem(round_, transition)
    if problem:
        raise ValidationError(problem)
    if transition.target == S.SCORING:
        _create_sheets(round_)
    source, round_.status = round_.status, transition.target
    round_.save(update_fields=["status"])
    RoundTransition.objects.create(round=round_, from_status=source, to_status=round_.status, actor=user, note=note)
    return round_


def _create_sheets(round_):
    existing = set(ScoreSheet.objects.filter(entry__round=round_).values_list("entry_id", "seat_id"))
    ScoreSheet.objects.bulk_create(
        [
            ScoreSheet(entry_id=entry_id, seat_id=seat_id)
            for entry_id, seat_id in sorted(_expected_sheets(round_) - existing)
        ]
    )
