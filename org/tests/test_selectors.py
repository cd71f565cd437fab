import pytest

from org.enums import Role
from org.selectors import (
    agencies_visible_to,
    primary_role,
    roles_of,
    units_managed_by,
    units_visible_to,
)
from org.tests.factories import AgencyFactory, CommuneFactory, ProvinceFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def codes(queryset):
    return sorted(unit.code for unit in queryset)


def test_commune_official_sees_only_the_commune(tree, commune_official):
    assert codes(units_visible_to(commune_official)) == ["31484"]


def test_district_officer_sees_the_district_and_its_communes(tree, district_officer):
    assert codes(units_visible_to(district_officer)) == ["31484", "31495", "936"]


def test_province_officer_sees_everything_in_the_province(tree, province_officer):
    assert codes(units_visible_to(province_officer)) == ["31450", "31484", "31495", "93", "935", "936"]


def test_leadership_sees_its_area_but_manages_nothing(tree, leadership):
    assert codes(units_visible_to(leadership)) == ["31484", "31495", "936"]
    assert codes(units_managed_by(leadership)) == []


def test_agency_staff_see_their_agency_and_its_unit_only(tree, agency_staff):
    assert codes(units_visible_to(agency_staff)) == ["936"]
    assert list(agencies_visible_to(agency_staff)) == [tree.agency]


def test_no_membership_sees_nothing(tree):
    user = UserFactory()
    assert list(units_visible_to(user)) == []
    assert list(agencies_visible_to(user)) == []
    assert primary_role(user) is None


def test_province_without_districts_scopes_by_the_same_rule():
    province = ProvinceFactory(code="96", name="Tỉnh mới")
    commune_a = CommuneFactory(code="40001", parent=province)
    CommuneFactory(code="40002", parent=province)
    officer = member(Role.PROVINCE_OFFICER, province)
    official = member(Role.COMMUNE_OFFICIAL, commune_a)
    assert codes(units_visible_to(officer)) == ["40001", "40002", "96"]
    assert codes(units_managed_by(officer)) == ["40001", "40002", "96"]
    assert codes(units_visible_to(official)) == ["40001"]


def test_agencies_follow_the_unit_scope(tree, district_officer, commune_official, province_officer):
    far_agency = AgencyFactory(unit=tree.other_district)
    assert set(agencies_visible_to(district_officer)) == {tree.agency}
    assert set(agencies_visible_to(province_officer)) == {tree.agency, far_agency}
    assert list(agencies_visible_to(commune_official)) == []


def test_several_roles_add_up(tree, district_officer):
    from org.selectors import forget_memberships
    from org.services import ensure_membership

    ensure_membership(user=district_officer, role=Role.LEADERSHIP, unit=tree.other_district)
    forget_memberships(district_officer)
    assert roles_of(district_officer) == {Role.DISTRICT_OFFICER, Role.LEADERSHIP}
    assert primary_role(district_officer) == Role.DISTRICT_OFFICER
    assert "31450" in codes(units_visible_to(district_officer))
    assert "31450" not in codes(units_managed_by(district_officer))


def test_memberships_are_loaded_once_per_user_object(tree, district_officer, django_assert_num_queries):
    with django_assert_num_queries(1):
        roles_of(district_officer)
        roles_of(district_officer)
        primary_role(district_officer)


def test_a_superuser_sees_and_manages_the_whole_tree(tree):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert codes(units_visible_to(admin)) == ["31450", "31484", "31495", "93", "935", "936"]
    assert codes(units_managed_by(admin)) == codes(units_visible_to(admin))
    assert list(agencies_visible_to(admin)) == [tree.agency]
