import pytest

from org import rules as org_rules
from org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

ROLE_PREDICATES = {
    "commune_official": org_rules.is_commune_official,
    "district_officer": org_rules.is_district_officer,
    "province_officer": org_rules.is_province_officer,
    "agency_staff": org_rules.is_agency_staff,
    "leadership": org_rules.is_leadership,
}


@pytest.mark.parametrize("role", ROLE_PREDICATES)
def test_each_role_predicate_holds_for_its_role_only(request, tree, role):
    user = request.getfixturevalue(role)
    for name, predicate in ROLE_PREDICATES.items():
        assert predicate.test(user) is (name == role), name


def test_can_view_unit(tree, commune_official, district_officer, other_commune_official):
    assert org_rules.can_view_unit.test(commune_official, tree.commune)
    assert not org_rules.can_view_unit.test(commune_official, tree.district)
    assert not org_rules.can_view_unit.test(other_commune_official, tree.commune)
    assert org_rules.can_view_unit.test(district_officer, tree.commune)
    assert not org_rules.can_view_unit.test(district_officer, tree.far_commune)
    assert not org_rules.can_view_unit.test(district_officer, None)


def test_manages_unit(tree, district_officer, leadership, province_officer):
    assert org_rules.manages_unit.test(district_officer, tree.commune)
    assert not org_rules.manages_unit.test(district_officer, tree.province)
    assert not org_rules.manages_unit.test(leadership, tree.commune)
    assert org_rules.manages_unit.test(province_officer, tree.far_commune)


def test_agency_predicates(tree, agency_staff, district_officer, leadership, commune_official):
    other = AgencyFactory(unit=tree.district)
    assert org_rules.works_in_agency.test(agency_staff, tree.agency)
    assert not org_rules.works_in_agency.test(agency_staff, other)
    assert org_rules.manages_agency.test(district_officer, other)
    assert not org_rules.manages_agency.test(leadership, other)
    assert org_rules.can_view_agency.test(leadership, other)
    assert org_rules.can_view_agency.test(agency_staff, tree.agency)
    assert not org_rules.can_view_agency.test(agency_staff, other)
    assert not org_rules.can_view_agency.test(commune_official, other)


def test_permissions_are_wired(tree, district_officer, leadership, commune_official):
    assert district_officer.has_perm("org.add_agency_record")
    assert district_officer.has_perm("org.change_agency_record", tree.agency)
    assert not leadership.has_perm("org.add_agency_record")
    assert not leadership.has_perm("org.change_agency_record", tree.agency)
    assert commune_official.has_perm("org.home_commune_official")
    assert not commune_official.has_perm("org.home_district_officer")
