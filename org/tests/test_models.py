import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from org.enums import Level, Role, UnitKind
from org.models import AdministrativeUnit, Membership
from org.tests.factories import CommuneFactory, DistrictFactory, ProvinceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_level_and_path_follow_kind_and_parent(tree):
    assert tree.province.level == Level.PROVINCE
    assert tree.district.level == Level.DISTRICT
    assert tree.commune.level == Level.COMMUNE
    assert tree.commune.path == "/93/936/31484/"
    assert str(tree.commune) == "Xã Thuận Hòa"


def test_moving_a_district_rewrites_the_paths_below_it(tree):
    other_province = ProvinceFactory(code="94", name="Sóc Trăng")
    tree.district.parent = other_province
    tree.district.save()
    tree.commune.refresh_from_db()
    tree.far_commune.refresh_from_db()
    assert tree.commune.path == "/94/936/31484/"
    assert tree.far_commune.path == "/93/935/31450/"


def test_a_province_without_districts_holds_communes_directly():
    province = ProvinceFactory(code="95", name="Bạc Liêu")
    ward = AdministrativeUnit(code="31900", name="Phường 1", kind=UnitKind.WARD, parent=province)
    ward.full_clean()
    ward.save()
    assert ward.path == "/95/31900/"
    assert ward.level == Level.COMMUNE


@pytest.mark.parametrize(
    ("kind", "parent_key", "message"),
    [
        (UnitKind.COMMUNE, None, "Chỉ đơn vị cấp tỉnh mới không có đơn vị cấp trên."),
        (UnitKind.PROVINCE, "province", "Đơn vị cấp tỉnh không có đơn vị cấp trên."),
        (UnitKind.RURAL_DISTRICT, "commune", "Đơn vị cấp trên phải ở cấp cao hơn."),
    ],
)
def test_clean_refuses_a_broken_tree(tree, kind, parent_key, message):
    parent = getattr(tree, parent_key) if parent_key else None
    unit = AdministrativeUnit(code="99999", name="Sai", kind=kind, parent=parent)
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert message in str(error.value)


def test_a_kind_change_may_not_leave_children_at_or_above_the_unit(tree):
    tree.other_district.kind = UnitKind.COMMUNE
    with pytest.raises(ValidationError) as error:
        tree.other_district.full_clean()
    assert "Không thể đổi sang loại này: các đơn vị trực thuộc" in str(error.value)
    tree.other_district.kind = UnitKind.TOWN  # another district-level kind is fine
    tree.other_district.full_clean()


def test_a_kind_change_may_not_strand_the_roles_held_at_the_unit(tree, district_officer):
    tree.other_commune.delete()
    tree.commune.delete()
    tree.district.kind = UnitKind.COMMUNE
    with pytest.raises(ValidationError) as error:
        tree.district.full_clean()
    assert "vai trò không phù hợp với cấp này" in str(error.value)


@pytest.mark.parametrize("code", ["936/x", "93 6", "", "abc", "31999\n"])
def test_an_official_code_is_digits_only(tree, code):
    unit = AdministrativeUnit(code=code, name="Sai", kind=UnitKind.COMMUNE, parent=tree.district)
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "code" in error.value.message_dict


def test_the_database_refuses_a_kind_at_the_wrong_level(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        AdministrativeUnit.objects.filter(pk=tree.commune.pk).update(kind=UnitKind.PROVINCE)


def test_the_database_refuses_a_commune_without_parent(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        AdministrativeUnit.objects.filter(pk=tree.commune.pk).update(parent=None)


def test_membership_role_must_fit_the_unit_level(tree):
    membership = Membership(user=UserFactory(), role=Role.DISTRICT_OFFICER, unit=tree.commune)
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "Vai trò “Cán bộ OCOP huyện” chỉ được giao tại đơn vị cấp huyện." in str(error.value)


def test_agency_staff_hold_an_agency_not_a_unit(tree):
    user = UserFactory()
    with pytest.raises(ValidationError):
        Membership(user=user, role=Role.AGENCY_STAFF, unit=tree.district).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.AGENCY_STAFF, unit=tree.district)
    Membership(user=user, role=Role.AGENCY_STAFF, agency=tree.agency).full_clean()


def test_a_role_is_held_once_per_unit(tree):
    user = UserFactory()
    Membership.objects.create(user=user, role=Role.COMMUNE_OFFICIAL, unit=tree.commune)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.COMMUNE_OFFICIAL, unit=tree.commune)


def test_factories_build_a_consistent_chain():
    commune = CommuneFactory()
    assert commune.parent.level == Level.DISTRICT
    assert commune.parent.parent.level == Level.PROVINCE
    assert DistrictFactory().parent.kind == UnitKind.PROVINCE
