"""Querysets scoped to a user. Views start here, so what is out of scope is simply not found."""

from django.db.models import Count, Q

from org.enums import MANAGING_ROLES, ROLE_PRIORITY, Role
from org.models import AdministrativeUnit, Agency, Membership

_CACHE_ATTR = "_ocop_memberships"


def memberships_of(user):
    """The user's active memberships, loaded once per request (cached on the user object). Everything in the
    portal derives scope and roles from here, so an ended membership grants nothing."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.active().filter(user=user).select_related("unit", "agency__unit").order_by("role", "pk")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user):
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user):
    return {m.role for m in memberships_of(user)}


def roles_by_priority(user):
    """The user's roles, the one whose home page they land on first."""
    roles = roles_of(user)
    return [role for role in ROLE_PRIORITY if role in roles]


def primary_role(user):
    return next(iter(roles_by_priority(user)), None)


def memberships_with_role(user, role):
    return [m for m in memberships_of(user) if m.role == role]


def _scope_paths(user, roles=None):
    """(path, whole_subtree) pairs the user may see, optionally for some roles only.

    A superuser (the system administrator) sees and manages the whole tree, as in the admin.
    A unit that carries on the area of ended units (org.succession) also yields their paths, whole subtrees: what
    they kept (rounds, certificates, plans, reports) is seen by whoever holds the successor. A subtree role inherits
    what led to its unit or to any unit below it; agency staff what led to their agency's unit itself. The paths
    come with the membership's unit, so this costs no query.
    """
    if getattr(user, "is_superuser", False) and user.is_active:
        return [("/", True)]
    pairs = []
    for membership in memberships_of(user):
        if roles is not None and membership.role not in roles:
            continue
        unit = membership.scope_unit
        # Agency staff see their agency's own unit, not everything below it.
        subtree = membership.role != Role.AGENCY_STAFF
        pairs.append((unit.path, subtree))
        pairs.extend((path, subtree) for path in (unit.inherited_below if subtree else unit.inherited_own))
    return pairs


def _paths_q(pairs, field="path"):
    query = Q(pk__in=[])
    for path, subtree in pairs:
        query |= Q(**{f"{field}__startswith": path}) if subtree else Q(**{field: path})
    return query


def scope_q(user, field, roles=None):
    """A Q object matching rows whose unit path (through `field`) lies in the user's scope for `roles`."""
    return _paths_q(_scope_paths(user, roles), field=field)


def path_in_scope(user, path, roles=None):
    """Pure-Python scope test on a unit path; used by the rules predicates (no query)."""
    return any(path.startswith(scope) if subtree else path == scope for scope, subtree in _scope_paths(user, roles))


def units_visible_to(user):
    pairs = _scope_paths(user)
    if not pairs:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.filter(_paths_q(pairs)).select_related("parent")


def units_managed_by(user):
    pairs = _scope_paths(user, roles=MANAGING_ROLES)
    if not pairs:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.filter(_paths_q(pairs))


def unit_list_for(user):
    """The 'Địa bàn' list: units in scope with their counts of sub-units and agencies."""
    return units_visible_to(user).annotate(
        child_count=Count("children", distinct=True), agency_count=Count("agencies", distinct=True)
    )


def agencies_visible_to(user):
    """Agencies in the scope of a unit-bound role, plus the agencies the user works in."""
    unit_pairs = [(path, subtree) for path, subtree in _scope_paths(user) if subtree]
    own = [m.agency_id for m in memberships_with_role(user, Role.AGENCY_STAFF)]
    query = _paths_q(unit_pairs, field="unit__path") | Q(pk__in=own)
    if not unit_pairs and not own:
        return Agency.objects.none()
    return Agency.objects.filter(query).select_related("unit")
