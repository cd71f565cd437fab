"""Who may do what: django-rules predicates and the permissions built from them."""

import rules

from org.enums import MANAGING_ROLES, UNIT_ROLES, Role
from org.selectors import memberships_with_role, path_in_scope, roles_of


def _has_role(role):
    @rules.predicate(name=f"is_{role}")
    def predicate(user):
        return role in roles_of(user)

    return predicate


is_commune_official = _has_role(Role.COMMUNE_OFFICIAL)
is_district_officer = _has_role(Role.DISTRICT_OFFICER)
is_province_officer = _has_role(Role.PROVINCE_OFFICER)
is_agency_staff = _has_role(Role.AGENCY_STAFF)
is_leadership = _has_role(Role.LEADERSHIP)
is_manager = is_district_officer | is_province_officer


@rules.predicate
def has_any_role(user):
    return bool(roles_of(user))


@rules.predicate
def can_view_unit(user, unit):
    return unit is not None and path_in_scope(user, unit.path)


@rules.predicate
def manages_unit(user, unit):
    return unit is not None and path_in_scope(user, unit.path, roles=MANAGING_ROLES)


@rules.predicate
def works_in_agency(user, agency):
    return agency is not None and any(m.agency_id == agency.pk for m in memberships_with_role(user, Role.AGENCY_STAFF))


@rules.predicate
def manages_agency(user, agency):
    return agency is not None and path_in_scope(user, agency.unit.path, roles=MANAGING_ROLES)


@rules.predicate
def can_view_agency(user, agency):
    if agency is None:
        return False
    return works_in_agency(user, agency) or path_in_scope(user, agency.unit.path, roles=UNIT_ROLES)


# Role home pages.
rules.add_perm("org.home_commune_official", is_commune_official)
rules.add_perm("org.home_district_officer", is_district_officer)
rules.add_perm("org.home_province_officer", is_province_officer)
rules.add_perm("org.home_agency_staff", is_agency_staff)
rules.add_perm("org.home_leadership", is_leadership)

# Units and agencies.
rules.add_perm("org.list_agencies", has_any_role)
rules.add_perm("org.add_agency_record", is_manager)
rules.add_perm("org.change_agency_record", manages_agency)


@rules.predicate
def reorganises_province(user, unit):
    """The province's OCOP officers (the superuser passes every permission)."""
    return unit is not None and unit.parent_id is None and path_in_scope(user, unit.path, roles=[Role.PROVINCE_OFFICER])


rules.add_perm("org.reorganise_units", reorganises_province)
