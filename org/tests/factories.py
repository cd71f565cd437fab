import factory
from django.contrib.auth import get_user_model

from org.enums import Role, UnitKind
from org.models import AdministrativeUnit, Agency, Membership

PASSWORD = "an-ocop-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Nguyễn Văn"
    last_name = factory.Sequence(lambda n: f"An{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"{10 + n}")
    name = factory.Sequence(lambda n: f"Tỉnh số {n}")
    kind = UnitKind.PROVINCE
    parent = None


class DistrictFactory(ProvinceFactory):
    code = factory.Sequence(lambda n: f"{100 + n}")
    name = factory.Sequence(lambda n: f"Huyện số {n}")
    kind = UnitKind.RURAL_DISTRICT
    parent = factory.SubFactory(ProvinceFactory)


class CommuneFactory(ProvinceFactory):
    code = factory.Sequence(lambda n: f"{20000 + n}")
    name = factory.Sequence(lambda n: f"Xã số {n}")
    kind = UnitKind.COMMUNE
    parent = factory.SubFactory(DistrictFactory)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    unit = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Phòng số {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.COMMUNE_OFFICIAL
    unit = factory.SubFactory(CommuneFactory)
    agency = None


def member(role, place, **user_fields):
    """A new user holding `role` at `place` (a unit, or an agency for agency staff)."""
    user = UserFactory(**user_fields)
    if role == Role.AGENCY_STAFF:
        MembershipFactory(user=user, role=role, unit=None, agency=place)
    else:
        MembershipFactory(user=user, role=role, unit=place)
    return user
