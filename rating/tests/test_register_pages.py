"""The province officer's register page and `manage.py import_register`: preview, near-match choices, apply,
scope (outsider 404, read-only role 403) and the upload checks."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from org.enums import Role
from org.tests.factories import ProvinceFactory, member
from products.models import Producer
from products.tests.factories import ProducerFactory
from rating.models import Certificate
from rating.register import reading
from rating.tests.test_register import row, rule_sets, workbook  # noqa: F401

pytestmark = pytest.mark.django_db


def upload(content, name="so-ocop.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def url(tree, name="certificates:register_import"):
    return reverse(name, args=[tree.province.code])


def test_preview_then_apply(tree, province_officer, client_for):
    client = client_for(province_officer)
    assert 'id="register-link"' in client.get(reverse("certificates:certificate_list")).content.decode()
    page = client.post(url(tree), {"file": upload(workbook(row()))}).content.decode()
    assert 'id="register-preview"' in page and not Certificate.objects.exists()
    assert 'id="cannot-undo"' in page
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post(url(tree, "certificates:register_apply"), {"token": token, "understood": "on"})
    assert response.status_code == 302 and response["Location"].endswith("?source=register")
    certificate = Certificate.objects.get()
    assert certificate.decision_number == "1234/QĐ-UBND" and certificate.issued_by == province_officer


def test_near_matches_must_be_chosen_on_the_page(tree, province_officer, client_for):
    existing = ProducerFactory(commune=tree.commune, name="HTX Mãng cầu Thuận Hòa")
    client = client_for(province_officer)
    page = client.post(url(tree), {"file": upload(workbook(row()))}).content.decode()
    assert 'id="near-matches"' in page and "HTX Mãng cầu Thuận Hòa" in page
    token = page.split('name="token" value="')[1].split('"')[0]
    field = page.split('name="near-')[1].split('"')[0]
    again = client.post(url(tree, "certificates:register_apply"), {"token": token})
    assert again.status_code == 200 and 'id="near-matches"' in again.content.decode()
    assert not Certificate.objects.exists()
    client.post(url(tree, "certificates:register_apply"), {"token": token, f"near-{field}": str(existing.pk)})
    assert Certificate.objects.get().product.producer == existing and Producer.objects.count() == 1


def test_errors_are_listed_by_row_and_column(tree, province_officer, client_for):
    content = workbook(row(**{reading.STARS: 6}))
    page = client_for(province_officer).post(url(tree), {"file": upload(content)}).content.decode()
    assert 'id="import-errors"' in page and "<td>2</td><td>Hạng sao</td>" in page
    assert not Certificate.objects.exists()


def test_the_file_is_checked_by_its_content(tree, province_officer, client_for):
    fake = upload(b"%PDF-1.4 not a workbook", name="so-ocop.xlsx")
    page = client_for(province_officer).post(url(tree), {"file": fake}).content.decode()
    assert 'id="register-preview"' not in page and "XLSX" in page


def test_the_file_size_is_limited(tree, province_officer, client_for, settings):
    settings.IMPORT_MAX_MB = 1
    big = upload(workbook(row()) + b"\0" * (1024 * 1024))
    page = client_for(province_officer).post(url(tree), {"file": big}).content.decode()
    assert 'id="register-preview"' not in page and "giới hạn" in page


@pytest.mark.parametrize("name", ["certificates:register_import", "certificates:register_apply"])
def test_scope_outsider_404_read_only_403(tree, client_for, name, district_officer, commune_official):
    other = ProvinceFactory(code="94", name="Sóc Trăng")
    outsider = member(Role.PROVINCE_OFFICER, other, username="tinh.soctrang")
    reader = member(Role.LEADERSHIP, tree.province, username="lanhdao.tinh")
    assert client_for(outsider).post(url(tree, name)).status_code == 404
    assert client_for(district_officer).post(url(tree, name)).status_code == 404
    assert client_for(commune_official).post(url(tree, name)).status_code == 404
    assert client_for(reader).post(url(tree, name)).status_code == 403


# --- The command -----------------------------------------------------------------------------------------


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_register", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_previews_without_saving_then_applies(tree, province_officer, tmp_path):
    path = tmp_path / "so.xlsx"
    path.write_bytes(workbook(row(), row(**{reading.PRODUCT: "Mật ong", reading.DECISION_DATE: None})))
    out, _err = run(str(path), "--province", "93")
    assert "2" in out and "Trà mãng cầu" in out and not Certificate.objects.exists()
    out, _err = run(str(path), "--province", "93", "--apply", "--user", province_officer.username)
    assert Certificate.objects.count() == 2
    assert Certificate.objects.filter(issued_by=province_officer, decision_date=date(2024, 5, 10)).count() == 1
    run(str(path), "--province", "93", "--apply")
    assert Certificate.objects.count() == 2


def test_command_prints_errors_by_row_and_column_and_fails(tree, tmp_path):
    path = tmp_path / "so.xlsx"
    path.write_bytes(workbook(row(**{reading.COMMUNE: "Tân Phú"})))
    with pytest.raises(CommandError):
        run(str(path), "--province", "93", "--apply")
    assert not Certificate.objects.exists()


def test_command_asks_for_near_match_choices(tree, tmp_path):
    existing = ProducerFactory(commune=tree.commune, name="HTX Mãng cầu Thuận Hòa")
    path = tmp_path / "so.xlsx"
    path.write_bytes(workbook(row()))
    with pytest.raises(CommandError):
        run(str(path), "--province", "93", "--apply")
    out, _err = run(str(path), "--province", "93")
    token = out.split("--choose ")[1].split("=")[0]
    run(str(path), "--province", "93", "--apply", "--choose", f"{token}={existing.pk}")
    assert Certificate.objects.get().product.producer == existing
