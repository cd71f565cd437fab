"""The province-scale world of the report benchmark, written with bulk_create.

The services are too slow for 20,000 products and 5,000 scored entries (each entry would need its council's
score sheets), and the report reads none of what they add beyond the rows below: this module writes the rows
the report reads, with values the services would have given them. Left out: product history rows, dossier
documents, score sheets and answers, council seats, progress-report history and evidence files.

What it builds (a seeded random.Random, so every run with the same seed builds the same world):
- one province (93, Hậu Giang), 10 districts (Hậu Giang's eight names and two made up), 150 communes;
- agencies: 18 provincial departments and each district's People's Committee and four offices;
- 3,000 producers registered from 2018 on; 20,000 products registered over the four years up to the report's
  year, their submission spread over each year;
- 5,000 entries in published rounds (each year: every district's round in mid-year, the province's in March
  and November, entries of 3 stars or more forwarded), stars from the rule set's bands; certificates for the
  province's 3- and 4-star results (about 2,000), valid 36 months, a few revoked;
- a plan per district and the province each year with its activities and funding lines, and the province's
  plan of the report's year with 300 tasks and their progress reports.
"""

import datetime
import secrets
from decimal import Decimal

from world import PRODUCTS, TRADE_NAMES, person

PROVINCE = ("93", "Hậu Giang")
DISTRICTS = [  # code, name, kind: Hậu Giang's eight and two made up
    tuple(row.split(":"))
    for row in (
        "930:Vị Thanh:thanh_pho_thuoc_tinh|931:Ngã Bảy:thanh_pho_thuoc_tinh|932:Châu Thành A:huyen|"
        "933:Châu Thành:huyen|934:Phụng Hiệp:huyen|935:Vị Thủy:huyen|936:Long Mỹ:huyen|937:Long Mỹ:thi_xa|"
        "938:Tân Hòa:huyen|939:Hòa An:huyen"
    ).split("|")
]
PLACE_WORDS = "Tân Hòa Long Phú Thạnh Vĩnh Thuận Hiệp Bình Xuân Mỹ Phước Lợi An Đông Tây Nghĩa Tâm Lộc".split()
DEPARTMENTS = (
    "Sở Nông nghiệp và Phát triển nông thôn|Sở Công Thương|Sở Khoa học và Công nghệ|Sở Văn hóa, Thể thao và Du lịch|"
    "Sở Y tế|Sở Tài chính|Sở Kế hoạch và Đầu tư|Sở Tài nguyên và Môi trường|Sở Thông tin và Truyền thông|"
    "Sở Lao động - Thương binh và Xã hội|Văn phòng Điều phối nông thôn mới tỉnh|Liên minh Hợp tác xã tỉnh|"
    "Ngân hàng Nhà nước chi nhánh tỉnh|Đài Phát thanh và Truyền hình tỉnh|Báo Hậu Giang|"
    "Ủy ban Mặt trận Tổ quốc tỉnh|Hội Nông dân tỉnh|Hội Liên hiệp Phụ nữ tỉnh"
).split("|")
DISTRICT_OFFICES = (
    "Phòng Nông nghiệp và Phát triển nông thôn|Phòng Kinh tế và Hạ tầng|Phòng Văn hóa và Thông tin|"
    "Trung tâm Dịch vụ nông nghiệp"
).split("|")
FORMS = {"household": 30, "coop_group": 10, "llc_one": 6, "private": 5, "llc_multi": 5, "jsc_minor": 3,
         "jsc_major": 3, "cooperative": 25, "unregistered": 8}  # fmt: skip
STATUSES = ["submitted", "returned", "rejected", "accepted", "plan_submitted", "implementing", "ready"]
STATUS_WEIGHTS = [10, 3, 12, 15, 10, 20, 30]
YEAR_SHARES = [0.15, 0.2, 0.25, 0.4]  # the entries of the four years; the report's year is the last
ACTIVITY_KINDS = [  # kind, audience, title
    ("training", "producers", "Tập huấn chủ thể OCOP"),
    ("training", "officials", "Tập huấn cán bộ OCOP"),
    ("fair", "", "Hội chợ OCOP"),
    ("promotion", "", "Xúc tiến thương mại sản phẩm OCOP"),
    ("media", "", "Chuyên mục OCOP"),
]
SOURCES = ["central", "provincial", "district", "commune", "programme", "credit", "own", "international"]
BATCH = 1000


def _moment(day, hour=9, minute=0):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _day_in(rng, year, first_month=1, last_month=12):
    start = datetime.date(year, first_month, 1)
    end = datetime.date(year + (last_month == 12), last_month % 12 + 1, 1)
    return start + datetime.timedelta(days=rng.randrange((end - start).days))


def _units():
    from org import services

    province = services.ensure_unit(code=PROVINCE[0], name=PROVINCE[1], kind="tinh")
    districts, communes, code = [], [], 31000
    for d_code, name, kind in DISTRICTS:
        district = services.ensure_unit(code=d_code, name=name, kind=kind, parent=province)
        districts.append(district)
        for index in range(15):
            words = len(PLACE_WORDS)
            first, second = PLACE_WORDS[(index + int(d_code)) % words], PLACE_WORDS[(3 * index + 7) % words]
            commune_kind = ("phuong" if kind == "thanh_pho_thuoc_tinh" else "thi_tran") if index == 0 else "xa"
            communes.append(
                services.ensure_unit(
                    code=str(code), name=f"{first} {second} {index + 1}", kind=commune_kind, parent=district
                )
            )
            code += 1
    return province, districts, communes


def _agencies(province, districts):
    from org.models import Agency

    rows = [Agency(unit=province, name=name, short_name=name[:60]) for name in DEPARTMENTS]
    for district in districts:
        rows.append(Agency(unit=district, name=f"Ủy ban nhân dân {district}", short_name=f"UBND {district.name}"))
        rows += [Agency(unit=district, name=office, short_name=office[:60]) for office in DISTRICT_OFFICES]
    Agency.objects.bulk_create(rows)
    return list(Agency.objects.filter(unit=province).order_by("pk")), {
        d.pk: list(Agency.objects.filter(unit=d).order_by("pk")) for d in districts
    }


def _producers(rng, communes, count, user, last_year):
    from products.models import Producer

    rows = []
    for i in range(count):
        form = rng.choices(list(FORMS), list(FORMS.values()))[0]
        commune = communes[rng.randrange(len(communes))]
        pct = {"cooperative": 100, "coop_group": 100, "jsc_major": rng.randint(51, 100),
               "jsc_minor": rng.randint(0, 50)}.get(form)  # fmt: skip
        rows.append(Producer(
            name=f"{rng.choice(TRADE_NAMES)} {commune.name} {i + 1:04d}", legal_form=form,
            registration_number="" if form == "unregistered" else f"64{i + 1:08d}", representative=person(rng),
            phone=f"09{rng.randint(0, 99_999_999):08d}", commune=commune, hamlet=f"Ấp {rng.randint(1, 12)}",
            community_capital_pct=pct, members_count=rng.randint(1, 40), workers_count=rng.randint(1, 60),
            created_by=user,
        ))  # fmt: skip
    Producer.objects.bulk_create(rows, batch_size=BATCH)
    made = list(Producer.objects.select_related("commune__parent").order_by("pk"))
    for producer in made:  # auto_now_add stamps "now": registered between 2018 and the report's year instead
        producer.created_at = _moment(_day_in(rng, rng.randint(2018, last_year)))
    Producer.objects.bulk_update(made, ["created_at"], batch_size=BATCH)
    return made


def _products(rng, producers, years, per_year, user):
    from products.models import Product, ProductSet

    sets = {s.number: s for s in ProductSet.objects.all()}
    counters, rows = {}, []
    for year in years:
        for _i in range(per_year):
            producer = producers[rng.randrange(len(producers))]
            base, number, _material = PRODUCTS[rng.randrange(len(PRODUCTS))]
            district = producer.commune.parent
            key = (district.code, year)
            counters[key] = counters.get(key, 0) + 1
            sent = _moment(_day_in(rng, year), rng.randint(7, 16), rng.randint(0, 59))
            rows.append(Product(
                kind=rng.choice(["new", "existing"]), name=f"{base} {producer.name.split()[0]} {counters[key]}",
                product_set=sets[number], producer=producer, commune=producer.commune, year=year,
                status=rng.choices(STATUSES, STATUS_WEIGHTS)[0], code=f"93-{district.code}-{counters[key]:04d}-{year}",
                submitted_at=sent, created_by=user,
            ))  # fmt: skip
    Product.objects.bulk_create(rows, batch_size=BATCH)
    return list(Product.objects.filter(status="ready").select_related("commune__parent").order_by("pk"))


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


def _rating(rng, province, districts, ready, years, total_entries, user):
    """Rounds, entries and certificates. Each year every district's round meets in mid-year; its entries of
    3 stars or more go to the province's round of November, or (3 in 10) of March the year after. Returns
    (rounds, entries, certificates)."""
    from rating.certificates import add_months
    from rating.models import Certificate, Entry, Round, RuleSet

    rule_set = RuleSet.objects.get(code="1048/QĐ-TTg")
    counts, numbers, pending = [0, 0, 0], {}, []
    published = {"rule_set": rule_set, "status": "published", "created_by": user}
    pool = list(ready)
    rng.shuffle(pool)
    district_share = total_entries / 1.8  # about 8 in 10 district entries reach 3 stars and go on

    def province_round(year, number, meeting, forwarded):
        round_ = Round.objects.create(level="province", unit=province, year=year, number=number, meeting_date=meeting,
                                      **published)  # fmt: skip
        entries = []
        for entry in forwarded:
            average = min(89, int(entry.score_sum / entry.sheet_count) + rng.randint(-6, 3))
            entries.append(
                Entry(
                    round=round_,
                    product=entry.product,
                    product_set_id=entry.product_set_id,
                    forwarded_from=entry,
                    dossier_checked=True,
                    samples_arrived=True,
                    **_result(rule_set, average, sheets=9),
                )
            )
        Entry.objects.bulk_create(entries, batch_size=BATCH)
        certificates = []
        for entry in entries:
            if entry.stars in rule_set.recognises("province"):
                issued = meeting + datetime.timedelta(days=rng.randint(7, 30))
                numbers[issued.year] = numbers.get(issued.year, 0) + 1
                revoked = rng.random() < 0.02
                certificates.append(
                    Certificate(
                        entry=entry,
                        number=f"93-{issued.year}-{numbers[issued.year]:04d}/OCOP",
                        stars=entry.stars,
                        issued_on=issued,
                        valid_until=add_months(issued, rule_set.validity_months),
                        issued_by=user,
                        revoked_at=_moment(issued + datetime.timedelta(days=400)) if revoked else None,
                        revoked_by=user if revoked else None,
                        revocation_reason="Vi phạm an toàn thực phẩm" if revoked else "",
                    )
                )
        Certificate.objects.bulk_create(certificates, batch_size=BATCH)
        counts[0], counts[1], counts[2] = counts[0] + 1, counts[1] + len(entries), counts[2] + len(certificates)

    for year, share in zip(years, YEAR_SHARES, strict=True):
        if pending:
            province_round(year, 1, datetime.date(year, 3, 20), pending)
        size = round(district_share * share)
        take, pool = pool[:size], pool[size:]
        rounds = {d.pk: Round(level="district", unit=d, year=year, number=1, meeting_date=_day_in(rng, year, 6, 9),
                              **published) for d in districts}  # fmt: skip
        Round.objects.bulk_create(rounds.values())
        lower = [
            Entry(
                round=rounds[p.commune.parent_id],
                product=p,
                product_set_id=p.product_set_id,
                dossier_checked=True,
                samples_arrived=True,
                **_result(rule_set, _average(rng)),
            )
            for p in take
        ]
        for entry in lower[:: max(1, len(lower) // 15)]:  # a few knocked out by the council
            entry.knocked_out, entry.stars, entry.knockout_reason = True, None, "Hồ sơ không đáp ứng quy định"
        Entry.objects.bulk_create(lower, batch_size=BATCH)
        counts[0], counts[1] = counts[0] + len(rounds), counts[1] + len(lower)
        forwarded = [e for e in lower if e.stars and e.stars >= 3]
        pending = [e for e in forwarded if year != years[-1] and rng.random() < 0.3]
        later = {e.pk for e in pending}
        province_round(year, 2, datetime.date(year, 11, 15), [e for e in forwarded if e.pk not in later])
    return counts


def _plans(rng, province, districts, agencies, years, report_year, tasks, user):
    """Plans with activities and funding for every unit and year; the province's plan of the report's year
    with its tasks and progress reports. Returns (activities, funding lines, tasks, progress reports)."""
    from plans.models import Activity, Funding, Plan, ProgressReport, Target, Task

    province_agencies, district_agencies = agencies
    plans = [
        Plan(unit=unit, year=year, title=f"Kế hoạch thực hiện Chương trình OCOP {unit} năm {year}", created_by=user)
        for unit in [province, *districts]
        for year in years
    ]
    Plan.objects.bulk_create(plans)
    activities, funding = [], []
    for plan in Plan.objects.select_related("unit"):
        organisers = province_agencies if plan.unit_id == province.pk else district_agencies[plan.unit_id]
        for i in range(40 if plan.unit_id == province.pk else 20):
            kind, audience, title = ACTIVITY_KINDS[i % len(ACTIVITY_KINDS)]
            activities.append(
                Activity(
                    plan=plan,
                    kind=kind,
                    title=f"{title} {plan.unit.name} đợt {i + 1}",
                    held_on=_day_in(rng, plan.year),
                    organiser=organisers[i % len(organisers)],
                    audience=audience,
                    participants=rng.randint(10, 120),
                    cost=rng.randint(5, 80) * 1_000_000,
                    media_kind="article" if kind == "media" else "",
                    created_by=user,
                )
            )
        for _i in range(40):
            source = rng.choice(SOURCES)
            funding.append(
                Funding(
                    plan=plan,
                    source=source,
                    programme="Nông thôn mới" if source == "programme" else "",
                    amount=rng.randint(5, 500) * 1_000_000,
                    spent_on=_day_in(rng, plan.year),
                    description="Kinh phí thực hiện OCOP",
                )
            )
    Activity.objects.bulk_create(activities, batch_size=BATCH)
    Funding.objects.bulk_create(funding, batch_size=BATCH)

    plan = Plan.objects.get(unit=province, year=report_year)
    Target.objects.bulk_create(
        [
            Target(
                plan=plan,
                order=1,
                text="Sản phẩm đăng ký mới trong năm",
                measure="products_registered",
                target_value=4000,
                value_unit="sản phẩm",
            ),
            Target(
                plan=plan,
                order=2,
                text="Sản phẩm đạt 3 sao trở lên",
                measure="products_rated_3_stars",
                target_value=600,
                value_unit="sản phẩm",
            ),
        ]
    )
    leads = province_agencies + [a for rows in district_agencies.values() for a in rows[:1]]  # + districts' UBND
    recurrences = ["quarterly", "", "", "six_monthly", "yearly"]
    rows = []
    for i in range(tasks):
        recurrence = recurrences[i % len(recurrences)]
        rows.append(
            Task(
                plan=plan,
                section=f"V.{i % 12 + 1}",
                order=i,
                lead_agency=leads[i % len(leads)],
                title=f"Nhiệm vụ {i + 1}: triển khai Chương trình OCOP theo phân công",
                due_date=None if recurrence else _day_in(rng, report_year, 3, 12),
                recurrence=recurrence,
            )
        )
    Task.objects.bulk_create(rows, batch_size=BATCH)
    quarters = [(f"{report_year}-Q{n}", datetime.date(report_year, 3 * n, 28)) for n in range(1, 5)]
    reports = []
    for task in Task.objects.filter(plan=plan).order_by("pk"):
        owed = quarters if task.recurrence else quarters[:2]
        for number, (code, end) in enumerate(owed, start=1):
            if rng.random() < 0.15:
                continue  # not reported
            reports.append(
                ProgressReport(
                    task=task,
                    agency_id=task.lead_agency_id,
                    period=code,
                    period_end=end,
                    text="Đã triển khai.",
                    percent_done=min(100, 25 * number + rng.randint(-10, 10)),
                    status=rng.choice(["accepted", "submitted"]),
                    submitted_by=user,
                    submitted_at=_moment(end + datetime.timedelta(days=rng.randint(0, 20))),
                )
            )
    ProgressReport.objects.bulk_create(reports, batch_size=BATCH)
    return len(activities), len(funding), len(rows), len(reports)


def build_world(rng, *, year, producers=3000, products=20000, entries=5000, tasks=300):
    """Everything the annual report of the province reads. Returns (province, {what: how many})."""
    from django.db import transaction

    from org import services

    years = list(range(year - 3, year + 1))
    with transaction.atomic():
        user, _created = services.ensure_user(username="bench.officer", password=secrets.token_urlsafe(16))
        province, districts, communes = _units()
        agencies = _agencies(province, districts)
        made_producers = _producers(rng, communes, producers, user, year)
        ready = _products(rng, made_producers, years, products // len(years), user)
        rounds, made_entries, certificates = _rating(rng, province, districts, ready, years, entries, user)
        activities, funding, made_tasks, reports = _plans(rng, province, districts, agencies, years, year, tasks, user)
    counts = {
        "districts": len(districts),
        "communes": len(communes),
        "producers": len(made_producers),
        "products": products // len(years) * len(years),
        "rounds": rounds,
        "entries": made_entries,
        "certificates": certificates,
        "activities": activities,
        "funding lines": funding,
        "province tasks": made_tasks,
        "progress reports": reports,
    }
    return province, counts
