"""Demo rating: Long Mỹ's 2020 district round (closed, published, scored by a seated council) and the
province round that follows, with certificates. Built through the services and the round workflow, as
the office and the council would, so history, sheets and results are real. Idempotent.

The council's totals reproduce the Long Mỹ 2020 results: trà mãng cầu 74.5 (4★), mật ong Hương Tràm 60.5 (3★).
"""

from datetime import date
from decimal import Decimal
from itertools import zip_longest

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from org import services as org_services
from org.enums import Role
from org.models import AdministrativeUnit, Agency
from products.models import Product
from rating import scoring, services, workflow
from rating.enums import RoundLevel, SeatRole
from rating.models import Round, RuleSet, ScoreSheet

# username, full name, agency short name (None: an existing demo account), seat role
DISTRICT_COUNCIL = [
    ("lanhdao.longmy", None, None, SeatRole.CHAIR),
    ("hoidong.nnptnt", "Ngô Văn Bình", "Phòng NN&PTNT", SeatRole.VICE_CHAIR),
    ("coquan.ktht", None, None, SeatRole.MEMBER),
    ("hoidong.yte", "Châu Thị Ngọc", "Phòng YT", SeatRole.MEMBER),
    ("hoidong.tckh", "Lý Minh Khoa", "Phòng TC-KH", SeatRole.MEMBER),
    ("hoidong.vhtt", "Trịnh Thu Hà", "Phòng VH&TT", SeatRole.SECRETARY),
]
# Each member's total, in council order: averages 74.5 and 60.5 as the council gave them on 21/10/2020.
DISTRICT_TOTALS = {
    "Trà mãng cầu Phụng Phát": [74, 75, 74, 75, 75, 74],
    "Mật ong Hương Tràm": [60, 61, 61, 60, 60, 61],
}


def choose_for_total(criteria, target):
    """Options that add up to `target` on a sheet: start from the best answers and lower them one step at a
    time, taking turns across the parts, never to nothing where nothing would stop the sheet or drop the story."""
    target = Decimal(target)
    options = {c.pk: sorted(c.options.all(), key=lambda o: o.points) for c in criteria}
    chosen = {c.pk: (options[c.pk] if c.selection == "multiple" else options[c.pk][-1]) for c in criteria}
    guarded = {c.number for c in criteria if c.stops_if_zero} | {c.applies_if_criterion for c in criteria}
    by_part = {}
    for criterion in criteria:
        by_part.setdefault(criterion.group.part.code, []).append(criterion)
    turns = [c for row in zip_longest(*by_part.values()) for c in row if c is not None]

    def lowered(criterion):
        current = chosen[criterion.pk]
        if criterion.selection == "multiple":
            return current[:-1] if current else None
        below = [o for o in options[criterion.pk] if o.points < current.points]
        if criterion.number in guarded:
            below = [o for o in below if o.points > 0]
        return below[-1] if below else None

    total = scoring.evaluate(criteria, chosen).total
    while total > target:
        moved = False
        for criterion in turns:
            step = lowered(criterion)
            if step is None:
                continue
            trial = scoring.evaluate(criteria, {**chosen, criterion.pk: step}).total
            if trial >= target:
                chosen[criterion.pk], total, moved = step, trial, True
            if total == target:
                break
        if not moved:
            raise ValueError(f"cannot reach {target} on this sheet")
    return chosen


def council_accounts(password, unit, council):
    """The council's members: existing demo accounts, and agency staff made for the demo. Idempotent."""
    User = get_user_model()
    members, made = [], []
    for username, full_name, agency_short, role in council:
        if full_name is None:
            user = User.objects.get(username=username)
        else:
            user, created = org_services.ensure_user(username=username, password=password, full_name=full_name)
            agency = Agency.objects.get(unit=unit, short_name=agency_short)
            membership = org_services.ensure_membership(user=user, role=Role.AGENCY_STAFF, agency=agency)
            made.append((user.username, created, str(_("Council member")), str(membership.place)))
        members.append((user, role))
    return members, made


def _score(round_, totals):
    seats = list(round_.seats.order_by("pk"))
    for entry in round_.entries.select_related("product"):
        criteria = services.criteria_of(services.sheet_for(round_, entry.product_set))
        for seat, total in zip(seats, totals[entry.product.name], strict=True):
            sheet = ScoreSheet.objects.get(entry=entry, seat=seat)
            services.save_answers(sheet, chosen=choose_for_total(criteria, total), criteria=criteria)
            services.submit_sheet(sheet, criteria=criteria)


def seed_rating(password):
    """Returns [(username, created, role, place)] of the council accounts (made now or before)."""
    User = get_user_model()
    officer = User.objects.get(username="huyen.longmy")
    long_my = AdministrativeUnit.objects.get(code="936")
    members, accounts = council_accounts(password, long_my, DISTRICT_COUNCIL)
    if Round.objects.filter(level=RoundLevel.DISTRICT, unit=long_my, year=2020, number=1).exists():
        return accounts
    round_ = services.create_round(
        Round(level=RoundLevel.DISTRICT, unit=long_my, year=2020, number=1, meeting_date=date(2020, 10, 21),
              rule_set=RuleSet.objects.get(code="1048/QĐ-TTg")),
        user=officer,
    )  # fmt: skip
    for user, role in members:
        services.seat_member(round_, user=user, role=role)
    workflow.apply(round_, "open", user=officer)
    for name in DISTRICT_TOTALS:
        services.add_entry(round_, product=Product.objects.get(name=name))
    workflow.apply(round_, "start_scoring", user=officer)
    _score(round_, DISTRICT_TOTALS)
    workflow.apply(round_, "close", user=User.objects.get(username="lanhdao.longmy"))
    workflow.apply(round_, "publish", user=officer)
    return accounts
