"""Rounds, councils, score sheets, results and certificates of the province-scale world.

The last year's district rounds go through the rating services and the round workflow as the office and the councils
would: seated members, entries checked, every member's sheet answered and submitted (save_answers, submit_sheet),
the results computed by recompute_entry, the round closed by its chair and published. Long Mỹ's round of that year
is left in scoring, with one member's sheets still drafts, as a council finds it on the day. The earlier years'
rounds and every province round are written by batches with the results recompute_entry would have left (their
sheets are not kept), and the province's 3- and 4-star results get certificates valid 36 months, a few revoked.
"""

import datetime
from decimal import Decimal

from ocop_portal.scale.registry import BATCH, BENCH_DISTRICT, day_in, moment

COUNCIL_EXPERTS = 4  # the province's experts sit on every district council (scale.hoidong, scale.hd.tinh.2…)
COUNCIL_LOCALS = 3  # and three people of the district's own offices, the first of them in the chair
MEMBER = "scale.hoidong"  # the member whose sheets in Long Mỹ's round are still drafts


def _result(rule_set, average, sheets=7):
    """Entry fields as rating.services.recompute_entry leaves them, for an average score."""
    score_sum = Decimal(average) * sheets
    return {
        "score_sum": score_sum,
        "sheet_count": sheets,
        "lowest_total": Decimal(average) - 2,
        "highest_total": Decimal(average) + 2,
        "stars": rule_set.stars_for(Decimal(average)),
    }


def _average(rng):
    """A district council's average: 2 stars for one entry in five, 3 for about half, 4 for a quarter."""
    low, high = rng.choices([(32, 49), (50, 69), (70, 86)], [20, 55, 25])[0]
    return rng.randint(low, high)


def council_members(password, province_agencies, district_agencies, districts):
    """The councils' people, through org.services. Returns {district pk: [(user, seat role)]}."""
    from org import services
    from rating.enums import SeatRole

    experts = []
    for n in range(1, COUNCIL_EXPERTS + 1):
        username = MEMBER if n == 1 else f"scale.hd.tinh.{n}"
        user, _created = services.ensure_user(username=username, password=password, full_name=username)
        services.ensure_membership(user=user, role="agency_staff", agency=province_agencies[n])
        experts.append((user, SeatRole.MEMBER))
    councils = {}
    for district in districts:
        local = []
        for n in range(1, COUNCIL_LOCALS + 1):
            username = f"scale.hd.{district.code}.{n}"
            user, _created = services.ensure_user(username=username, password=password, full_name=username)
            services.ensure_membership(user=user, role="agency_staff", agency=district_agencies[district.pk][n])
            role = {1: SeatRole.CHAIR, 2: SeatRole.SECRETARY}.get(n, SeatRole.VICE_CHAIR)
            local.append((user, role))
        councils[district.pk] = local + experts
    return councils


class _Answers:
    """Options adding up to a member's total on a sheet, worked out once per (sheet, total)."""

    def __init__(self):
        self.criteria, self.chosen = {}, {}

    def of(self, round_, product_set):
        from rating import services

        if product_set.pk not in self.criteria:
            self.criteria[product_set.pk] = services.criteria_of(services.sheet_for(round_, product_set))
        return self.criteria[product_set.pk]

    def for_total(self, criteria, key, total):
        from rating.demo import choose_for_total

        if (key, total) not in self.chosen:
            for tried in (total, total + 1, total - 1, total + 3, total - 3):
                try:
                    self.chosen[key, total] = choose_for_total(criteria, tried)
                    break
                except ValueError:
                    continue
        return self.chosen[key, total]


def scored_round(rng, district, year, products, members, organiser, answers, finish=True):
    """A district round from draft to published through the services and the workflow. With finish=False it
    stays in scoring and the MEMBER's sheets stay drafts. Returns (round, sheets submitted, answers stored)."""
    from rating import services, workflow
    from rating.demo import date_around_meeting, open_for_scoring
    from rating.models import Answer, ScoreSheet

    meeting = day_in(rng, year, 6, 9)
    round_ = open_for_scoring(district, "district", year, meeting, members, organiser, [(p, None) for p in products])
    submitted = 0
    sheets = ScoreSheet.objects.filter(entry__round=round_).select_related("entry__product_set", "seat__user")
    averages = {}
    for sheet in sheets.order_by("entry_id", "seat_id"):
        entry = sheet.entry
        average = averages.setdefault(entry.pk, _average(rng))
        criteria = answers.of(round_, entry.product_set)
        chosen = answers.for_total(criteria, entry.product_set_id, average + rng.randint(-2, 2))
        services.save_answers(sheet, chosen=chosen, criteria=criteria)
        if finish or sheet.seat.user.username != MEMBER:
            services.submit_sheet(sheet, criteria=criteria)
            submitted += 1
    if finish:
        chair = next(user for user, role in members if role == "chair")
        workflow.apply(round_, "close", user=chair)
        workflow.apply(round_, "publish", user=organiser)
    date_around_meeting(round_, meeting, lambda day, n: moment(day, 8, n))
    return round_, submitted, Answer.objects.filter(sheet__entry__round=round_).count()


def _province_round(rng, province, year, number, meeting, forwarded, user, numbers):
    """A province round written by batches, with certificates for the results the rule set recognises.
    Returns (entries, certificates)."""
    from rating.certificates import add_months
    from rating.models import Certificate, Entry, Round, RuleSet

    rule_set = RuleSet.objects.get(code="1048/QĐ-TTg")
    round_ = Round.objects.create(level="province", unit=province, year=year, number=number, meeting_date=meeting,
                                  rule_set=rule_set, status="published", created_by=user)  # fmt: skip
    entries = []
    for entry in forwarded:
        average = min(89, int(entry.score_sum / entry.sheet_count) + rng.randint(-6, 3))
        entries.append(Entry(round=round_, product_id=entry.product_id, product_set_id=entry.product_set_id,
                             forwarded_from=entry, dossier_checked=True, samples_arrived=True,
                             **_result(rule_set, average, sheets=9)))  # fmt: skip
    Entry.objects.bulk_create(entries, batch_size=BATCH)
    certificates = []
    for entry in entries:
        if entry.stars in rule_set.recognises("province"):
            issued = meeting + datetime.timedelta(days=rng.randint(7, 30))
            numbers[issued.year] = numbers.get(issued.year, 0) + 1
            revoked = rng.random() < 0.02
            certificates.append(Certificate(
                entry=entry, product_id=entry.product_id, number=f"93-{issued.year}-{numbers[issued.year]:04d}/OCOP",
                stars=entry.stars,
                issued_on=issued, valid_until=add_months(issued, rule_set.validity_months), issued_by=user,
                revoked_at=moment(issued + datetime.timedelta(days=400)) if revoked else None,
                revoked_by=user if revoked else None,
                revocation_reason="Vi phạm an toàn thực phẩm" if revoked else "",
            ))  # fmt: skip
    Certificate.objects.bulk_create(certificates, batch_size=BATCH)
    return len(entries), len(certificates)


def _district_rounds(rng, districts, year, take, user):
    """One published district round per district, written by batches. Returns its entries."""
    from rating.models import Entry, Round, RuleSet

    rule_set = RuleSet.objects.get(code="1048/QĐ-TTg")
    rounds = {d.pk: Round(level="district", unit=d, year=year, number=1, meeting_date=day_in(rng, year, 6, 9),
                          rule_set=rule_set, status="published", created_by=user) for d in districts}  # fmt: skip
    Round.objects.bulk_create(rounds.values())
    lower = [Entry(round=rounds[p.commune.parent_id], product=p, product_set_id=p.product_set_id,
                   dossier_checked=True, samples_arrived=True, **_result(rule_set, _average(rng)))
             for p in take]  # fmt: skip
    for entry in lower[:: max(1, len(lower) // 15)]:  # a few knocked out by the council
        entry.knocked_out, entry.stars, entry.knockout_reason = True, None, "Hồ sơ không đáp ứng quy định"
    Entry.objects.bulk_create(lower, batch_size=BATCH)
    return lower


def rating(rng, province, districts, ready, years, shares, total_entries, user, councils=None):
    """Every year: each district's round in mid-year; entries of 3 stars or more go to the province's round of
    November, or (3 in 10) of March the year after. With councils ({district pk: members}), the last year's
    district rounds are scored through the services. Returns {what: how many}."""
    from rating.models import Entry

    counts = {"rounds": 0, "entries": 0, "certificates": 0, "score sheets": 0, "score answers": 0}
    numbers, pending, answers = {}, [], _Answers()
    pool = list(ready)
    rng.shuffle(pool)
    district_share = total_entries / 1.8  # about 8 in 10 district entries reach 3 stars and go on

    def province_round(year, number, meeting, forwarded):
        entries, certificates = _province_round(rng, province, year, number, meeting, forwarded, user, numbers)
        counts["rounds"], counts["entries"] = counts["rounds"] + 1, counts["entries"] + entries
        counts["certificates"] += certificates

    for year, share in zip(years, shares, strict=True):
        if pending:
            province_round(year, 1, datetime.date(year, 3, 20), pending)
        size = round(district_share * share)
        take, pool = pool[:size], pool[size:]
        made = len(districts)
        if councils and year == years[-1]:
            published, made = [], 0
            for district in districts:
                mine = [p for p in take if p.commune.parent_id == district.pk]
                if not mine:  # a small world (seed_scale --fraction) can leave a district without entries
                    continue
                finish = district.code != BENCH_DISTRICT
                round_, sheets, stored = scored_round(
                    rng, district, year, mine, councils[district.pk], user, answers, finish=finish
                )
                made += 1
                counts["score sheets"] += sheets
                counts["score answers"] += stored
                if finish:
                    published.append(round_.pk)
            lower = list(Entry.objects.filter(round_id__in=published).order_by("pk"))
        else:
            lower = _district_rounds(rng, districts, year, take, user)
        counts["rounds"], counts["entries"] = counts["rounds"] + made, counts["entries"] + len(take)
        forwarded = [e for e in lower if e.stars and e.stars >= 3]
        pending = [e for e in forwarded if year != years[-1] and rng.random() < 0.3]
        later = {e.pk for e in pending}
        province_round(year, 2, datetime.date(year, 11, 15), [e for e in forwarded if e.pk not in later])
    return counts
