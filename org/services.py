"""Every change to organisations and memberships goes through these functions.

They are idempotent ("ensure"): called twice with the same arguments, the second call changes nothing.
That is what lets `seed_demo` run any number of times.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from org.models import AdministrativeUnit, Agency, Membership


def _apply(instance, fields):
    """Set fields that differ; return True if anything changed."""
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, fields[name])
    return bool(changed)


@transaction.atomic
def ensure_unit(*, code, name, kind, parent=None):
    unit = AdministrativeUnit.objects.filter(code=code).first()
    fields = {"name": name, "kind": kind, "parent": parent}
    if unit is None:
        unit = AdministrativeUnit(code=code, **fields)
    elif not _apply(unit, fields):
        return unit
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def ensure_agency(*, unit, name, short_name=""):
    agency = Agency.objects.filter(unit=unit, name=name).first()
    if agency is None:
        agency = Agency(unit=unit, name=name, short_name=short_name)
    elif not _apply(agency, {"short_name": short_name}):
        return agency
    return save_agency(agency)


@transaction.atomic
def save_agency(agency):
    """Create or update an agency from a validated form instance."""
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def ensure_user(*, username, password, full_name="", email="", is_staff=False, is_superuser=False):
    """Create the account if missing; return (user, created). An existing account keeps its password."""
    User = get_user_model()
    first, _sep, last = full_name.rpartition(" ")
    fields = {
        "first_name": first,
        "last_name": last,
        "email": email,
        "is_staff": is_staff or is_superuser,
        "is_superuser": is_superuser,
    }
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, **fields)
        validate_password(password, user)
        user.set_password(password)
        user.save()
        return user, True
    if _apply(user, fields):
        user.save()
    return user, False


@transaction.atomic
def ensure_membership(*, user, role, unit=None, agency=None):
    existing = Membership.objects.filter(user=user, role=role, unit=unit, agency=agency).first()
    if existing is not None:
        return existing
    membership = Membership(user=user, role=role, unit=unit, agency=agency)
    membership.full_clean()
    membership.save()
    return membership
