"""Every change to rounds, councils, entries and score sheets. Round status changes are in rating.workflow."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from products.enums import ProductStatus
from rating import scoring
from rating.enums import RoundStatus, SeatRole, SheetStatus
from rating.models import (
    Answer,
    Conflict,
    CouncilSeat,
    Criterion,
    Entry,
    Option,
    Round,
    RoundTransition,
    ScoreSheet,
    Sheet,
)


@transaction.atomic
def create_round(round_, *, user, note=""):
    round_.created_by = user
    round_.full_clean()
    round_.save()
    RoundTransition.objects.create(round=round_, from_status="", to_status=round_.status, actor=user, note=note)
    return round_


@transaction.atomic
def move_meeting(round_, *, day, user, note):
    """Move the council's meeting while the round is prepared (scoring starts no earlier than it). The change and
    its reason go to the round's audit history; the rule set must be in force on the new day."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say why the meeting is moved: the note is kept in the history."))
    current = _lock_round(round_, (RoundStatus.DRAFT, RoundStatus.ACCEPTING),
                          _("The meeting can be moved only while the round is being prepared."))  # fmt: skip
    if not current.rule_set.in_force_on(day):
        raise ValidationError(
            _("%(rule_set)s is not in force on %(day)s: a round keeps the rule set in force on its meeting date.")
            % {"rule_set": current.rule_set, "day": day.strftime("%d/%m/%Y")}
        )
    before = current.meeting_date
    current.meeting_date = day
    current._change_reason = (
        _("Meeting moved from %(before)s to %(after)s: %(note)s")
        % {"before": before.strftime("%d/%m/%Y") if before else "—", "after": day.strftime("%d/%m/%Y"), "note": note}
    )[:100]
    current._history_user = user
    current.save(update_fields=["meeting_date"])
    return current


def _lock_round(round_, allowed, message):
    current = Round.objects.select_for_update().get(pk=round_.pk)
    if current.status not in allowed:
        raise ValidationError(message, code="wrong_status")
    return current


@transaction.atomic
def eligible_members(round_):
    """People who may sit on the round's council: members of its unit, of the units above and below it,
    and of their agencies (a district council draws on the district's offices and the province's experts)."""
    path, above = round_.unit.path, round_.unit.ancestor_paths
    where = (
        Q(memberships__unit__path__startswith=path)
        | Q(memberships__unit__path__in=above)
        | Q(memberships__agency__unit__path__startswith=path)
        | Q(memberships__agency__unit__path__in=above)
    )
    # A membership that ended (its unit was abolished) seats nobody.
    return get_user_model().objects.filter(where, memberships__ended_at__isnull=True, is_active=True).distinct()


@transaction.atomic
def seat_member(round_, *, user, role):
    _lock_round(round_, (RoundStatus.DRAFT, RoundStatus.ACCEPTING), _("The council is fixed once scoring starts."))
    if not eligible_members(round_).filter(pk=user.pk).exists():
        raise ValidationError(_("This person does not work in the round's area."))
    if CouncilSeat.objects.filter(round=round_, user=user).exists():
        raise ValidationError(_("This person already sits on the council."))
    if role == SeatRole.CHAIR and CouncilSeat.objects.filter(round=round_, role=SeatRole.CHAIR).exists():
        raise ValidationError(_("The council already has a chair."))
    return CouncilSeat.objects.create(round=round_, user=user, role=role)


def council_size_warning(round_, seats=None):
    """A message when the council's size is outside the rule set's range for the level (a warning only)."""
    size = len(seats) if seats is not None else round_.seats.count()
    limits = round_.rule_set.council_range(round_.level)
    if limits and not (limits[0] <= size <= limits[1]):
        return _("The council has %(size)d members; the rule set expects %(low)d to %(high)d at this level.") % {
            "size": size, "low": limits[0], "high": limits[1],
        }  # fmt: skip
    return ""


def sheet_for(round_, product_set):
    sheet = Sheet.objects.filter(rule_set_id=round_.rule_set.sheets_rule_set_id, product_set=product_set).first()
    if sheet is None:
        raise ValidationError(
            _("The rule set %(rule_set)s has no scoring sheet for %(set)s.")
            % {"rule_set": round_.rule_set, "set": product_set}
        )
    return sheet


def entry_set(round_, product, product_set=None):
    """The product set an entry is scored on: within the round's classification. A product registered under another
    classification (a 1048 set in a 148 round) keeps its set and is entered on one chosen within the round's."""
    scheme = round_.rule_set.classification
    chosen = product_set or product.product_set
    if chosen.scheme != scheme:
        if product_set is not None:
            raise ValidationError(_("Choose a product set of the classification %(scheme)s.") % {"scheme": scheme})
        raise ValidationError(
            _("%(product)s is registered in a set of %(old)s; choose its set under %(scheme)s.")
            % {"product": product, "old": chosen.scheme, "scheme": scheme}
        )
    return chosen


@transaction.atomic
def add_entry(round_, *, product, forwarded_from=None, product_set=None):
    _lock_round(round_, (RoundStatus.DRAFT, RoundStatus.ACCEPTING), _("Entries are added before scoring starts."))
    if forwarded_from is None and product.status != ProductStatus.READY:
        raise ValidationError(_("Only products ready for rating can enter a round."))
    if Entry.objects.filter(round=round_, product=product).exists():
        raise ValidationError(_("This product is already an entry of the round."))
    if forwarded_from is not None and product_set is None:
        product_set = forwarded_from.product_set
    # A set without its sheet may enter: scoring cannot start until the sheet is loaded (workflow.missing_sheets).
    return Entry.objects.create(round=round_, product=product, product_set=entry_set(round_, product, product_set),
                                forwarded_from=forwarded_from)  # fmt: skip


@transaction.atomic
def declare_conflict(seat, entry, *, note=""):
    """A member who declares a conflict does not score the entry; a sheet once submitted cannot be withdrawn."""
    _lock_round(entry.round, (RoundStatus.DRAFT, RoundStatus.ACCEPTING, RoundStatus.SCORING),
                _("The round is closed."))  # fmt: skip
    sheet = ScoreSheet.objects.select_for_update(of=("self",)).filter(seat=seat, entry=entry).first()
    if sheet is not None and sheet.submitted_at is not None:
        raise ValidationError(_("A submitted sheet cannot be withdrawn by a conflict."))
    if sheet is not None:
        sheet.delete()
    conflict = Conflict.objects.get_or_create(seat=seat, entry=entry, defaults={"note": note})[0]
    recompute_entry(entry)
    return conflict


# A scoring sheet's criteria with their parts, groups and options, per sheet, kept by each process when
# RATING_KEEP_CRITERIA: a sheet's criteria never change (loading or importing a rule set makes new sheets, and the
# admin shows sheets read-only; PostgreSQL never gives a removed sheet's key again, and this process forgets what it
# kept when it loads sheets itself), and reading and building them was a third of a score sheet page's time.
_KEPT_CRITERIA = {}
KEPT_SHEETS = 100


def criteria_of(sheet):
    keep = settings.RATING_KEEP_CRITERIA
    if keep and sheet.pk in _KEPT_CRITERIA:
        return _KEPT_CRITERIA[sheet.pk]
    criteria = list(
        Criterion.objects.filter(sheet=sheet)
        .select_related("group__part")
        .prefetch_related("options")
        .order_by("order")
    )
    if keep:
        if len(_KEPT_CRITERIA) >= KEPT_SHEETS:
            _KEPT_CRITERIA.clear()
        _KEPT_CRITERIA[sheet.pk] = criteria
    return criteria


def forget_kept_criteria():
    """This process's kept criteria are dropped (a rule set was loaded or imported)."""
    _KEPT_CRITERIA.clear()


def chosen_of(score_sheet, criteria):
    """The stored answers as evaluate() wants them: an option, or a list for "multiple" criteria. The options are
    those of `criteria` (already loaded); only the answers' keys are read."""
    multiple = {c.pk for c in criteria if c.selection == "multiple"}
    options = {option.pk: option for criterion in criteria for option in criterion.options.all()}
    answers = list(score_sheet.answers.values_list("criterion_id", "option_id"))
    strays = {option_id for _criterion, option_id in answers if option_id not in options}
    if strays:  # not an option of these criteria (never so through save_answers): read them as they are
        options.update(Option.objects.in_bulk(strays))
    chosen = {}
    for criterion_id, option_id in answers:
        if criterion_id in multiple:
            chosen.setdefault(criterion_id, []).append(options[option_id])
        else:
            chosen[criterion_id] = options[option_id]
    return chosen


@transaction.atomic
def save_answers(score_sheet, *, chosen, knocked_out=False, knockout_reason="", criteria=None, stops=()):
    """Store a member's draft: {criterion id: option}. Returns the sheet's SheetScore."""
    sheet = ScoreSheet.objects.select_for_update(of=("self",)).get(pk=score_sheet.pk)
    if sheet.status == SheetStatus.SUBMITTED:
        raise ValidationError(_("This sheet is submitted and can no longer change."))
    if sheet.entry.round.status != RoundStatus.SCORING:
        raise ValidationError(_("The round is not open for scoring."))
    criteria = criteria if criteria is not None else criteria_of(sheet_for(sheet.entry.round, sheet.entry.product_set))
    score = scoring.evaluate(criteria, chosen, stops)
    if knocked_out and not chosen:  # ticking "eliminated" keeps the answers given so far
        chosen = chosen_of(sheet, criteria)
        score = scoring.evaluate(criteria, chosen, stops)
    Answer.objects.filter(sheet=sheet).delete()
    answers = []
    for criterion in criteria:
        picked = chosen.get(criterion.pk)
        for option in picked if isinstance(picked, list) else [picked] if picked else []:
            answers.append(Answer(sheet=sheet, criterion_id=criterion.pk, option=option))
    Answer.objects.bulk_create(answers)
    sheet.total = score.total
    sheet.part_totals = {code: str(points) for code, points in score.parts.items()}
    sheet.knocked_out = knocked_out
    sheet.knockout_reason = knockout_reason if knocked_out else ""
    sheet.stops = sorted(stops)
    sheet.save(update_fields=["total", "part_totals", "knocked_out", "knockout_reason", "stops", "updated_at"])
    return score


@transaction.atomic
def submit_sheet(score_sheet, *, criteria=None):
    sheet = (
        ScoreSheet.objects.select_for_update(of=("self",))
        .select_related("entry__round__rule_set")
        .get(pk=score_sheet.pk)
    )
    if sheet.status == SheetStatus.SUBMITTED:
        raise ValidationError(_("This sheet is already submitted."))
    if sheet.entry.round.status != RoundStatus.SCORING:
        raise ValidationError(_("The round is not open for scoring."))
    if not sheet.knocked_out:
        criteria = (
            criteria if criteria is not None else criteria_of(sheet_for(sheet.entry.round, sheet.entry.product_set))
        )
        score = scoring.evaluate(criteria, chosen_of(sheet, criteria), sheet.stops)
        if not score.complete:
            numbers = ", ".join(c.number for c in score.missing)
            raise ValidationError(_("Answer every criterion before submitting: %(numbers)s.") % {"numbers": numbers})
    elif not sheet.knockout_reason.strip():
        raise ValidationError(_("Say why the product is eliminated."))
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.save(update_fields=["status", "submitted_at"])
    recompute_entry(sheet.entry)
    return sheet


@transaction.atomic
def reopen_sheet(score_sheet):
    """Before the chair records the discussion of a flagged entry, members may score it again."""
    sheet = ScoreSheet.objects.select_for_update(of=("self",)).select_related("entry__round").get(pk=score_sheet.pk)
    entry = sheet.entry
    if entry.round.status != RoundStatus.SCORING or not is_flagged(entry) or entry.discussed_at:
        raise ValidationError(_("Only the sheets of a flagged entry, before its discussion is recorded, reopen."))
    sheet.status = SheetStatus.DRAFT  # submitted_at stays: the sheet was submitted once and cannot be withdrawn
    sheet.save(update_fields=["status"])
    recompute_entry(entry)
    return sheet


def recompute_entry(entry):
    """The entry's results from its submitted sheets: exact sums, spread, knock-out by majority, stars."""
    entry = Entry.objects.select_for_update(of=("self",)).select_related("round__rule_set").get(pk=entry.pk)
    sheets = list(ScoreSheet.objects.filter(entry=entry, status=SheetStatus.SUBMITTED))
    scored = [s for s in sheets if not s.knocked_out]
    knocked = [s for s in sheets if s.knocked_out]
    entry.knocked_out = bool(sheets) and len(knocked) * 2 > len(sheets)
    entry.knockout_votes = len(knocked)
    entry.knockout_reason = "; ".join(dict.fromkeys(s.knockout_reason for s in knocked)) if entry.knocked_out else ""
    entry.sheet_count = len(scored)
    entry.score_sum = sum((s.total for s in scored), Decimal("0"))
    parts = {}
    for s in scored:
        for code, points in s.part_totals.items():
            parts[code] = str(Decimal(parts.get(code, "0")) + Decimal(points))
    entry.part_sums = parts
    entry.lowest_total = min((s.total for s in scored), default=None)
    entry.highest_total = max((s.total for s in scored), default=None)
    mean = scoring.average(entry.score_sum, entry.sheet_count)
    entry.stars = None if entry.knocked_out else scoring.stars_for(entry.round.rule_set, mean)
    entry.save()
    return entry


def is_flagged(entry):
    """Members' totals too far apart, or members split on eliminating the product: the council discusses it."""
    split_knockout = 0 < entry.knockout_votes < entry.knockout_votes + entry.sheet_count
    return split_knockout or scoring.spread_flag(entry.round.rule_set, entry.lowest_total, entry.highest_total)


def all_sheets_in(entry):
    return not ScoreSheet.objects.filter(entry=entry).exclude(status=SheetStatus.SUBMITTED).exists()


@transaction.atomic
def record_discussion(entry, *, user, note):
    if not note.strip():
        raise ValidationError(_("Write what the council concluded."))
    entry = Entry.objects.select_for_update(of=("self",)).select_related("round__rule_set").get(pk=entry.pk)
    if entry.round.status != RoundStatus.SCORING or not is_flagged(entry) or not all_sheets_in(entry):
        raise ValidationError(_("A discussion is recorded for a flagged entry once all its sheets are submitted."))
    entry.discussed_by, entry.discussed_at, entry.discussion_note = user, timezone.now(), note.strip()
    entry.save(update_fields=["discussed_by", "discussed_at", "discussion_note"])
    return entry


@transaction.atomic
def record_checks(entry, *, dossier_checked, samples_arrived):
    _lock_round(
        entry.round, (RoundStatus.DRAFT, RoundStatus.ACCEPTING), _("Entries are checked before scoring starts.")
    )
    entry.dossier_checked, entry.samples_arrived = dossier_checked, samples_arrived
    entry.save(update_fields=["dossier_checked", "samples_arrived"])  # through save(): kept in the history
