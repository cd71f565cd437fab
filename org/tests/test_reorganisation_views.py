"""The reorganisation page, the command, and what each person sees afterwards."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from org.enums import Role
from org.models import AdministrativeUnit, Membership, Succession
from org.reorganisation import apply
from org.reorganisation import workbook as wb
from org.tests.factories import ProvinceFactory, member
from org.tests.reorg_support import merger_rows, parsed, row
from products.models import Producer
from products.tests.factories import ProducerFactory, ProductFactory
from rating.tests.factories import district_round, small_sheet

pytestmark = pytest.mark.django_db


def xlsx(rows, name="sap-xep.xlsx"):
    return SimpleUploadedFile(name, wb.build_workbook(rows))


def url(code="93"):
    return reverse("org:reorganise", args=[code])


def test_the_province_officer_checks_then_applies(tree, client_for, province_officer, commune_official):
    producer = ProducerFactory(commune=tree.commune, name="HTX Thuận Hòa")
    client = client_for(province_officer, "en")
    assert client.get(url()).status_code == 200
    checked = client.post(url(), {"file": xlsx(merger_rows())})
    page = checked.content.decode()
    assert "9200001 Vĩnh Thuận Đông (xa) · 92 · 01/07/2025" in page
    assert "HTX Thuận Hòa (31484 → 9200001)" in page
    assert "cannot be undone" in page
    assert not AdministrativeUnit.objects.filter(code="92").exists()  # nothing saved by the check
    token = checked.context["confirm"].initial["token"]
    applied = client.post(url(), {"token": token, "understood": "on"})
    assert applied.status_code == 200
    memberships = applied.content.decode().split('id="memberships-ending"')[1]
    assert "(xa.thuanhoa): Commune official" in memberships and "(tinh.haugiang): Province OCOP officer" in memberships
    assert Producer.objects.get(pk=producer.pk).commune.code == "9200001"
    assert Succession.objects.filter(recorded_by=province_officer).count() == 4


def test_applying_needs_the_confirmation(tree, client_for, province_officer):
    client = client_for(province_officer, "en")
    checked = client.post(url(), {"file": xlsx(merger_rows())})
    response = client.post(url(), {"token": checked.context["confirm"].initial["token"]}, follow=True)
    assert "Tick the confirmation" in response.content.decode()
    assert not Succession.objects.exists()


def test_bad_rows_are_listed_and_nothing_is_saved(tree, client_for, province_officer):
    rows = [row("99999", "92", "Cần Thơ", "thanh_pho_tw")]
    response = client_for(province_officer, "en").post(url(), {"file": xlsx(rows)})
    page = response.content.decode()
    assert "1 problem found: nothing was saved." in page
    assert "No unit has the code 99999." in page
    assert "confirm" not in response.context or response.context.get("confirm") is None


def test_a_file_that_is_not_a_workbook_is_refused_by_its_content(tree, client_for, province_officer):
    fake = SimpleUploadedFile("sap-xep.xlsx", b"%PDF-1.4 not a workbook")
    response = client_for(province_officer, "en").post(url(), {"file": fake})
    assert "whatever its name says" in response.content.decode()


def test_a_unit_outside_the_province_is_unknown_on_the_page(tree, client_for):
    other = ProvinceFactory(code="94", name="Sóc Trăng")
    officer = member(Role.PROVINCE_OFFICER, other)
    response = client_for(officer, "en").post(url("94"), {"file": xlsx([row("31484", "94")])})
    assert "No unit has the code 31484." in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_gets_404(tree, client_for, method):
    officer = member(Role.PROVINCE_OFFICER, ProvinceFactory(code="94"))
    assert getattr(client_for(officer), method)(url()).status_code == 404


@pytest.mark.parametrize("role", [Role.LEADERSHIP, Role.DISTRICT_OFFICER])
def test_who_sees_the_province_but_does_not_run_it_gets_403(tree, client_for, role):
    place = tree.province if role == Role.LEADERSHIP else tree.district
    user = member(role, place)
    expected = 403 if role == Role.LEADERSHIP else 404  # a district officer does not see the province itself
    response = client_for(user).post(url(), {"file": xlsx(merger_rows())})
    assert response.status_code == expected
    assert not Succession.objects.exists()


def test_the_command_previews_then_applies(tree, tmp_path, capsys):
    ProducerFactory(commune=tree.commune, name="HTX Thuận Hòa")
    path = tmp_path / "sap-xep.xlsx"
    path.write_bytes(wb.build_workbook(merger_rows()))
    out = io.StringIO()
    call_command("reorganise", str(path), stdout=out)
    assert "HTX Thuận Hòa (31484 → 9200001)" in out.getvalue()
    assert not Succession.objects.exists()
    call_command("reorganise", str(path), "--apply", stdout=io.StringIO())
    assert Succession.objects.count() == 4


def test_the_command_lists_bad_rows_and_saves_nothing(tree, tmp_path):
    path = tmp_path / "sap-xep.xlsx"
    path.write_bytes(wb.build_workbook([*merger_rows(), row("31484", "92", date="ngày mai")]))
    err = io.StringIO()
    with pytest.raises(CommandError), translation.override("en"):
        call_command("reorganise", str(path), "--apply", stdout=io.StringIO(), stderr=err)
    assert "“Ngày hiệu lực”: “ngày mai” is not a date" in err.getvalue()
    assert not Succession.objects.exists()


@pytest.fixture
def merged(tree, commune_official):
    producer = ProducerFactory(commune=tree.commune, name="HTX Thuận Hòa")
    product = ProductFactory(producer=producer, name="Trà mãng cầu")
    with translation.override("en"):  # the history's reason is written in the language of who applies the file
        apply(parsed(merger_rows()))
    return producer, product


def test_the_abolished_communes_official_sees_nothing(tree, client_for, commune_official, merged):
    producer, product = merged
    client = client_for(commune_official)
    assert client.get(reverse("products:producer_detail", args=[producer.pk])).status_code == 404
    assert client.get(reverse("products:product_detail", args=[product.pk])).status_code == 404


def test_the_successors_official_sees_the_moved_producer_and_its_history(tree, client_for, merged):
    producer, product = merged
    official = member(Role.COMMUNE_OFFICIAL, AdministrativeUnit.objects.get(code="9200001"))
    response = client_for(official, "en").get(reverse("products:producer_detail", args=[producer.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Moved by reorganisation: Nghị quyết 1668/NQ-UBTVQH15 ngày 16/06/2025" in page
    assert client_for(official).get(reverse("products:product_detail", args=[product.pk])).status_code == 200


def test_the_successor_province_sees_the_old_district_rounds(tree, client_for, district_officer, merged):
    small_sheet()
    round_ = district_round(tree, district_officer, [])
    city_officer = member(Role.PROVINCE_OFFICER, AdministrativeUnit.objects.get(code="92"))
    response = client_for(city_officer).get(reverse("rating:round_detail", args=[round_.pk]))
    assert response.status_code == 200
    listed = client_for(city_officer).get(reverse("rating:round_list"))
    assert reverse("rating:round_detail", args=[round_.pk]) in listed.content.decode()


@pytest.mark.parametrize("rows", [1, 3])
def test_the_successors_producer_list_keeps_its_query_count(tree, client_for, django_assert_num_queries, rows):
    for number in range(rows):
        ProducerFactory(commune=tree.commune if number % 2 else tree.other_commune)
    apply(parsed(merger_rows()))
    official = member(Role.COMMUNE_OFFICIAL, AdministrativeUnit.objects.get(code="9200001"))
    client = client_for(official)
    client.get(reverse("products:producer_list"))  # warm the session and caches
    with django_assert_num_queries(7):  # as for any commune official (products/tests/test_views.py)
        response = client.get(reverse("products:producer_list"))
    assert response.status_code == 200


def test_ended_memberships_grant_nothing(tree, commune_official, client_for):
    Membership.objects.filter(user=commune_official).update(ended_at="2025-07-01T00:00:00Z")
    assert client_for(commune_official).get(reverse("org:unit_detail", args=["31484"])).status_code == 404


def test_new_producers_are_registered_in_the_successor_only(tree, merged):
    from products.selectors import communes_for_registration, communes_visible_to

    official = member(Role.COMMUNE_OFFICIAL, AdministrativeUnit.objects.get(code="9200001"))
    assert [u.code for u in communes_for_registration(official)] == ["9200001"]
    assert sorted(u.code for u in communes_visible_to(official)) == ["31484", "31495", "9200001"]
