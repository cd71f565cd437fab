"""Fixtures shared by every app's tests: a small administrative tree and one person per role.

The triad the design asks every view test to cover:
- `commune_official`: an official of `commune` (the owner of commune data);
- `district_officer`: the OCOP officer of `district`, which contains `commune` (permitted, manages);
- `other_commune_official`: an official of `other_commune`, in the same district (the outsider).
"""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client

from org.enums import Role
from org.tests.factories import AgencyFactory, CommuneFactory, DistrictFactory, ProvinceFactory, member


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads never land in the checkout
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The dashboard worked out afresh at each request: a test sees the data it has just written (the cache is
    # tested on its own, with the setting back on).
    settings.REPORT_DASHBOARD_CACHE_SECONDS = 0
    settings.PLAN_DASHBOARD_CACHE_SECONDS = 0  # plans/tests/test_queries.py turns it on
    settings.HISTORY_CACHE_SECONDS = 0  # ocop_portal/tests/test_history_kept.py turns it on
    settings.RATING_KEEP_CRITERIA = False  # sheets' pks come again after a rollback; rating/tests/test_kept_criteria.py
    settings.LIST_COUNT_CACHE_SECONDS = 0  # ocop_portal/tests/test_paging.py turns it on
    settings.CATALOGUE_CACHE_SECONDS = 0  # rating/tests/test_public.py turns it on
    settings.FILTER_CHOICES_CACHE_SECONDS = 0  # likewise the filter forms' choices (ocop_portal/tests/test_widgets.py)
    # Tests run with DEBUG off; serve static files from the source folders, not a collected manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def tree(db):
    province = ProvinceFactory(code="93", name="Hậu Giang")
    district = DistrictFactory(code="936", name="Long Mỹ", parent=province)
    commune = CommuneFactory(code="31484", name="Thuận Hòa", parent=district)
    other_commune = CommuneFactory(code="31495", name="Xà Phiên", parent=district)
    other_district = DistrictFactory(code="935", name="Vị Thủy", parent=province)
    far_commune = CommuneFactory(code="31450", name="Vị Thắng", parent=other_district)
    agency = AgencyFactory(unit=district, name="Phòng Kinh tế và Hạ tầng", short_name="Phòng KT&HT")
    return SimpleNamespace(
        province=province,
        district=district,
        commune=commune,
        other_commune=other_commune,
        other_district=other_district,
        far_commune=far_commune,
        agency=agency,
    )


@pytest.fixture
def commune_official(tree):
    return member(Role.COMMUNE_OFFICIAL, tree.commune, username="xa.thuanhoa")


@pytest.fixture
def other_commune_official(tree):
    return member(Role.COMMUNE_OFFICIAL, tree.other_commune, username="xa.xaphien")


@pytest.fixture
def district_officer(tree):
    return member(Role.DISTRICT_OFFICER, tree.district, username="huyen.longmy")


@pytest.fixture
def province_officer(tree):
    return member(Role.PROVINCE_OFFICER, tree.province, username="tinh.haugiang")


@pytest.fixture
def agency_staff(tree):
    return member(Role.AGENCY_STAFF, tree.agency, username="coquan.ktht")


@pytest.fixture
def leadership(tree):
    return member(Role.LEADERSHIP, tree.district, username="lanhdao.longmy")


@pytest.fixture
def client_for():
    """client_for(user, language="vi") -> a Client signed in as `user`, with that language chosen."""

    def make(user, language="vi"):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        client.force_login(user)
        return client

    return make
