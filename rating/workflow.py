"""The round's workflow: draft → accepting entries → scoring → closed (results locked) → published.

The organiser (the OCOP office of the round's unit; for a commune round, the commune's official too) moves
the round on, except closing, which is the council chair's. Each step writes a RoundTransition row.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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


TRANSITIONS = {
    t.action: t
    for t in [
        Transition("open", S.DRAFT, S.ACCEPTING, ORGANISER, _("Open for entries")),
        Transition("start_scoring", S.ACCEPTING, S.SCORING, ORGANISER, _("Start scoring"),
                   checks=(_needs_entries_and_council,)),
        Transition("close", S.SCORING, S.CLOSED, CHAIR, _("Close the round and lock the results"), "warning",
                   checks=(_all_sheets_in,)),
        Transition("publish", S.CLOSED, S.PUBLISHED, ORGANISER, _("Publish the results"), "success"),
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


@transaction.atomic
def apply(round_, action, *, user, note=""):
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError(_("Unknown action."))
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if not is_on_side(user, round_, transition.side):
        raise PermissionDenied
    if round_.status != transition.source:
        raise ValidationError(
            _("This action is not possible while the round is “%(status)s”.") % {"status": round_.get_status_display()}
        )
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
