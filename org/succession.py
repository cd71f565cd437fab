"""The heritage of reorganised units: who carries on whose area.

When a unit ends and a successor carries on its area (org.models.Succession), whoever holds the successor sees the
records the predecessor kept: closed rounds, certificates, plans, reports stay on their old units and paths. The
paths a unit inherits are worked out here once per reorganisation and stored on the unit (`inherited_own`,
`inherited_below`), so the scope (org.selectors._scope_paths) reads them with the membership's unit at no cost.

- `inherited_own` of U: the paths of every unit whose chain of successors reaches U (A → B → U gives A and B);
- `inherited_below` of U: the same for U and every unit below U (what a subtree role at U inherits).
A predecessor's whole subtree is inherited: the successor of a province sees its old districts and communes.
"""

from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.db.models import Q

from org.models import AdministrativeUnit, Succession


def _closure(links):
    """{successor pk: set of predecessor pks whose chain reaches it}."""
    direct = defaultdict(set)
    for predecessor, successor in links:
        direct[successor].add(predecessor)
    reach = {}

    def walk(unit, seen):
        if unit in reach:
            return reach[unit]
        found = set()
        for predecessor in direct.get(unit, ()):
            if predecessor in seen:  # a cycle in the data: stop rather than loop
                continue
            found.add(predecessor)
            found |= walk(predecessor, seen | {predecessor})
        reach[unit] = found
        return found

    return {unit: walk(unit, {unit}) for unit in list(direct)}


@transaction.atomic
def refresh_inheritance():
    """Work out every unit's inherited paths again from all successions; save the units whose paths changed."""
    links = list(Succession.objects.values_list("predecessor_id", "successor_id"))
    closure = _closure(links)
    involved = set(closure) | {pk for pks in closure.values() for pk in pks}
    paths = dict(AdministrativeUnit.objects.filter(pk__in=involved).values_list("pk", "path"))
    own = {pk: sorted({paths[p] for p in pks}) for pk, pks in closure.items()}
    below = defaultdict(set)
    for unit_pk, inherited in own.items():
        for ancestor in _with_ancestors(paths[unit_pk]):
            below[ancestor] |= set(inherited)
    by_path = dict(AdministrativeUnit.objects.filter(path__in=list(below)).values_list("path", "pk"))
    wanted = {pk: (own.get(pk, []), sorted(below.get(path, ()))) for path, pk in by_path.items()}
    stale = AdministrativeUnit.objects.exclude(pk__in=list(wanted)).exclude(inherited_own=[], inherited_below=[])
    changed = []
    for unit in [*AdministrativeUnit.objects.filter(pk__in=list(wanted)), *stale]:
        new_own, new_below = wanted.get(unit.pk, ([], []))
        if unit.inherited_own != new_own or unit.inherited_below != new_below:
            unit.inherited_own, unit.inherited_below = new_own, new_below
            changed.append(unit)
    AdministrativeUnit.objects.bulk_update(changed, ["inherited_own", "inherited_below"])
    return len(changed)


def _with_ancestors(path):
    codes = path.strip("/").split("/")
    return ["/" + "/".join(codes[:depth]) + "/" for depth in range(1, len(codes) + 1)]


def _first_reorganisation_after(moment):
    day = moment.date() if hasattr(moment, "date") else moment
    return Succession.objects.filter(effective_on__gt=day).order_by("recorded_at").first()


def units_then(model, unit_path, moment, field="commune"):
    """{pk: unit id} of the rows of `model` (a model with audit history) whose `field` unit lay under `unit_path` as
    the records stood before the first reorganisation that took effect after `moment`; None when none did (then the
    rows' units now are their units then, and a plain filter serves).

    A reorganisation moves producers and open products to their successor communes; a report for a period before it
    must count them where they were: history stays as it happened. The cut is the moment the reorganisation was
    recorded (its moves are recorded then), not its effective date: records are often entered after the fact."""
    first = _first_reorganisation_after(moment)
    if first is None:
        return None
    before = first.recorded_at - timedelta(microseconds=1)
    under = {f"{field}__path__startswith": unit_path}
    found = {row.pk: getattr(row, f"{field}_id") for row in model.history.as_of(before).filter(**under)}
    # Rows first recorded after the cut (entered later, e.g. backdated) were never moved: they are where they are.
    recorded_before = model.history.filter(history_date__lte=before).values("id")
    later = model.objects.filter(**under).exclude(pk__in=recorded_before).values_list("pk", f"{field}_id")
    found.update(later)
    return found


def where_then(model, unit_path, moment, field="commune"):
    """A Q for the rows of `model` whose `field` unit lay under `unit_path` at `moment` (see units_then)."""
    from django.db.models import Q

    then = units_then(model, unit_path, moment, field)
    if then is None:
        return Q(**{f"{field}__path__startswith": unit_path})
    return Q(pk__in=list(then))


def in_or_after(unit, field="commune"):
    """A Q for rows whose `field` unit is `unit` or one that carries on its area (a direct successor): where a row of
    a reorganised unit is found once it has moved."""
    return Q(**{field: unit}) | Q(**{f"{field}__predecessors": unit})
