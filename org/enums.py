from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """Tiers of the administrative tree. A province without districts skips DISTRICT."""

    PROVINCE = 1, _("Province level")
    DISTRICT = 2, _("District level")
    COMMUNE = 3, _("Commune level")


class UnitKind(models.TextChoices):
    PROVINCE = "tinh", _("Province")
    CENTRAL_CITY = "thanh_pho_tw", _("Centrally-run city")
    RURAL_DISTRICT = "huyen", _("Rural district")
    TOWN = "thi_xa", _("Town")
    PROVINCIAL_CITY = "thanh_pho_thuoc_tinh", _("Provincial city")
    URBAN_DISTRICT = "quan", _("Urban district")
    COMMUNE = "xa", _("Commune")
    WARD = "phuong", _("Ward")
    TOWNSHIP = "thi_tran", _("Township")
    SPECIAL_ZONE = "dac_khu", _("Special zone")


KIND_LEVEL = {
    UnitKind.PROVINCE: Level.PROVINCE,
    UnitKind.CENTRAL_CITY: Level.PROVINCE,
    UnitKind.RURAL_DISTRICT: Level.DISTRICT,
    UnitKind.TOWN: Level.DISTRICT,
    UnitKind.PROVINCIAL_CITY: Level.DISTRICT,
    UnitKind.URBAN_DISTRICT: Level.DISTRICT,
    UnitKind.COMMUNE: Level.COMMUNE,
    UnitKind.WARD: Level.COMMUNE,
    UnitKind.TOWNSHIP: Level.COMMUNE,
    UnitKind.SPECIAL_ZONE: Level.COMMUNE,
}


class Role(models.TextChoices):
    COMMUNE_OFFICIAL = "commune_official", _("Commune official")
    DISTRICT_OFFICER = "district_officer", _("District OCOP officer")
    PROVINCE_OFFICER = "province_officer", _("Province OCOP officer")
    AGENCY_STAFF = "agency_staff", _("Agency staff")
    LEADERSHIP = "leadership", _("Leadership")


# Which unit levels each unit-bound role may be attached to. Agency staff attach to an agency.
ROLE_LEVELS = {
    Role.COMMUNE_OFFICIAL: {Level.COMMUNE},
    Role.DISTRICT_OFFICER: {Level.DISTRICT},
    Role.PROVINCE_OFFICER: {Level.PROVINCE},
    # Since 01/07/2025 the chairman of a commune's People's Committee (Chủ tịch UBND xã) reads the commune's figures.
    Role.LEADERSHIP: {Level.COMMUNE, Level.DISTRICT, Level.PROVINCE},
}
UNIT_ROLES = tuple(ROLE_LEVELS)
# Roles that manage what lies in their scope (the others read, or act only on their own work).
MANAGING_ROLES = (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER)
# Order in which a person holding several roles lands on a home page.
ROLE_PRIORITY = (
    Role.DISTRICT_OFFICER,
    Role.PROVINCE_OFFICER,
    Role.COMMUNE_OFFICIAL,
    Role.AGENCY_STAFF,
    Role.LEADERSHIP,
)


class BodyKind(models.TextChoices):
    """The bodies whose names change over time (texts such as certificates and reports name them)."""

    PEOPLES_COMMITTEE = "ubnd", _("People's Committee")
    AGRICULTURE_DEPARTMENT = "so_nn", _("Department of Agriculture")
    MINISTRY = "bo_nn", _("Ministry of Agriculture")
