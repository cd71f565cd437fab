import re

import pytest
from django.urls import reverse

from org.models import Agency
from org.tests.factories import AgencyFactory, CommuneFactory

pytestmark = pytest.mark.django_db


# --- Units ('Địa bàn') -------------------------------------------------------------------------


def test_unit_list_shows_the_district_and_its_communes(tree, district_officer, client_for):
    page = client_for(district_officer).get(reverse("org:unit_list")).content.decode()
    assert "Huyện Long Mỹ" in page
    assert "Xã Thuận Hòa" in page and "Xã Xà Phiên" in page
    assert "Vị Thắng" not in page


def test_unit_list_of_a_commune_official_is_the_commune(tree, commune_official, client_for):
    page = client_for(commune_official).get(reverse("org:unit_list")).content.decode()
    assert "Xã Thuận Hòa" in page
    assert "Xà Phiên" not in page
    assert reverse("org:unit_detail", args=["936"]) not in page


@pytest.mark.parametrize("extra_communes", [0, 6])
def test_unit_list_query_count_does_not_grow(
    tree, district_officer, client_for, django_assert_num_queries, extra_communes
):
    for _ in range(extra_communes):
        AgencyFactory(unit=CommuneFactory(parent=tree.district))
    client = client_for(district_officer)
    # session, user, memberships, units
    with django_assert_num_queries(4):
        response = client.get(reverse("org:unit_list"))
    assert len(re.findall(r'href="/org/units/\d+/"', response.content.decode())) == 3 + extra_communes


def test_unit_detail_triad(tree, commune_official, district_officer, other_commune_official, client_for):
    url = reverse("org:unit_detail", args=[tree.commune.code])
    owner_page = client_for(commune_official).get(url)
    assert owner_page.status_code == 200
    assert "31484" in owner_page.content.decode()
    assert client_for(district_officer).get(url).status_code == 200
    assert client_for(other_commune_official).get(url).status_code == 404


def test_unit_detail_lists_units_below_and_agencies(tree, district_officer, client_for):
    page = client_for(district_officer).get(reverse("org:unit_detail", args=["936"])).content.decode()
    assert "Xã Thuận Hòa" in page
    assert "Phòng Kinh tế và Hạ tầng" in page


def test_pages_need_sign_in(tree):
    from django.test import Client

    for url in [
        reverse("org:unit_list"),
        reverse("org:unit_detail", args=["936"]),
        reverse("org:agency_list"),
        reverse("org:agency_add"),
        reverse("org:agency_edit", args=[tree.agency.pk]),
    ]:
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response.url == f"{reverse('login')}?next={url}"


# --- Agencies ----------------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [0, 5])
def test_agency_list_query_count_does_not_grow(tree, district_officer, client_for, django_assert_num_queries, extra):
    AgencyFactory.create_batch(extra, unit=tree.district)
    client = client_for(district_officer)
    with django_assert_num_queries(4):
        response = client.get(reverse("org:agency_list"))
    assert response.content.decode().count("/edit/") == 1 + extra


def test_leadership_reads_agencies_but_cannot_add_or_edit(tree, leadership, client_for):
    client = client_for(leadership)
    page = client.get(reverse("org:agency_list")).content.decode()
    assert "Phòng Kinh tế và Hạ tầng" in page
    assert reverse("org:agency_add") not in page
    assert client.get(reverse("org:agency_add")).status_code == 403
    edit = reverse("org:agency_edit", args=[tree.agency.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"unit": tree.district.pk, "name": "Đổi tên", "short_name": ""}).status_code == 403
    tree.agency.refresh_from_db()
    assert tree.agency.name == "Phòng Kinh tế và Hạ tầng"


def test_agency_edit_triad(tree, district_officer, commune_official, agency_staff, client_for):
    edit = reverse("org:agency_edit", args=[tree.agency.pk])
    data = {"unit": tree.district.pk, "name": "Phòng Kinh tế, Hạ tầng và Đô thị", "short_name": "Phòng KT-HT-ĐT"}
    response = client_for(district_officer).post(edit, data)
    assert response.status_code == 302
    tree.agency.refresh_from_db()
    assert tree.agency.short_name == "Phòng KT-HT-ĐT"
    # An outsider does not even learn that the agency exists.
    assert client_for(commune_official).post(edit, data).status_code == 404
    # Staff of the agency may see it, not rename it.
    assert client_for(agency_staff).post(edit, data).status_code == 403


def test_district_officer_adds_an_agency_in_the_district(tree, district_officer, client_for):
    client = client_for(district_officer)
    form_page = client.get(reverse("org:agency_add")).content.decode()
    assert "Vị Thủy" not in form_page  # only units the officer manages are offered
    response = client.post(
        reverse("org:agency_add"),
        {"unit": tree.district.pk, "name": "Phòng Y tế", "short_name": "Phòng YT"},
        follow=True,
    )
    assert Agency.objects.filter(unit=tree.district, name="Phòng Y tế").exists()
    assert "Đã lưu Phòng Y tế." in response.content.decode()


def test_bad_agency_input_saves_nothing_and_says_why_in_vietnamese(tree, district_officer, client_for):
    client = client_for(district_officer)
    count = Agency.objects.count()
    duplicate = {"unit": tree.district.pk, "name": tree.agency.name, "short_name": ""}
    page = client.post(reverse("org:agency_add"), duplicate).content.decode()
    assert Agency.objects.count() == count
    assert "Đơn vị này đã có cơ quan mang tên này." in page
    outside = {"unit": tree.other_district.pk, "name": "Phòng Y tế", "short_name": ""}
    page = client.post(reverse("org:agency_add"), outside).content.decode()
    assert Agency.objects.count() == count
    assert "Hãy chọn một lựa chọn hợp lệ" in page
