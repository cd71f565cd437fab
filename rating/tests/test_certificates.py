"""Certificates: issuing (numbers, validity, what is refused), revoking, expiry lists and reminders. The PDF and
the screens are in test_certificate_pages.py; it and test_public.py build rounds with the helpers here."""

import logging
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from products.tests.factories import ProducerFactory, ProductFactory
from rating import certificates
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
