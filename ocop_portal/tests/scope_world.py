"""The world of the scope probe (test_scope_probe.py): for each place, one object of every kind a URL can name.

`build_world()` builds the root conftest's `tree` (the same codes and names), adds a second province
(94 → huyện 941 → xã 31999) and, for each place below, a kit of objects anchored at that place's unit (a
commune's kit has products of that commune; a district's or province's kit has its products in a commune under
it):

- `thuan_hoa` (xã 31484) and `xa_phien` (xã 31495): the two communes of huyện Long Mỹ (936);
- `vi_thuy` (huyện 935) and `vi_thang` (xã 31450 in it): another district of the same province;
- `p94` (tỉnh 94): another province.

A kit holds: the unit, an agency of it, a producer, a product with a dossier document and a business plan, a
round of the unit's level (closed, with a seated member, an entry of the product and the member's sheet), the
entry's certificate, a plan of the unit with its signed file, a target, a task (led by the kit's agency, with a
file), a progress report, an activity, a funding line, a funding rule set by the unit, and a report of the unit.
Rows are stored with the factories and the ORM; files go through the services where these check them.
"""

from datetime import date
from types import SimpleNamespace

from django.contrib.auth import get_user_model

from org.enums import Level, Role
from org.tests.factories import AgencyFactory, CommuneFactory, DistrictFactory, ProvinceFactory, UserFactory, member
from plans import services as plan_services
from plans.enums import FundingSource
from plans.models import Funding
from plans.tests.factories import (
    ActivityFactory,
    FundingRuleFactory,
    PlanFactory,
    ProgressReportFactory,
    TargetFactory,
    TaskFactory,
)
from products.models import BusinessPlan, ProductCategory, ProductSet
from products.tests.factories import ProducerFactory, ProductFactory, add_document, pdf_upload
from rating.catalogue import ensure_rule_sets
from rating.enums import RoundLevel, RoundStatus, SeatRole
from rating.models import Certificate, CouncilSeat, Entry, PreAssessment, Round, RuleSet, ScoreSheet
from rating.tests.factories import small_sheet
from reporting.tests.view_support import stored

ROUND_LEVELS = {Level.COMMUNE: RoundLevel.COMMUNE, Level.DISTRICT: RoundLevel.DISTRICT,
                Level.PROVINCE: RoundLevel.PROVINCE}  # fmt: skip


def test_set_148():
    """A 148 product set for the tests (148's sets come from the office's workbook; none is shipped)."""
    category = ProductCategory.objects.filter(scheme="148/QĐ-TTg").order_by("code").first()
    return ProductSet.objects.get_or_create(
        scheme="148/QĐ-TTg", number=99, defaults={"name": "Bộ thử (kiểm thử)", "category": category}
    )[0]


def kit(name, unit, commune, officer):
    """Every kind of object, anchored at `unit` (products in `commune`, which is `unit` or lies under it)."""
    k = SimpleNamespace(name=name, unit=unit, commune=commune)
    k.agency = AgencyFactory(unit=unit, name=f"Phòng thử {name}", short_name=f"P-{name}")
    k.producer = ProducerFactory(commune=commune, name=f"Cơ sở {name}")
    k.product = ProductFactory(producer=k.producer, name=f"Trà {name}", created_by=officer)
    k.document = add_document(k.product, officer)
    k.business_plan = BusinessPlan.objects.create(product=k.product)

    k.member = UserFactory(username=f"hoidong.{name}")
    k.round = Round.objects.create(
        level=ROUND_LEVELS[unit.level], unit=unit, year=2020, number=1,
        rule_set=RuleSet.objects.get(code="1048/QĐ-TTg"), status=RoundStatus.CLOSED,
        meeting_date=date(2020, 8, 20), created_by=officer,
    )  # fmt: skip
    k.seat = CouncilSeat.objects.create(round=k.round, user=k.member, role=SeatRole.CHAIR)
    k.entry = Entry.objects.create(round=k.round, product=k.product, product_set=k.product.product_set, stars=4,
                                   score_sum=75, sheet_count=1)  # fmt: skip
    k.sheet = ScoreSheet.objects.create(entry=k.entry, seat=k.seat)
    k.certificate = Certificate.objects.create(
        entry=k.entry, number=f"{unit.code}-2020-0001/OCOP", stars=4, issued_on=date(2020, 9, 1),
        valid_until=date(2023, 9, 1), issued_by=officer,
    )  # fmt: skip

    k.pre_assessment = PreAssessment.objects.create(
        product=k.product, rule_set=RuleSet.objects.get(code="148+1489/QĐ-TTg"), product_set=test_set_148(),
        commune=commune, created_by=officer,
    )  # fmt: skip
    k.plan = PlanFactory(unit=unit, year=2020, title=f"Kế hoạch OCOP {name} 2020")
    plan_services.save_plan(k.plan, user=officer, upload=pdf_upload("ke-hoach.pdf", "Ke hoach"))
    k.target = TargetFactory(plan=k.plan)
    k.task = TaskFactory(plan=k.plan, lead_agency=k.agency)
    plan_services.save_task(k.task, coordinating=[], user=officer, uploads=[pdf_upload("minh-chung.pdf")])
    k.evidence = k.task.evidence.get()
    k.progress = ProgressReportFactory(task=k.task)
    k.activity = ActivityFactory(plan=k.plan)
    k.funding = Funding.objects.create(plan=k.plan, source=FundingSource.DISTRICT, amount=50_000_000,
                                       spent_on=date(2020, 5, 20), description="Hỗ trợ bao bì")  # fmt: skip
    k.funding_rule = FundingRuleFactory(unit=unit)
    k.report = stored(unit, user=officer)
    return k


def build_tree():
    """The root conftest's `tree` (whose fixture is function-scoped; the probe builds its world once a module)."""
    province = ProvinceFactory(code="93", name="Hậu Giang")
    district = DistrictFactory(code="936", name="Long Mỹ", parent=province)
    other_district = DistrictFactory(code="935", name="Vị Thủy", parent=province)
    return SimpleNamespace(
        province=province,
        district=district,
        commune=CommuneFactory(code="31484", name="Thuận Hòa", parent=district),
        other_commune=CommuneFactory(code="31495", name="Xà Phiên", parent=district),
        other_district=other_district,
        far_commune=CommuneFactory(code="31450", name="Vị Thắng", parent=other_district),
        agency=AgencyFactory(unit=district, name="Phòng Kinh tế và Hạ tầng", short_name="Phòng KT&HT"),
    )


def build_world():
    """The tree, the places' kits, a superuser (who sees every one of them) and the role users, keyed by name."""
    tree = build_tree()
    ensure_rule_sets(RuleSet)
    small_sheet()  # set 13 has a sheet, so the member's sheet page renders
    p94 = ProvinceFactory(code="94", name="Sóc Trăng")
    d941 = DistrictFactory(code="941", name="Mỹ Tú", parent=p94)
    c31999 = CommuneFactory(code="31999", name="Mỹ Hương", parent=d941)
    officer = UserFactory(username="kit.officer")
    kits = {
        "thuan_hoa": kit("thuan_hoa", tree.commune, tree.commune, officer),
        "xa_phien": kit("xa_phien", tree.other_commune, tree.other_commune, officer),
        "vi_thuy": kit("vi_thuy", tree.other_district, tree.far_commune, officer),
        "vi_thang": kit("vi_thang", tree.far_commune, tree.far_commune, officer),
        "p94": kit("p94", p94, c31999, officer),
    }
    # Another agency of the agency staff's own district (Long Mỹ): its own page is not theirs.
    other_agency = AgencyFactory(unit=tree.district, name="Phòng Nông nghiệp và PTNT", short_name="Phòng NN&PTNT")
    users = {
        "commune_official": member(Role.COMMUNE_OFFICIAL, tree.commune, username="xa.thuanhoa"),
        "other_commune_official": member(Role.COMMUNE_OFFICIAL, tree.other_commune, username="xa.xaphien"),
        "district_officer": member(Role.DISTRICT_OFFICER, tree.district, username="huyen.longmy"),
        "province_officer": member(Role.PROVINCE_OFFICER, tree.province, username="tinh.haugiang"),
        "agency_staff": member(Role.AGENCY_STAFF, tree.agency, username="coquan.ktht"),
        "leadership": member(Role.LEADERSHIP, tree.district, username="lanhdao.longmy"),
    }
    superuser = get_user_model().objects.create_superuser("quantri", "quantri@example.org", "an-ocop-admin-password")
    return SimpleNamespace(tree=tree, kits=kits, other_agency=other_agency, users=users, superuser=superuser)
