"""Demo rating: Long Mỹ's 2020 district round (closed, published, scored by a seated council), the
province round that follows with its certificates, and a re-rating three years before today but no later than
QĐ 1048's last day (today's expiring certificate comes from the city's register, rating.demo_today). Built
through the services and the round workflow, as the office and the council would, so history, sheets and results
are real. Idempotent.

The council's totals reproduce the Long Mỹ 2020 results: trà mãng cầu 74.5 (4★), mật ong Hương Tràm 60.5 (3★).
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import zip_longest

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org import services as org_services
from org.enums import Role
from org.models import AdministrativeUnit, Agency
from products.models import Product
from rating import certificates, scoring, selectors, services, workflow
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


PROVINCE_AGENCIES = [
    ("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"),
    ("Sở Công Thương", "Sở CT"),
    ("Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT&DL"),
    ("Sở Y tế", "Sở YT"),
    ("Văn phòng Điều phối nông thôn mới tỉnh", "VPĐP NTM"),
]
PROVINCE_COUNCIL = [
    ("hdt.chutich", "Huỳnh Thanh Sơn", None, SeatRole.CHAIR),  # a leader of the provincial People's Committee
    ("hdt.nnptnt", "Mai Văn Lộc", "Sở NN&PTNT", SeatRole.VICE_CHAIR),
    ("hdt.congthuong", "Tô Thị Hạnh", "Sở CT", SeatRole.MEMBER),
    ("hdt.khcn", "Quách Văn Tài", "Sở KH&CN", SeatRole.MEMBER),
    ("hdt.vhttdl", "La Thị Yến", "Sở VH-TT&DL", SeatRole.MEMBER),
    ("hdt.yte", "Kiều Văn Phúc", "Sở YT", SeatRole.MEMBER),
    ("hdt.vpdp", "Vương Thị Thảo", "VPĐP NTM", SeatRole.MEMBER),
    ("hdt.chatluong", "Hà Minh Trí", "Sở NN&PTNT", SeatRole.MEMBER),
    ("tinh.haugiang", None, None, SeatRole.SECRETARY),
]
PROVINCE_TOTALS = {
    "Trà mãng cầu Phụng Phát": [76, 75, 77, 76, 74, 78, 76, 75, 77],
    "Mật ong Hương Tràm": [62, 61, 63, 62, 60, 64, 62, 61, 63],
}


def province_accounts(password, province):
    for name, short in PROVINCE_AGENCIES:
        org_services.ensure_agency(unit=province, name=name, short_name=short)
    User = get_user_model()
    members, made = [], []
    for username, full_name, agency_short, role in PROVINCE_COUNCIL:
        if full_name is None:
            members.append((User.objects.get(username=username), role))
            continue
        user, created = org_services.ensure_user(username=username, password=password, full_name=full_name)
        if agency_short is None:
            membership = org_services.ensure_membership(user=user, role=Role.LEADERSHIP, unit=province)
        else:
            agency = Agency.objects.get(unit=province, short_name=agency_short)
            membership = org_services.ensure_membership(user=user, role=Role.AGENCY_STAFF, agency=agency)
        made.append((user.username, created, str(_("Council member")), str(membership.place)))
        members.append((user, role))
    return members, made


# Where each step of a round falls, in days from its meeting: prepared two weeks before, published three days after.
ROUND_STEPS = {"": -14, "draft": -14, "accepting": -10, "scoring": 0, "closed": 0, "published": 3}


def open_for_scoring(unit, level, year, meeting, members, officer, entries, number=1):
    """A round through its workflow up to scoring, as the office does it: created, the council seated, opened,
    the entries added with their dossiers checked and samples received, scoring started (the members' sheets
    made). entries: [(product, the entry it was forwarded from, or None)]."""
    round_ = services.create_round(
        Round(level=level, unit=unit, year=year, number=number, meeting_date=meeting,
              rule_set=RuleSet.objects.get(code="1048/QĐ-TTg")),
        user=officer,
    )  # fmt: skip
    for user, role in members:
        services.seat_member(round_, user=user, role=role)
    workflow.apply(round_, "open", user=officer)
    for product, forwarded_from in entries:
        entry = services.add_entry(round_, product=product, forwarded_from=forwarded_from)
        services.record_checks(entry, dossier_checked=True, samples_arrived=True)
    workflow.apply(round_, "start_scoring", user=officer)
    return round_


def date_around_meeting(round_, meeting, at):
    """The round's history happened around its meeting, not when the data was built: each transition moved to
    its ROUND_STEPS day; at(day, n) is the moment of the round's n-th transition on that day."""
    for index, step in enumerate(round_.transitions.order_by("pk")):
        step.at = at(meeting + timedelta(days=ROUND_STEPS[step.to_status]), index)
        step.save(update_fields=["at"])


def run_round(unit, level, year, meeting, members, totals, officer, chair, forwarded=None, products=()):
    """A round from draft to published, through the workflow: entries, council, sheets, close, publish."""
    entries = [(entry.product, entry) for entry in forwarded or []] + [(product, None) for product in products]
    round_ = open_for_scoring(unit, level, year, meeting, members, officer, entries)
    _score(round_, totals)
    workflow.apply(round_, "close", user=chair)
    workflow.apply(round_, "publish", user=officer)
    start = timezone.make_aware(datetime.combine(meeting, time(8, 0)))
    date_around_meeting(round_, meeting, lambda day, n: start + timedelta(days=(day - meeting).days, minutes=n))
    return round_


def seed_province(password, district_round, today):
    """The province round of 2020 (certificates now expired, as in life: 36 months), and a re-rating three
    years before today, but no later than 1048's last day. Both use the 1048 sheets, the only criteria the portal
    holds until the 148 ones are imported."""
    User = get_user_model()
    province = AdministrativeUnit.objects.get(code="93")
    officer = User.objects.get(username="tinh.haugiang")
    members, accounts = province_accounts(password, province)
    chair = members[0][0]
    if Round.objects.filter(level=RoundLevel.PROVINCE, unit=province).exists():
        return accounts
    forwarded = [e for e in district_round.entries.select_related("product") if selectors.reaches_threshold(e)]
    first = run_round(province, RoundLevel.PROVINCE, 2020, date(2020, 12, 10), members, PROVINCE_TOTALS, officer,
                      chair, forwarded=forwarded)  # fmt: skip
    for entry in first.entries.all():
        certificates.issue_certificate(entry, user=officer, issued_on=date(2020, 12, 28))
    # Three years before today, or the last day of QĐ 1048 if that is earlier: the demo holds only 1048's sheets, and
    # a round after 24/02/2023 would have been held under 148.
    last_1048_day = RuleSet.objects.get(code="1048/QĐ-TTg").effective_to
    meeting = min(certificates.add_months(today, -36) + timedelta(days=40), last_1048_day or date.max)
    again = run_round(province, RoundLevel.PROVINCE, meeting.year, meeting, members,
                      {"Trà mãng cầu Phụng Phát": PROVINCE_TOTALS["Trà mãng cầu Phụng Phát"]}, officer, chair,
                      products=[Product.objects.get(name="Trà mãng cầu Phụng Phát")])  # fmt: skip
    certificates.issue_certificate(again.entries.get(), user=officer, issued_on=meeting, supersede=True)
    return accounts


def seed_rating(password, today=None):
    """Returns [(username, created, role, place)] of the council accounts (made now or before)."""
    User = get_user_model()
    officer = User.objects.get(username="huyen.longmy")
    long_my = AdministrativeUnit.objects.get(code="936")
    members, accounts = council_accounts(password, long_my, DISTRICT_COUNCIL)
    district_round = Round.objects.filter(level=RoundLevel.DISTRICT, unit=long_my, year=2020, number=1).first()
    if district_round is None:
        district_round = run_round(
            long_my, RoundLevel.DISTRICT, 2020, date(2020, 10, 21), members, DISTRICT_TOTALS, officer,
            User.objects.get(username="lanhdao.longmy"),
            products=[Product.objects.get(name=name) for name in DISTRICT_TOTALS],
        )  # fmt: skip
    return accounts + seed_province(password, district_round, today or timezone.localdate())
