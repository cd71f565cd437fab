"""Applying a checked reorganisation, all of it in one transaction or nothing.

New units are created (a new province first, its communes directly under it); each former unit ends the day before
the effective date and gets its successors; producers and open products move to the successor commune with a
history entry naming the legal basis; the memberships of the ended units end and are listed for reassignment.
The file is checked again inside the transaction, so what is applied is what was found then, and a file applied
before changes nothing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.bodies import ensure_body_names
from org.enums import KIND_LEVEL, Level
from org.models import AdministrativeUnit, BodyName, Succession
from org.reorganisation.checks import DAY, plan
from org.succession import refresh_inheritance

REASON_LENGTH = 100  # simple_history's history_change_reason


class ReorganisationRefused(ValidationError):
    """The file has problems: nothing was saved. `problems` lists them by row and column."""

    def __init__(self, problems):
        super().__init__([str(problem) for problem in problems])
        self.problems = problems


def reason(legal_basis):
    text = _("Moved by reorganisation: %(basis)s") % {"basis": legal_basis or "—"}
    return text[:REASON_LENGTH]


@transaction.atomic
def apply(parsed, *, user=None, within=None):
    """Apply the parsed file; return the Preview of what was done. Raises ReorganisationRefused, saving nothing."""
    preview = plan(parsed, within)
    if preview.problems:
        raise ReorganisationRefused(preview.problems)
    units = {}
    # Provinces before what lies under them.
    for new in sorted(preview.creates, key=lambda n: KIND_LEVEL[n.kind]):
        parent = None
        if new.parent_code:
            parent = units.get(new.parent_code) or AdministrativeUnit.objects.get(code=new.parent_code)
        unit = AdministrativeUnit(
            code=new.code,
            name=new.name,
            kind=new.kind,
            parent=parent,
            valid_from=new.valid_from,
            legal_basis=new.legal_basis,
        )
        unit.full_clean()
        unit.save()
        units[unit.code] = unit
    codes = {link.successor_code for link in preview.links} | {m.new_code for m in preview.producers}
    units.update({u.code: u for u in AdministrativeUnit.objects.filter(code__in=codes - set(units))})
    for link in preview.links:
        Succession.objects.create(
            predecessor=link.predecessor,
            successor=units[link.successor_code],
            effective_on=link.effective_on,
            legal_basis=link.legal_basis,
            note=link.note,
            recorded_by=user,
        )
    for end in preview.ends:
        unit = end.predecessor
        unit.valid_until, unit.ended_by = end.effective_on - DAY, end.legal_basis
        unit.save(update_fields=["valid_until", "ended_by"])
        # Its bodies (People's Committee, Sở) end with it.
        BodyName.objects.filter(unit=unit, valid_until__isnull=True).update(valid_until=unit.valid_until)
    bases = {link.predecessor.pk: link.legal_basis for link in preview.ends}
    bases.update({link.predecessor.pk: link.legal_basis for link in preview.links})
    for move in [*preview.producers, *preview.products]:
        record = move.record
        record.commune = units[move.new_code]
        record._change_reason = reason(bases.get(move.old.pk, ""))
        record._history_user = user
        record.save(update_fields=["commune", "updated_at"])
    now = timezone.now()
    for membership in preview.memberships:
        membership.ended_at = now
        membership.save(update_fields=["ended_at"])
    if preview.links:
        refresh_inheritance()
    ensure_body_names([u for u in units.values() if u.level in (Level.PROVINCE, Level.DISTRICT)])
    return preview
