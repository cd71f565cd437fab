"""Certificates: issuing (numbers, validity, what is refused), revoking, expiry lists and reminders, the PDF,
and the signed-in screens with the triad (province officer manages, district and commune read, outsiders 404)."""

import logging
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from products.tests.factories import ProducerFactory, ProductFactory
from rating import certificate_pdf, certificates
from rating.catalogue import ensure_rule_sets
from rating.enums import RoundLevel, RoundStatus
from rating.models import Certificate, Entry, Round, RuleSet
from rating.tasks import send_expiry_reminders as reminder_task

pytestmark = pytest.mark.django_db

TODAY = date(2024, 3, 15)


# --- Building a published province round with certificates, straight with the ORM -------------------


@pytest.fixture
def rule_set(db):
    return ensure_rule_sets(RuleSet)["1048/QĐ-TTg"]


def make_round(tree, rule_set, status=RoundStatus.PUBLISHED, level=RoundLevel.PROVINCE, number=1, year=2024):
    unit = {RoundLevel.PROVINCE: tree.province, RoundLevel.DISTRICT: tree.district}[level]
    return Round.objects.create(level=level, unit=unit, year=year, number=number, rule_set=rule_set, status=status)


def make_entry(round_, commune, stars=4, name=None, **fields):
    producer = ProducerFactory(commune=commune)
    product = ProductFactory(producer=producer, **({"name": name} if name else {}))
    return Entry.objects.create(round=round_, product=product, product_set=product.product_set, stars=stars, **fields)


def make_certificate(round_, commune, user, *, stars=4, valid_until=None, revoked=False, name=None):
    """A certificate as it is stored, for lists and pages (the service is tested on its own)."""
    entry = make_entry(round_, commune, stars=stars, name=name)
    today = timezone.localdate()
    certificate = Certificate.objects.create(
        entry=entry,
        number=certificates.next_number("93", today.year),
        stars=stars,
        issued_on=today - timedelta(days=30),
        valid_until=valid_until or today + timedelta(days=700),
        issued_by=user,
    )
    if revoked:
        certificates.revoke_certificate(certificate, user=user, reason="Sản phẩm không còn sản xuất")
        certificate.refresh_from_db()
    return certificate


@pytest.fixture
def published_round(tree, rule_set):
    return make_round(tree, rule_set)


@pytest.fixture
def entry(tree, published_round):
    return make_entry(published_round, tree.commune, stars=4, name="Trà mãng cầu Phụng Phát")


@pytest.fixture
def certificate(entry, province_officer):
    return certificates.issue_certificate(entry, user=province_officer, issued_on=TODAY)


# --- Issuing --------------------------------------------------------------------------------------------


def test_issue_numbers_per_province_and_year_and_adds_the_validity(tree, published_round, province_officer):
    first = certificates.issue_certificate(
        make_entry(published_round, tree.commune), user=province_officer, issued_on=TODAY
    )
    second = certificates.issue_certificate(
        make_entry(published_round, tree.far_commune, stars=3), user=province_officer, issued_on=TODAY
    )
    next_year = certificates.issue_certificate(
        make_entry(published_round, tree.commune), user=province_officer, issued_on=date(2025, 1, 2)
    )
    assert (first.number, second.number, next_year.number) == (
        "93-2024-0001/OCOP",
        "93-2024-0002/OCOP",
        "93-2025-0001/OCOP",
    )
    assert first.valid_until == date(2027, 3, 15)  # 36 months, from the rule set
    assert (first.stars, second.stars, first.issued_by) == (4, 3, province_officer)
    assert first.token != second.token


def test_the_tenth_thousand_keeps_counting(tree, published_round, province_officer):
    Certificate.objects.create(
        entry=make_entry(published_round, tree.commune),
        number="93-2024-9999/OCOP",
        stars=4,
        issued_on=TODAY,
        valid_until=TODAY,
        issued_by=province_officer,
    )
    assert certificates.next_number("93", 2024) == "93-2024-10000/OCOP"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 3, 15), 36, date(2027, 3, 15)),
        (date(2024, 2, 29), 36, date(2027, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 12, 31), 12, date(2025, 12, 31)),
    ],
)
def test_months_are_added_to_the_calendar_clamping_month_ends(day, months, expected):
    assert certificates.add_months(day, months) == expected


def test_validity_comes_from_the_rule_set(entry, rule_set, province_officer):
    rule_set.validity_months = 24
    rule_set.save()
    certificate = certificates.issue_certificate(entry, user=province_officer, issued_on=date(2024, 8, 31))
    assert certificate.valid_until == date(2026, 8, 31)


REFUSALS = {
    "not published": ({"status": RoundStatus.CLOSED}, {}, "đã được công bố"),
    "no stars": ({}, {"stars": None}, "chưa được xếp hạng sao"),
    "knocked out": ({}, {"stars": None, "knocked_out": True}, "đã bị loại"),
    "5 stars are central": ({}, {"stars": 5}, "không công nhận hạng 5 sao"),
    "2 stars": ({}, {"stars": 2}, "không công nhận hạng 2 sao"),
    "district level": ({"level": RoundLevel.DISTRICT}, {"stars": 4}, "không công nhận hạng 4 sao"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_refused_without_saving(tree, rule_set, province_officer, case):
    round_fields, entry_fields, message = REFUSALS[case]
    round_ = make_round(tree, rule_set, **round_fields)
    entry = make_entry(round_, tree.commune, **{"stars": 4, **entry_fields})
    with pytest.raises(ValidationError) as raised:
        certificates.issue_certificate(entry, user=province_officer)
    assert any(message in text for text in raised.value.messages), raised.value.messages
    assert not Certificate.objects.exists()


def test_one_certificate_per_entry(certificate, entry, province_officer):
    with pytest.raises(ValidationError, match="đã được cấp giấy chứng nhận"):
        certificates.issue_certificate(entry, user=province_officer)
    assert Certificate.objects.count() == 1


def test_a_number_taken_meanwhile_is_retried(tree, published_round, province_officer, monkeypatch):
    taken = certificates.issue_certificate(
        make_entry(published_round, tree.commune), user=province_officer, issued_on=TODAY
    )
    answers = iter([taken.number])  # a concurrent issuer took the number we computed
    real = certificates.next_number
    monkeypatch.setattr(certificates, "next_number", lambda code, year: next(answers, None) or real(code, year))
    second = certificates.issue_certificate(
        make_entry(published_round, tree.commune), user=province_officer, issued_on=TODAY
    )
    assert second.number == "93-2024-0002/OCOP"


def test_refusal_messages_are_translated(tree, rule_set, province_officer):
    entry = make_entry(make_round(tree, rule_set, status=RoundStatus.SCORING), tree.commune)
    with translation.override("vi"), pytest.raises(ValidationError) as raised:
        certificates.issue_certificate(entry, user=province_officer)
    assert "công bố" in raised.value.messages[0]


# --- Revoking, expiry, reminders ----------------------------------------------------------------------


def test_revoke_needs_a_reason_and_happens_once(certificate, province_officer):
    with pytest.raises(ValidationError):
        certificates.revoke_certificate(certificate, user=province_officer, reason="  ")
    revoked = certificates.revoke_certificate(certificate, user=province_officer, reason="Vi phạm an toàn thực phẩm")
    assert revoked.revoked_at and revoked.revoked_by == province_officer
    assert revoked.state() == "revoked"
    with pytest.raises(ValidationError, match="đã bị thu hồi"):
        certificates.revoke_certificate(certificate, user=province_officer, reason="again")


def test_expiring_lists_the_next_90_days_soonest_first(tree, published_round, province_officer):
    today = timezone.localdate()
    soon = make_certificate(published_round, tree.commune, province_officer, valid_until=today + timedelta(days=10))
    later = make_certificate(published_round, tree.commune, province_officer, valid_until=today + timedelta(days=90))
    make_certificate(published_round, tree.commune, province_officer, valid_until=today + timedelta(days=91))
    make_certificate(published_round, tree.commune, province_officer, valid_until=today - timedelta(days=1))
    make_certificate(
        published_round, tree.commune, province_officer, valid_until=today + timedelta(days=5), revoked=True
    )
    assert list(certificates.certificates_expiring(Certificate.objects.all())) == [soon, later]
    assert list(certificates.certificates_expiring(Certificate.objects.all(), days=30)) == [soon]


def test_reminders_go_once_30_days_before_to_the_district_and_the_commune(
    tree, published_round, province_officer, district_officer, commune_official, other_commune_official, caplog
):
    today = timezone.localdate()
    due = make_certificate(published_round, tree.commune, province_officer, valid_until=today + timedelta(days=30))
    not_yet = make_certificate(published_round, tree.commune, province_officer, valid_until=today + timedelta(days=31))
    make_certificate(
        published_round, tree.commune, province_officer, valid_until=today + timedelta(days=3), revoked=True
    )
    with caplog.at_level(logging.INFO, logger="rating.certificates"):
        assert certificates.send_expiry_reminders() == 1
    due.refresh_from_db()
    not_yet.refresh_from_db()
    assert due.reminder_sent_at is not None and not_yet.reminder_sent_at is None
    line = next(record.getMessage() for record in caplog.records if "Expiry reminder" in record.getMessage())
    assert due.number in line and "huyen.longmy" in line and "xa.thuanhoa" in line
    assert "xa.xaphien" not in line and "tinh.haugiang" not in line
    assert certificates.send_expiry_reminders() == 0  # once per certificate
    assert certificates.send_expiry_reminders(today=today + timedelta(days=1)) == 1  # the next day, the next one


def test_the_daily_task_sends_the_reminders(tree, published_round, province_officer):
    make_certificate(
        published_round, tree.commune, province_officer, valid_until=timezone.localdate() + timedelta(days=12)
    )
    assert reminder_task.apply().get() == 1
    assert reminder_task.apply().get() == 0
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert any(entry["task"] == "rating.send_expiry_reminders" for entry in schedule.values())


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
    assert "Đã gửi nhắc hạn cho huyện và xã" in page


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
    # session, user, memberships, count, page
    with django_assert_num_queries(5):
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
