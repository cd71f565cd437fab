"""Certificates as pages: the PDF, and the signed-in screens with the triad (province officer manages, district
and commune read, outsiders 404). The round, entry and certificate fixtures come from conftest.py."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from rating import certificate_pdf, certificates
from rating.enums import RoundStatus
from rating.models import Certificate
from rating.tests.test_certificates import make_certificate, make_entry, make_round

pytestmark = pytest.mark.django_db


# --- The PDF ----------------------------------------------------------------------------------------------


def test_the_pdf_is_one_landscape_page_with_the_bundled_font(certificate):
    url = f"https://ocop.example.vn/verify/{certificate.token}/"
    certificate = certificates.public_certificates().get(pk=certificate.pk)
    document = certificate_pdf.render_document(certificate, url)
    assert len(document.pages) == 1
    page = document.pages[0]
    assert page.width > page.height  # landscape
    pdf = document.write_pdf(uncompressed_pdf=True)
    assert pdf.startswith(b"%PDF-")
    assert b"/FontFile2" in pdf and b"+Certificate-Serif" in pdf  # the bundled font (its @font-face family), embedded


def test_the_longest_names_and_a_revocation_still_fit_on_one_page(certificate, province_officer):
    certificates.revoke_certificate(certificate, user=province_officer, reason="Cơ sở ngừng sản xuất. " * 80)
    certificate = certificates.public_certificates().get(pk=certificate.pk)
    product = certificate.entry.product
    product.name = ("Trà mãng cầu xiêm sấy lạnh hữu cơ Phụng Phát " * 5)[:200]
    product.producer.name = ("Hợp tác xã nông nghiệp dịch vụ tổng hợp Thuận Hòa " * 5)[:200]
    product.producer.hamlet = ("Ấp Thuận Hưng " * 10)[:120]
    assert len(certificate_pdf.render_document(certificate, "https://ocop.example.vn/verify/x/").pages) == 1


def test_the_pdf_says_it_all_in_vietnamese(certificate):
    url = f"https://ocop.example.vn/verify/{certificate.token}/"
    context = certificate_pdf.context_for(certificates.public_certificates().get(pk=certificate.pk), url)
    with translation.override("vi"):
        html = render_to_string("rating/certificates/certificate_pdf.html", context)
    for text in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "TỈNH HẬU GIANG",
        "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP",
        "Trà mãng cầu Phụng Phát",
        "★★★★",
        "93-2024-0001/OCOP",
        "15/03/2024",
        "15/03/2027",
        "Xã Thuận Hòa",
        "Huyện Long Mỹ",
        url,
    ]:
        assert text in html, text
    assert context["qr"].startswith("data:image/svg+xml")


# --- Screens: who sees what -------------------------------------------------------------------------


def url_of(name, certificate):
    return reverse(f"certificates:{name}", args=[certificate.pk])


@pytest.mark.parametrize("who", ["province_officer", "district_officer", "commune_official", "leadership"])
def test_the_commune_and_those_above_read_the_certificate(request, client_for, certificate, who):
    client = client_for(request.getfixturevalue(who))
    assert certificate.number in client.get(reverse("certificates:certificate_list")).content.decode()
    page = client.get(url_of("certificate_detail", certificate)).content.decode()
    assert "Trà mãng cầu Phụng Phát" in page and "15/03/2027" in page
    assert f"/verify/{certificate.token}/" in page
    response = client.get(url_of("certificate_pdf", certificate))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "chung-nhan-ocop-93-2024-0001-ocop.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["certificate_detail", "certificate_pdf"])
def test_outsiders_get_404(client_for, certificate, other_commune_official, name):
    assert client_for(other_commune_official).get(url_of(name, certificate)).status_code == 404


def test_outsiders_lists_do_not_show_it(client_for, certificate, other_commune_official):
    page = client_for(other_commune_official).get(reverse("certificates:certificate_list")).content.decode()
    assert certificate.number not in page


def test_agency_staff_has_no_list_and_anonymous_signs_in(client, client_for, certificate, agency_staff):
    assert client_for(agency_staff).get(reverse("certificates:certificate_list")).status_code == 403
    for url in [reverse("certificates:certificate_list"), url_of("certificate_detail", certificate)]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_province_officer_revokes_with_a_reason(client_for, certificate, province_officer):
    client = client_for(province_officer)
    assert 'id="revoke"' in client.get(url_of("certificate_detail", certificate)).content.decode()
    response = client.post(url_of("certificate_revoke", certificate), {"reason": " "}, follow=True)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert "Nêu lý do thu hồi" in response.content.decode()
    client.post(url_of("certificate_revoke", certificate), {"reason": "Cơ sở ngừng sản xuất"})
    certificate.refresh_from_db()
    assert certificate.revoked_at and certificate.revocation_reason == "Cơ sở ngừng sản xuất"
    page = client.get(url_of("certificate_detail", certificate)).content.decode()
    assert "Cơ sở ngừng sản xuất" in page and 'id="revoke"' not in page


@pytest.mark.parametrize(
    ("who", "status"),
    [("district_officer", 403), ("commune_official", 403), ("leadership", 403), ("other_commune_official", 404)],
)
def test_only_the_province_officer_revokes(request, client_for, certificate, who, status):
    client = client_for(request.getfixturevalue(who))
    response = client.post(url_of("certificate_revoke", certificate), {"reason": "Không hợp lệ"})
    assert response.status_code == status
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    if status == 403:
        assert 'id="revoke"' not in client.get(url_of("certificate_detail", certificate)).content.decode()


def test_the_province_officer_issues_from_a_published_round(client_for, entry, province_officer):
    response = client_for(province_officer).post(reverse("certificates:certificate_issue", args=[entry.pk]))
    certificate = Certificate.objects.get(entry=entry)
    assert response.url == url_of("certificate_detail", certificate)


def test_issuing_refused_goes_back_with_the_reason(client_for, tree, rule_set, province_officer):
    entry = make_entry(make_round(tree, rule_set, status=RoundStatus.CLOSED), tree.commune)
    back = "/rating/"
    response = client_for(province_officer).post(
        reverse("certificates:certificate_issue", args=[entry.pk]), {"next": back}, follow=False
    )
    assert response.url == back and not Certificate.objects.exists()
    evil = client_for(province_officer).post(
        reverse("certificates:certificate_issue", args=[entry.pk]), {"next": "https://evil.example/"}
    )
    assert evil.url == reverse("certificates:certificate_list")


@pytest.mark.parametrize(
    ("who", "status"), [("district_officer", 403), ("commune_official", 403), ("other_commune_official", 404)]
)
def test_only_the_province_officer_issues(request, client_for, entry, who, status):
    response = client_for(request.getfixturevalue(who)).post(reverse("certificates:certificate_issue", args=[entry.pk]))
    assert response.status_code == status
    assert not Certificate.objects.exists()


def test_the_page_says_when_the_reminder_went(client_for, certificate, district_officer):
    client = client_for(district_officer)
    assert "Chưa gửi" in client.get(url_of("certificate_detail", certificate)).content.decode()
    Certificate.objects.filter(pk=certificate.pk).update(reminder_sent_at=timezone.now())
    page = client.get(url_of("certificate_detail", certificate)).content.decode()
    assert "Đã gửi nhắc hạn cho bộ phận phụ trách OCOP và xã" in page


def test_the_list_filters_what_expires_within_90_days(client_for, tree, published_round, province_officer):
    today = timezone.localdate()
    soon = make_certificate(published_round, tree.commune, province_officer, valid_until=today + timedelta(days=40))
    later = make_certificate(published_round, tree.commune, province_officer, valid_until=today + timedelta(days=400))
    page = client_for(province_officer).get(reverse("certificates:certificate_list"), {"state": "expiring"})
    body = page.content.decode()
    assert soon.number in body and later.number not in body
    assert "Sắp hết hạn" in body


@pytest.mark.parametrize("size", [1, 6])
def test_list_query_count_does_not_grow(
    client_for, tree, published_round, province_officer, size, django_assert_num_queries
):
    for index in range(size):
        make_certificate(published_round, tree.commune if index % 2 else tree.other_commune, province_officer)
    client = client_for(province_officer)
    # session, user, memberships, count, the page's keys, its rows (ocop_portal/paging.py)
    with django_assert_num_queries(6):
        response = client.get(reverse("certificates:certificate_list"))
    assert response.content.decode().count("/rating/certificates/") >= size


def test_filters_add_no_query(client_for, tree, published_round, province_officer):
    make_certificate(published_round, tree.commune, province_officer, valid_until=timezone.localdate() + timedelta(9))
    client = client_for(province_officer)
    with CaptureQueriesContext(connection) as plain:
        client.get(reverse("certificates:certificate_list"))
    with CaptureQueriesContext(connection) as filtered:
        client.get(reverse("certificates:certificate_list"), {"state": "expiring", "stars": "4", "q": "Trà"})
    assert len(plain) == len(filtered)


@pytest.mark.parametrize(
    ("valid_for", "revoked", "badge"),
    [
        (400, False, '<span class="badge text-bg-success">Còn hiệu lực</span>'),
        (40, False, '<span class="badge text-bg-warning">Sắp hết hạn</span>'),
        (-1, False, '<span class="badge text-bg-secondary">Đã hết hạn</span>'),
        (400, True, '<span class="badge text-bg-danger">Đã thu hồi</span>'),
    ],
)
def test_each_state_shows_its_badge_on_the_list_the_page_and_the_public_page(
    client, client_for, tree, published_round, province_officer, valid_for, revoked, badge
):
    valid_until = timezone.localdate() + timedelta(days=valid_for)
    certificate = make_certificate(published_round, tree.commune, province_officer, valid_until=valid_until,
                                   revoked=revoked)  # fmt: skip
    officer = client_for(province_officer)
    listed = officer.get(reverse("certificates:certificate_list")).content.decode()
    assert listed.count(badge) == 1
    assert badge in officer.get(url_of("certificate_detail", certificate)).content.decode()
    client.cookies["django_language"] = "vi"
    assert badge in client.get(reverse("public:verify", args=[certificate.token])).content.decode()
