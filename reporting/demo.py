"""Demo history for the periodic reports: Long Mỹ's product ideas of 2019 and 2020 and their rating, a few
ideas of the last two years, and the reports a newcomer finds ready (seed_demo's last step).

The registry and rating demos live in the current year (and the plan in 2020), so a report of 2020 would have
no ideas, rounds or certificates. This module gives 2020 a history, built through the same services and
workflows as the other demo modules, then dated when it happened (the services stamp "now"):
- producers and ideas registered in each quarter of 2019 and 2020 across Long Mỹ's communes, by the communes'
  officials and reviewed by the district officer; code, submission, history rows and files dated back;
- the 2019 cycle's district round, held 20/08/2020 (Q3): seven entries, 2 to 4 stars, five forwarded to the
  province round of 17/09/2020, which recognises four (certificates of 29/09/2020, expired in 2023);
- the 4-star one re-rated by the province three years later, its certificate ending some 80 days after the
  last ended quarter (so that quarter's report lists a certificate expiring);
- one or two ideas in each of the last eight quarters, so the current reports have ideas and a chart;
- the reports of Q3 2020 of huyện Long Mỹ and of the last ended quarter of Long Mỹ and of the province,
  requested through reporting.services and produced in this process (ready with or without a worker).

Idempotent: what exists (by name, or the rounds of the 2019 cycle) is left alone. The 2019 cycle's rounds are
numbered 1/2019 because round 1/2020 of Long Mỹ is the rating demo's (21/10/2020).
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from org.data.reorganisation_can_tho_2025 import HISTORY_ENDS
from org.enums import Role
from org.models import AdministrativeUnit
from org.succession import in_or_after
from products import services as product_services
from products import workflow as product_workflow
from products.demo import PATHS, demo_pdf
from products.enums import DocumentKind, LegalForm, ProductStatus, RegistrationKind
from products.models import BusinessPlan, CodeCounter, Document, Producer, Product, ProductSet, ProductTransition
from rating import certificates
from rating import services as rating_services
from rating import workflow as rating_workflow
from rating.demo import DISTRICT_COUNCIL, PROVINCE_COUNCIL, choose_for_total, date_around_meeting, open_for_scoring
from rating.enums import RoundLevel
from rating.models import Entry, Round, ScoreSheet
from rating.selectors import reaches_threshold
from reporting import periods
from reporting.enums import ReportState
from reporting.models import Report

H, CG, LLC, PRIVATE, COOP = (LegalForm.HOUSEHOLD, LegalForm.COOPERATIVE_GROUP, LegalForm.LLC_MULTI_MEMBER,
                             LegalForm.PRIVATE_ENTERPRISE, LegalForm.COOPERATIVE)  # fmt: skip
NEW, EXISTING = RegistrationKind.NEW_IDEA, RegistrationKind.EXISTING
S = ProductStatus

# key (registration number), name, legal form, representative, commune, hamlet, community %, members, workers,
# registered on
PRODUCERS = [
    ("6300000201", "Hợp tác xã Khóm Thuận Hưng", COOP, "Trịnh Văn Hưng", "31483", "Ấp 4", 100, 21, 26, "2018-11-05"),
    ("6300000202", "Cơ sở Bánh tét lá cẩm Bảy Ngọc", H, "Lê Thị Ngọc", "31489", "Khu vực 3", None, 2, 6, "2019-01-14"),
    ("6300000203", "Hộ kinh doanh Mắm cá linh Út Hiền", H, "Nguyễn Thị Hiền", "31495", "Ấp 3", None, 2, 5,
     "2019-03-22"),
    ("6300000204", "Hợp tác xã Bưởi Năm Roi Vĩnh Viễn A", COOP, "Phan Văn Lợi", "31490", "Ấp 5", 100, 30, 34,
     "2019-06-10"),
    ("6300000205", "Hợp tác xã Thủy sản Lương Nghĩa", COOP, "Đoàn Văn Thạch", "31493", "Ấp 7", 100, 12, 18,
     "2019-07-29"),
    ("6300000206", "Doanh nghiệp tư nhân Nhang sạch Xà Phiên", PRIVATE, "Danh Văn Sang", "31495", "Ấp 10", None, 1,
     14, "2019-09-30"),
    ("6300000207", "Hộ kinh doanh Khô cá sặc Năm Lệ", H, "Huỳnh Thị Lệ", "31484", "Ấp 6", None, 2, 4, "2019-10-15"),
    ("6300000208", "Tổ hợp tác Mãng cầu Ấp 6 Thuận Hòa", CG, "Võ Văn Sáu", "31484", "Ấp 6", 100, 9, 11, "2020-01-08"),
    ("6300000209", "Công ty TNHH Thực phẩm Vĩnh Thuận", LLC, "Quách Minh Thuận", "31486", "Ấp 2", None, 3, 25,
     "2020-02-24"),
    ("6300000210", "Cơ sở Rượu nếp than Lương Tâm", H, "Lý Văn Tám", "31492", "Ấp 4", None, 2, 4, "2020-05-18"),
    ("6300000211", "Hộ kinh doanh Tinh dầu sả Út Sơn", H, "Thạch Văn Sơn", "31493", "Ấp 2", None, 1, 3, "2020-08-03"),
]  # fmt: skip

REJECTED_NOTE = "Nguyên liệu chủ yếu mua ngoài tỉnh; chưa phải sản phẩm thế mạnh của địa phương."
RETURNED_NOTE = "Bổ sung nguồn nguyên liệu sả và quy trình chưng cất; ghi rõ công suất dự kiến."
READY_ON = date(2020, 7, 24)  # the dossiers of the 2019 cycle were complete before the district round
# producer, product, set, kind, first sent to the district, status now ("resubmitted": returned, sent again)
HISTORY = [
    ("6300000201", "Khóm Queen Thuận Hưng", 1, EXISTING, "2019-02-20", S.READY),
    ("6300000202", "Bánh tét lá cẩm Bảy Ngọc", 6, EXISTING, "2019-03-12", S.READY),
    ("6300000203", "Mắm cá linh Út Hiền", 10, EXISTING, "2019-05-08", S.READY),
    ("6300000202", "Nước cốt dừa Bảy Ngọc", 18, NEW, "2019-06-17", S.REJECTED),
    ("6300000204", "Bưởi Năm Roi Vĩnh Viễn A", 1, EXISTING, "2019-08-06", S.READY),
    ("6300000205", "Cá thát lát rút xương Lương Nghĩa", 9, NEW, "2019-09-18", S.READY),
    ("6300000206", "Nhang sạch lá tràm Xà Phiên", 24, EXISTING, "2019-10-22", S.READY),
    ("6300000207", "Khô cá sặc Năm Lệ", 9, EXISTING, "2019-11-26", S.READY),
    ("6300000201", "Khóm sấy dẻo Thuận Hưng", 7, NEW, "2019-12-10", S.IMPLEMENTING),
    ("6300000208", "Mãng cầu xiêm sấy giòn Ấp 6", 7, NEW, "2020-02-14", S.IMPLEMENTING),
    ("6300000209", "Chả cá thát lát Vĩnh Thuận", 9, NEW, "2020-03-19", S.ACCEPTED),
    ("6300000209", "Bánh phồng tôm Vĩnh Thuận", 9, NEW, "2020-04-23", S.REJECTED),
    ("6300000201", "Trà khóm Thuận Hưng", 13, NEW, "2020-06-05", S.PLAN_SUBMITTED),
    ("6300000210", "Rượu nếp than Lương Tâm", 15, EXISTING, "2020-07-09", S.SUBMITTED),
    ("6300000203", "Mắm cá lóc Út Hiền", 9, NEW, "2020-08-13", S.ACCEPTED),
    ("6300000202", "Bánh tét chuối Bảy Ngọc", 6, NEW, "2020-08-27", S.IMPLEMENTING),
    ("6300000211", "Tinh dầu sả Út Sơn", 20, NEW, "2020-09-24", "resubmitted"),
    ("6300000204", "Bưởi Năm Roi sấy dẻo", 7, NEW, "2020-10-15", S.ACCEPTED),
    ("6300000206", "Nhang trầm Xà Phiên", 24, NEW, "2020-11-20", S.SUBMITTED),
]
# One or two ideas in each of the eight quarters ending with the last ended one (oldest first).
RECENT = [
    ("6300000204", "Mứt vỏ bưởi Vĩnh Viễn A", 7, S.IMPLEMENTING),
    ("6300000205", "Khô cá thát lát một nắng", 9, S.REJECTED),
    ("6300000209", "Chả giò cá thát lát Vĩnh Thuận", 9, S.PLAN_SUBMITTED),
    ("6300000208", "Mãng cầu xiêm lên men Ấp 6", 18, S.IMPLEMENTING),
    ("6300000210", "Rượu mãng cầu Lương Tâm", 16, S.ACCEPTED),
    ("6300000203", "Mắm thái đu đủ Út Hiền", 9, S.ACCEPTED),
    ("6300000206", "Nhang quế Xà Phiên", 24, S.PLAN_SUBMITTED),
    ("6300000201", "Nước ép khóm Thuận Hưng", 18, S.ACCEPTED),
    ("6300000202", "Bánh ít lá gai Bảy Ngọc", 6, S.SUBMITTED),
]
PATHS = {**PATHS, "resubmitted": ["submit", "return", "resubmit"]}
DAYS_AFTER = {"submit": 0, "return": 9, "resubmit": 16, "reject": 12, "accept": 12, "submit_plan": 40,
              "approve_plan": 55, "mark_ready": 100}  # fmt: skip

# Members' totals, in council order (DISTRICT_COUNCIL: 6 seats; PROVINCE_COUNCIL: 9).
DISTRICT_MEETING, PROVINCE_MEETING, ISSUED_ON = date(2020, 8, 20), date(2020, 9, 17), date(2020, 9, 29)
DISTRICT_TOTALS = {
    "Khóm Queen Thuận Hưng": [62, 63, 61, 62, 63, 62],  # 3★
    "Bánh tét lá cẩm Bảy Ngọc": [44, 45, 43, 46, 44, 45],  # 2★
    "Mắm cá linh Út Hiền": [57, 58, 56, 58, 57, 57],  # 3★
    "Bưởi Năm Roi Vĩnh Viễn A": [76, 77, 75, 77, 76, 76],  # 4★
    "Cá thát lát rút xương Lương Nghĩa": [53, 54, 52, 53, 54, 53],  # 3★
    "Nhang sạch lá tràm Xà Phiên": [40, 41, 39, 41, 40, 40],  # 2★
    "Khô cá sặc Năm Lệ": [52, 53, 51, 53, 52, 52],  # 3★
}
PROVINCE_TOTALS = {
    "Khóm Queen Thuận Hưng": [60, 61, 59, 60, 62, 61, 60, 59, 61],
    "Mắm cá linh Út Hiền": [56, 57, 55, 56, 58, 57, 56, 55, 57],
    "Bưởi Năm Roi Vĩnh Viễn A": [74, 75, 73, 75, 76, 74, 75, 73, 74],
    "Cá thát lát rút xương Lương Nghĩa": [48, 49, 47, 48, 49, 47, 48, 49, 48],  # 2★ at the province: no certificate
    "Khô cá sặc Năm Lệ": [51, 52, 50, 52, 51, 53, 52, 51, 52],
}
RERATED = "Bưởi Năm Roi Vĩnh Viễn A"
RERATING_TOTALS = [73, 74, 72, 74, 75, 73, 74, 72, 73]


def _moment(day, minutes=0):
    return timezone.make_aware(datetime.combine(day, time(9, 0))) + timedelta(minutes=minutes)


def _user(username):
    return get_user_model().objects.get(username=username)


def _registrant(commune, officer):
    """The commune's official (org and plans demos make one per Long Mỹ commune), else the district officer."""
    official = get_user_model().objects.filter(memberships__unit=commune, memberships__role=Role.COMMUNE_OFFICIAL)
    return official.order_by("pk").first() or officer


def _producers(officer):
    communes = {u.code: u for u in AdministrativeUnit.objects.filter(parent__code="936")}
    made = {}
    for number, name, form, person, code, hamlet, pct, members, workers, since in PRODUCERS:
        producer = Producer.objects.filter(in_or_after(communes[code]), name=name).first()
        if producer is None:
            producer = product_services.save_producer(
                Producer(name=name, legal_form=form, registration_number=number, representative=person,
                         phone=f"0919{number[-6:]}", commune=communes[code], hamlet=hamlet,
                         community_capital_pct=pct, members_count=members, workers_count=workers),
                user=_registrant(communes[code], officer),
            )  # fmt: skip
            Producer.objects.filter(pk=producer.pk).update(created_at=_moment(date.fromisoformat(since)))
        made[number] = producer
    return made


def _paperwork(product, action, user, day):
    """The files the commune side sends with a step. Returns the documents made."""

    def upload(kind, filename, **dates):
        file = ContentFile(demo_pdf(f"{DocumentKind(kind).label} - {product.name}"), name=filename)
        return product_services.add_document(product, user=user, kind=kind, upload=file, **dates)

    if action in ("submit", "resubmit"):
        return [upload(DocumentKind.REGISTRATION_FORM, "phieu-dang-ky.pdf")]
    if action == "submit_plan":
        plan = BusinessPlan(product=product, investment=300_000_000, own_capital=200_000_000, loans=80_000_000,
                            budget_support=20_000_000, revenue_year1=250_000_000, revenue_year2=400_000_000,
                            revenue_year3=550_000_000, profit_year1=25_000_000, profit_year2=50_000_000,
                            profit_year3=80_000_000)  # fmt: skip
        file = ContentFile(demo_pdf(f"Bieu 03 - {product.name}"), name="ke-hoach-kinh-doanh.pdf")
        plan = product_services.save_business_plan(plan, user=user, upload=file)
        BusinessPlan.objects.filter(pk=plan.pk).update(updated_at=_moment(day))
        return [plan.document]
    if action == "mark_ready":
        return [
            upload(DocumentKind.ORGANISATION_PROFILE, "bieu-04.pdf"),
            upload(DocumentKind.FOOD_SAFETY, "chung-nhan-attp.pdf", issued_on=day - timedelta(days=200),
                   expires_on=certificates.add_months(day - timedelta(days=200), 36)),
        ]  # fmt: skip
    return []


def _renumber(product, year):
    """assign_code numbered the idea in this year's series: number it in the series of the year it was sent,
    and give this year's number back when it was the last one taken."""
    province, district = product_services.coding_units(product.commune)
    unit, this_year = district or province, timezone.localdate().year
    prefix = [province.code] + ([district.code] if district else [])
    if year == this_year:
        return product.code
    current = CodeCounter.objects.select_for_update().get(unit=unit, year=this_year)
    if product.code == "-".join([*prefix, f"{current.last:03d}", str(this_year)]):
        current.last -= 1
        current.save(update_fields=["last"])
    counter = CodeCounter.objects.select_for_update().get_or_create(unit=unit, year=year)[0]
    counter.last += 1
    counter.save(update_fields=["last"])
    return "-".join([*prefix, f"{counter.last:03d}", str(year)])


def _idea(producer, name, set_number, kind, sent, status, officer, ready_on=None):
    """An idea from draft to `status` through the workflow, then dated: created three days before it was sent,
    each step some days after (DAYS_AFTER), the dossier complete on `ready_on`."""
    commune = producer.commune
    registrant = _registrant(commune, officer)
    product = product_services.save_product(
        Product(kind=kind, name=name, product_set=ProductSet.objects.get(number=set_number), producer=producer,
                commune=commune, year=sent.year, value_proposition=f"{name}: sản phẩm của {producer.name}."),
        user=registrant,
    )  # fmt: skip
    moments, files = [_moment(sent - timedelta(days=3))], []
    for action in PATHS[status]:
        day = ready_on if action == "mark_ready" and ready_on else sent + timedelta(days=DAYS_AFTER[action])
        side = product_workflow.TRANSITIONS[action].side
        files += [(d.pk, day) for d in _paperwork(product, action, registrant, day)]
        note = {"reject": REJECTED_NOTE, "return": RETURNED_NOTE}.get(action, "")
        actor = registrant if side == product_workflow.REGISTRANT else officer
        product = product_workflow.apply(product, action, user=actor, note=note)
        moments.append(_moment(day, 30 if side == product_workflow.REVIEWER else 0))
    assert moments[-1] < timezone.now(), f"{name}: its history would end in the future"
    for step, moment in zip(product.transitions.order_by("pk"), moments, strict=True):
        ProductTransition.objects.filter(pk=step.pk).update(at=moment)
    for pk, day in files:
        Document.objects.filter(pk=pk).update(uploaded_at=_moment(day, -30))
    Product.objects.filter(pk=product.pk).update(
        code=_renumber(product, sent.year) if product.code else "", created_at=moments[0],
        submitted_at=moments[1] if len(moments) > 1 else None, updated_at=moments[-1],
    )  # fmt: skip
    return product


def _ideas(producers, officer, today):
    made = 0
    for key, name, set_number, kind, sent, status in HISTORY:
        if not Product.objects.filter(producer=producers[key], name=name).exists():
            ready_on = READY_ON if name in DISTRICT_TOTALS else None
            _idea(producers[key], name, set_number, kind, date.fromisoformat(sent), status, officer, ready_on)
            made += 1
    quarters = periods.quarters_back(periods.last_closed(periods.QUARTER, today), 8)
    for index, (key, name, set_number, status) in enumerate(RECENT):
        quarter = quarters[min(index, len(quarters) - 1)]
        if not Product.objects.filter(producer=producers[key], name=name).exists():
            sent = quarter.start + timedelta(days=18 + 9 * index % 40)
            _idea(producers[key], name, set_number, NEW, sent, status, officer)
            made += 1
    return made


def _council(council):
    return [(_user(username), role) for username, _name, _agency, role in council]


def _round(unit, level, year, meeting, council, totals, officer, entries):
    """A round from draft to published through its workflow, its council scoring each entry to the members'
    totals; then dated around the meeting as rating.demo.run_round does. entries: [(product, forwarded from)]."""
    number = (Round.objects.filter(level=level, unit=unit, year=year).aggregate(n=Max("number"))["n"] or 0) + 1
    round_ = open_for_scoring(unit, level, year, meeting, council, officer, entries, number=number)
    seats = list(round_.seats.order_by("pk"))
    for entry in round_.entries.select_related("product"):
        criteria = rating_services.criteria_of(rating_services.sheet_for(round_, entry.product_set))
        for index, (seat, total) in enumerate(zip(seats, totals[entry.product.name], strict=True)):
            sheet = ScoreSheet.objects.get(entry=entry, seat=seat)
            rating_services.save_answers(sheet, chosen=choose_for_total(criteria, total), criteria=criteria)
            rating_services.submit_sheet(sheet, criteria=criteria)
            ScoreSheet.objects.filter(pk=sheet.pk).update(submitted_at=_moment(meeting, 60 + index * 7),
                                                           updated_at=_moment(meeting, 60 + index * 7))  # fmt: skip
    rating_workflow.apply(round_, "close", user=council[0][0])
    rating_workflow.apply(round_, "publish", user=officer)
    date_around_meeting(round_, meeting, lambda day, n: _moment(day, -60 + n))
    Round.objects.filter(pk=round_.pk).update(created_at=_moment(meeting - timedelta(days=14), -60))
    return round_


def _rating(officer, province_officer, today):
    """The 2019 cycle's district and province rounds (Q3 2020) and the re-rating three years on."""
    long_my, province = AdministrativeUnit.objects.get(code="936"), AdministrativeUnit.objects.get(code="93")
    products = {p.name: p for p in Product.objects.filter(commune__parent=long_my, name__in=DISTRICT_TOTALS)}
    rounds = 0
    if not Round.objects.filter(level=RoundLevel.DISTRICT, unit=long_my, year=2019).exists():
        district = _round(long_my, RoundLevel.DISTRICT, 2019, DISTRICT_MEETING, _council(DISTRICT_COUNCIL),
                          DISTRICT_TOTALS, officer, [(products[name], None) for name in DISTRICT_TOTALS])  # fmt: skip
        forwarded = [e for e in district.entries.select_related("product", "round__rule_set")
                     if e.product.name in PROVINCE_TOTALS]  # fmt: skip
        assert len(forwarded) == sum(reaches_threshold(e) for e in district.entries.all())
        upper = _round(province, RoundLevel.PROVINCE, 2019, PROVINCE_MEETING, _council(PROVINCE_COUNCIL),
                       PROVINCE_TOTALS, province_officer, [(e.product, e) for e in forwarded])  # fmt: skip
        for entry in upper.entries.filter(stars__in=upper.rule_set.recognises(RoundLevel.PROVINCE)):
            certificates.issue_certificate(entry, user=province_officer, issued_on=ISSUED_ON)
        rounds += 2
    # Its certificate ends some 80 days after the last ended quarter: that quarter's report lists it as expiring.
    ended = periods.last_closed(periods.QUARTER, today).end
    issued = certificates.add_months(ended, -36) + timedelta(days=80)
    product = products[RERATED]
    done = Entry.objects.filter(product=product, round__level=RoundLevel.PROVINCE, round__year__gt=2020).exists()
    if not done and issued.year > 2020:
        again = _round(province, RoundLevel.PROVINCE, issued.year, issued - timedelta(days=12),
                       _council(PROVINCE_COUNCIL), {RERATED: RERATING_TOTALS}, province_officer,
                       [(product, None)])  # fmt: skip
        certificates.issue_certificate(again.entries.get(), user=province_officer, issued_on=issued, supersede=True)
        rounds += 1
    return rounds


def history_reports(today):
    """[(who asks, unit, period)]: Q3 2020 of Long Mỹ, and the last quarter ended before `today` of Long Mỹ and of
    tỉnh Hậu Giang (seed_demo passes the last day before the reorganisation)."""
    last = periods.last_closed(periods.QUARTER, today)
    long_my, province = AdministrativeUnit.objects.get(code="936"), AdministrativeUnit.objects.get(code="93")
    return [
        (_user("lanhdao.longmy"), long_my, periods.quarter(2020, 3)),
        (_user("lanhdao.longmy"), long_my, last),
        (_user("tinh.haugiang"), province, last),
    ]


def city_reports(today=None):
    """Today's report: the last ended quarter of thành phố Cần Thơ, asked by the Sở NN&MT officer (once the
    reorganisation is in)."""
    city = AdministrativeUnit.objects.filter(code="92").first()
    if city is None:
        return []
    return [(_user("ct.so.nnmt"), city, periods.last_closed(periods.QUARTER, today or timezone.localdate()))]


def demo_reports(today=None):
    """Every demo report: Long Mỹ's and Hậu Giang's history, then Cần Thơ's of today."""
    return history_reports(HISTORY_ENDS) + city_reports(today)


def _produce(wanted):
    from reporting import services

    for user, unit, period in wanted:
        # Produced here, by the worker's own path, so a newcomer finds them ready with or without a worker.
        report, _created = services.request_report(user, unit, period, language=settings.LANGUAGE_CODE, send=False)
        services.generate_now(report)


@transaction.atomic
def seed_reporting(password=None, today=None):
    """Build the history and request the history's reports. Returns the accounts it adds: none (the councils and
    officials of the org, rating and plans demos do the work)."""
    today = today or timezone.localdate()
    officer, province_officer = _user("huyen.longmy"), _user("tinh.haugiang")
    producers = _producers(officer)
    _ideas(producers, officer, today)
    _rating(officer, province_officer, today)
    _produce(history_reports(today))
    return []


def request_city_report(today=None):
    """Cần Thơ's report of the last ended quarter, built on today's structure with the history it inherits."""
    _produce(city_reports(today))


def describe(today=None):
    """A line for seed_demo about the demo reports and their state."""
    found = []
    for _who, unit, period in demo_reports(today):
        report = Report.objects.filter(unit=unit, kind=period.kind, start=period.start, end=period.end).first()
        if report is not None:
            found.append(report)
    listed = "; ".join(f"{r.unit} {r.period.label}: {r.get_status_display()}" for r in found)
    line = _("Periodic reports: %(reports)s.") % {"reports": listed}
    if any(r.status == ReportState.QUEUED for r in found) and not settings.CELERY_TASK_ALWAYS_EAGER:
        line += " " + _("The worker (make worker) produces the queued ones.")
    return line
