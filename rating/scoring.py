"""How a sheet adds up: pure functions over the criteria of a sheet and a member's chosen options.

- A criterion with `applies_if_criterion` is scored only when that criterion got at least
  `applies_if_min_points` (any points when unset); otherwise it is skipped.
- A criterion with a stop condition (`stops_if_zero`) whose condition the member says holds (its number in
  `stops`) skips every criterion after it.
- Averages stay exact (Fraction of the sum over the number of sheets); stars follow the rule set's bands.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction


@dataclass
class SheetScore:
    total: Decimal = Decimal("0")
    parts: dict = field(default_factory=dict)
    skipped: set = field(default_factory=set)  # criterion numbers not scored on this sheet
    missing: list = field(default_factory=list)  # applicable criteria without an answer

    @property
    def complete(self):
        return not self.missing


def evaluate(criteria, chosen, stops=()):
    """criteria: the sheet's criteria in order, each with `.group.part.code`; chosen: {criterion id: option}, or
    {criterion id: [options]} for a criterion whose selection is "multiple"."""
    score = SheetScore()
    points = {}
    stopped = False
    for criterion in criteria:
        part = criterion.group.part.code
        score.parts.setdefault(part, Decimal("0"))
        if stopped or not _applies(criterion, points):
            score.skipped.add(criterion.number)
            continue
        picked = chosen.get(criterion.pk)
        if criterion.selection == "multiple":  # every item that applies is ticked; none ticked is 0 points
            got = min(sum((o.points for o in picked or []), Decimal("0")), criterion.max_points)
        elif picked is None:
            score.missing.append(criterion)
            continue
        else:
            got = picked.points
        points[criterion.number] = got
        score.parts[part] += got
        score.total += got
        if criterion.stops_if_zero and criterion.number in stops:
            stopped = True
    return score


def _applies(criterion, points):
    if not criterion.applies_if_criterion:
        return True
    earlier = points.get(criterion.applies_if_criterion)
    if earlier is None:
        return False
    if criterion.applies_if_min_points is None:
        return earlier > 0
    return earlier >= criterion.applies_if_min_points


def average(score_sum, count):
    """The exact average of the members' totals (None without sheets)."""
    if not count:
        return None
    return Fraction(Decimal(score_sum)) / count


def stars_for(rule_set, score):
    return None if score is None else rule_set.stars_for(score)


def spread_flag(rule_set, lowest, highest):
    return lowest is not None and highest is not None and (highest - lowest) > rule_set.spread_limit


def shown(score, places=1):
    """An exact average as shown: one decimal, half up (74.45 → 74.5)."""
    if score is None:
        return None
    value = Decimal(score.numerator) / Decimal(score.denominator)
    return value.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")
