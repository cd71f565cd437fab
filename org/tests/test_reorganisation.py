import datetime

import pytest
from django.utils import translation

from org.enums import Role
from org.models import AdministrativeUnit, Membership, Succession
from org.reorganisation import ReorganisationRefused, apply, plan
from org.reorganisation import workbook as wb
from org.selectors import forget_memberships, units_visible_to
from org.tests.factories import CommuneFactory, member
from org.tests.reorg_support import NQ, merger_rows, parsed, row
from products.enums import ProductStatus
from products.models import Producer, Product
from products.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def problems_of(rows, placements=()):
    return [str(problem) for problem in plan(parsed(rows, placements)).problems]


def test_the_merger_creates_ends_moves_and_ends_memberships(tree, commune_official, district_officer):
    producer = ProducerFactory(commune=tree.commune)
    open_product = ProductFactory(producer=producer)
    rejected = ProductFactory(producer=producer, status=ProductStatus.REJECTED)
    done = apply(parsed(merger_rows()))
    can_tho, new_commune = AdministrativeUnit.objects.get(code="92"), AdministrativeUnit.objects.get(code="9200001")
    assert (can_tho.parent, can_tho.valid_from) == (None, datetime.date(2025, 7, 1))
    assert new_commune.parent == can_tho and new_commune.path == "/92/9200001/"
    for unit in (tree.province, tree.district, tree.commune, tree.other_commune):
        unit.refresh_from_db()
        assert unit.valid_until == datetime.date(2025, 6, 30)
    assert tree.commune.ended_by == NQ
    assert list(tree.commune.successors.all()) == [new_commune]
    assert list(tree.province.successors.all()) == [can_tho]
    assert sorted(u.code for u in new_commune.predecessors.all()) == ["31484", "31495"]
    assert Producer.objects.get(pk=producer.pk).commune == new_commune
    assert Product.objects.get(pk=open_product.pk).commune == new_commune
    assert Product.objects.get(pk=rejected.pk).commune == tree.commune  # closed: stays with its history
    assert {m.user.username for m in done.memberships} == {"xa.thuanhoa", "huyen.longmy"}
    assert Membership.objects.active().filter(user__in=[commune_official, district_officer]).count() == 0
    assert Membership.objects.filter(user=commune_official).count() == 1  # ended, kept
    record = producer.history.order_by("-history_id").first()
    assert record.history_change_reason == f"Moved by reorganisation: {NQ}"
    # Units that are not in the file carry on.
    tree.other_district.refresh_from_db()
    assert tree.other_district.valid_until is None


def test_applying_the_same_file_twice_changes_nothing(tree):
    producer = ProducerFactory(commune=tree.commune)
    ProductFactory(producer=producer)
    apply(parsed(merger_rows()))
    counts = (Succession.objects.count(), Producer.history.count(), Product.history.count(),
              AdministrativeUnit.objects.count())  # fmt: skip
    again = plan(parsed(merger_rows()))
    assert again.nothing_to_do and not again.problems
    apply(parsed(merger_rows()))
    assert counts == (Succession.objects.count(), Producer.history.count(), Product.history.count(),
                      AdministrativeUnit.objects.count())  # fmt: skip


def test_a_bad_file_saves_nothing(tree):
    ProducerFactory(commune=tree.commune)
    rows = [*merger_rows(), row("99999", "9200001")]
    with pytest.raises(ReorganisationRefused) as refused:
        apply(parsed(rows))
    assert refused.value.problems[0].row == 6
    assert not AdministrativeUnit.objects.filter(code__in=["92", "9200001"]).exists()
    assert not Succession.objects.exists()
    tree.commune.refresh_from_db()
    assert tree.commune.valid_until is None


def test_unknown_unit(tree):
    assert problems_of([row("99999", "92", "Cần Thơ", "thanh_pho_tw")]) == [
        "Row 2, column “Mã đơn vị cũ”: No unit has the code 99999."
    ]


def test_a_unit_outside_the_province_is_unknown(tree):
    CommuneFactory(code="31999", parent=CommuneFactory._meta.model.objects.get(code="935"))
    rows = [row("31999", "92", "Cần Thơ", "thanh_pho_tw")]
    assert plan(parsed(rows), within=["/94/"]).problems[0].message == "No unit has the code 31999."


def test_ambiguous_name(tree):
    CommuneFactory(code="31451", name="Thuận Hòa", parent=tree.other_district)
    rows = [{wb.OLD_NAME: "Thuận Hòa", wb.OLD_PROVINCE: "Hậu Giang", wb.NEW_CODE: "92", wb.NEW_NAME: "Cần Thơ",
             wb.NEW_KIND: "thanh_pho_tw", wb.EFFECTIVE: "01/07/2025"}]  # fmt: skip
    assert problems_of(rows) == [
        "Row 2, column “Tên đơn vị cũ”: 2 units of Province Hậu Giang are called “Thuận Hòa” (31451, 31484): "
        "write the code in “Mã đơn vị cũ”."
    ]


def test_a_name_within_its_province_is_found(tree):
    rows = [{wb.OLD_NAME: "Xà Phiên", wb.OLD_PROVINCE: "93", wb.NEW_CODE: "92", wb.NEW_NAME: "Cần Thơ",
             wb.NEW_KIND: "thanh_pho_tw", wb.EFFECTIVE: "01/07/2025"}]  # fmt: skip
    preview = plan(parsed(rows))
    assert not preview.problems and [end.predecessor for end in preview.ends] == [tree.other_commune]


def test_bad_date(tree):
    assert problems_of([row("93", "92", "Cần Thơ", "thanh_pho_tw", date="31/06/2025")]) == [
        "Row 2, column “Ngày hiệu lực”: “31/06/2025” is not a date: write dd/mm/yyyy, e.g. 01/07/2025."
    ]


def test_a_date_cell_is_read(tree):
    preview = plan(parsed([row("93", "92", "Cần Thơ", "thanh_pho_tw", date=datetime.date(2025, 7, 1))]))
    assert preview.ends[0].effective_on == datetime.date(2025, 7, 1)


def test_duplicate_row(tree):
    rows = [row("93", "92", "Cần Thơ", "thanh_pho_tw"), row("93", "92", "Cần Thơ", "thanh_pho_tw")]
    assert problems_of(rows) == ["Row 3, column “Mã đơn vị cũ”: This row repeats row 2."]


def test_unknown_kind(tree):
    assert problems_of([row("31484", "9200001", "Vĩnh Thuận Đông", "huyen", "93")]) == [
        "Row 2, column “Loại đơn vị mới”: “huyen” is not a kind of new unit; use one of: "
        "xa, phuong, dac_khu, tinh, thanh_pho_tw."
    ]


def test_new_parent_missing(tree):
    assert problems_of([row("31484", "9200001", "Vĩnh Thuận Đông", "xa", "92")]) == [
        "Row 2, column “Mã đơn vị cấp trên mới”: The parent unit 92 is neither in the portal nor in this file."
    ]


def test_a_new_commune_sits_under_its_province(tree):
    assert problems_of([row("31484", "9200001", "Vĩnh Thuận Đông", "xa", "935")]) == [
        "Row 2, column “Mã đơn vị cấp trên mới”: Since 01/07/2025 a commune, ward or special zone sits directly "
        "under its province."
    ]


def test_a_missing_column_is_named(tree):
    rows = [{wb.OLD_CODE: "93", wb.NEW_CODE: "92"}]
    content = wb.build_workbook(rows)
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    book.active.delete_cols(8)  # Ngày hiệu lực
    buffer = io.BytesIO()
    book.save(buffer)
    assert [str(p) for p in wb.read_workbook(buffer.getvalue()).problems] == [
        "Row 1, column “Ngày hiệu lực”: The sheet “Sắp xếp” has no such column."
    ]


def split_rows():
    return [
        row("93", "92", "Cần Thơ", "thanh_pho_tw"),
        row("31484", "9200001", "Vĩnh Thuận Đông", "xa", "92"),
        row("31484", "9200002", "Lương Tâm", "xa", "92"),
    ]


def test_a_split_commune_lists_its_producers_to_place(tree):
    producer = ProducerFactory(commune=tree.commune)
    preview = plan(parsed(split_rows()))
    assert not preview.problems
    assert preview.to_place == [(producer, ["9200001", "9200002"])]
    assert preview.producers == []
    apply(parsed(split_rows()))
    assert Producer.objects.get(pk=producer.pk).commune == tree.commune
    assert sorted(u.code for u in tree.commune.successors.all()) == ["9200001", "9200002"]


def test_the_producer_sheet_places_a_split_communes_producers(tree):
    first = ProducerFactory(commune=tree.commune, registration_number="6300000001")
    second = ProducerFactory(commune=tree.commune, name="HTX Lương Tâm")
    placements = [
        {wb.P_NUMBER: "6300000001", wb.P_OLD: "31484", wb.P_NEW: "9200001"},
        {wb.P_NAME: "htx lương tâm", wb.P_OLD: "31484", wb.P_NEW: "9200002"},
    ]
    apply(parsed(split_rows(), placements))
    assert Producer.objects.get(pk=first.pk).commune.code == "9200001"
    assert Producer.objects.get(pk=second.pk).commune.code == "9200002"


def test_a_producer_placed_outside_the_successors_is_refused(tree):
    ProducerFactory(commune=tree.commune, registration_number="6300000001")
    placements = [{wb.P_NUMBER: "6300000001", wb.P_OLD: "31484", wb.P_NEW: "92"}]
    assert problems_of(split_rows(), placements) == [
        "Row 2, column “Mã đơn vị mới”: 92 is not a successor of Commune Thuận Hòa in this file."
    ]


def test_an_unknown_producer_is_refused(tree):
    placements = [{wb.P_NUMBER: "6399999999", wb.P_OLD: "31484", wb.P_NEW: "9200001"}]
    assert problems_of(split_rows(), placements) == [
        "Row 2, column “Số ĐKKD”: No producer of Commune Thuận Hòa matches."
    ]


def test_scope_follows_the_successor(tree, commune_official, province_officer):
    ProducerFactory(commune=tree.commune)
    assert units_visible_to(commune_official).count() == 1
    apply(parsed(merger_rows()))
    for user in (commune_official, province_officer):
        forget_memberships(user)
        assert list(units_visible_to(user)) == []  # their units ended, and their memberships with them
    can_tho, new_commune = AdministrativeUnit.objects.get(code="92"), AdministrativeUnit.objects.get(code="9200001")
    successor_official = member(Role.COMMUNE_OFFICIAL, new_commune)
    assert sorted(u.code for u in units_visible_to(successor_official)) == ["31484", "31495", "9200001"]
    city_officer = member(Role.PROVINCE_OFFICER, can_tho)
    assert sorted(u.code for u in units_visible_to(city_officer)) == [
        "31450",
        "31484",
        "31495",
        "92",
        "9200001",
        "93",
        "935",
        "936",
    ]
    assert can_tho.__class__.objects.get(code="92").inherited_own == ["/93/", "/93/936/"]


def test_a_chain_of_reorganisations_is_inherited_whole(tree):
    apply(parsed(merger_rows()))
    apply(parsed([row("9200001", "9200009", "Vĩnh Thuận", "xa", "92", date="01/01/2026")]))
    latest = AdministrativeUnit.objects.get(code="9200009")
    official = member(Role.COMMUNE_OFFICIAL, latest)
    assert sorted(u.code for u in units_visible_to(official)) == ["31484", "31495", "9200001", "9200009"]
    assert latest.inherited_own == ["/92/9200001/", "/93/936/31484/", "/93/936/31495/"]
    can_tho = AdministrativeUnit.objects.get(code="92")
    assert can_tho.inherited_below == ["/92/9200001/", "/93/", "/93/936/", "/93/936/31484/", "/93/936/31495/"]
    assert AdministrativeUnit.objects.get(code="9200001").valid_until == datetime.date(2025, 12, 31)


def test_a_special_zone_and_a_communes_chairman(tree):
    zone = AdministrativeUnit(code="9200010", name="Phú Quốc", kind="dac_khu", parent=tree.province)
    zone.full_clean()
    zone.save()
    assert zone.level == 3
    chairman = Membership(user=member(Role.COMMUNE_OFFICIAL, tree.commune), role=Role.LEADERSHIP, unit=tree.commune)
    chairman.full_clean()  # Chủ tịch UBND xã: leadership at commune level
