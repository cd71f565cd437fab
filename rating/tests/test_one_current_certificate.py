"""One current certificate per product (issue 17, item 2): issuing to a product that holds a valid certificate asks
first and replaces it in the same transaction; one that has run out is replaced without asking and stays "expired";
the catalogue, the lists and the verification pages agree; the database refuses a second current certificate; the
register import chains a product's recognitions the same way."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from rating import certificates, register
from rating.catalogue import ensure_rule_sets
from rating.certificates import SupersedeNeeded, current_certificate_of, current_certificates, with_state
from rating.models import Certificate, Entry, RuleSet
from rating.register import reading
from rating.tests.test_certificates import make_entry, make_round
from rating.tests.test_register import row, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule_set(db):
    return ensure_rule_sets(RuleSet)["1048/QĐ-TTg"]


@pytest.fixture
def first(tree, rule_set, province_officer):
    """A product certified 4★ a year ago, still valid."""
    entry = make_entry(make_round(tree, rule_set), tree.commune, stars=4, name="Trà mãng cầu Phụng Phát")
    return certificates.issue_certificate(entry, user=province_officer, issued_on=timezone.localdate() - timedelta(365))


def rerated(tree, rule_set, product, stars=3):
    """The same product rated again in a second round."""
    round_ = make_round(tree, rule_set, number=2)
    return Entry.objects.create(round=round_, product=product, product_set=product.product_set, stars=stars)


def test_replacing_a_valid_certificate_asks_first_and_saves_nothing(tree, rule_set, first, province_officer):
    entry = rerated(tree, rule_set, first.product)
    with pytest.raises(SupersedeNeeded) as refused:
        certificates.issue_certificate(entry, user=province_officer)
    assert first.reference in refused.value.messages[0]
    assert Certificate.objects.count() == 1 and current_certificate_of(first.product) == first

    newer = certificates.issue_certificate(entry, user=province_officer, supersede=True)
    first.refresh_from_db()
    assert (first.superseded_by, first.superseded_on, first.state()) == (newer, newer.issued_on, "superseded")
    assert current_certificate_of(first.product) == newer
    assert list(current_certificates().filter(product=first.product)) == [newer]  # the catalogue: one
    assert list(with_state(Certificate.objects.all(), "superseded")) == [first]
    assert first not in with_state(Certificate.objects.all(), "valid")
    assert first.history.first().superseded_by_id == newer.pk  # the change is in its history


def test_a_certificate_that_has_run_out_is_replaced_without_asking_and_stays_expired(
    tree,
    rule_set,
    province_officer,
):
    old_round = make_round(tree, rule_set, year=2020)
    entry = make_entry(old_round, tree.commune, stars=3)
    old = certificates.issue_certificate(entry, user=province_officer, issued_on=date(2020, 3, 1))
    newer = certificates.issue_certificate(rerated(tree, rule_set, old.product, stars=4), user=province_officer)
    old.refresh_from_db()
    assert old.superseded_by == newer and old.state() == "expired"
    assert old in with_state(Certificate.objects.all(), "expired")


def test_the_database_refuses_a_second_current_certificate(tree, rule_set, first, province_officer):
    entry = rerated(tree, rule_set, first.product)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(entry=entry, number="93-2026-9999/OCOP", stars=3, issued_on=date(2026, 1, 1),
                                   valid_until=date(2029, 1, 1), issued_by=province_officer)  # fmt: skip
    assert Certificate.objects.count() == 1


def test_the_pages_ask_before_replacing_and_point_to_the_new_certificate(
    tree,
    rule_set,
    first,
    province_officer,
    client_for,
):
    entry = rerated(tree, rule_set, first.product)
    client = client_for(province_officer)
    url = reverse("certificates:certificate_issue", args=[entry.pk])
    back = reverse("rating:round_detail", args=[entry.round.pk])
    response = client.post(url, {"next": back})
    assert response.status_code == 302 and response["Location"].startswith(url)
    assert Certificate.objects.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert first.reference in page and 'id="confirm-supersede"' in page and "không thể hoàn tác" in page

    response = client.post(url, {"next": back, "supersede": "1"})
    newer = Certificate.objects.get(entry=entry)
    assert response["Location"] == reverse("certificates:certificate_detail", args=[newer.pk])
    detail = client.get(reverse("certificates:certificate_detail", args=[first.pk])).content.decode()
    assert 'id="replaced-by"' in detail and newer.reference in detail
    verify = client.get(reverse("public:verify", args=[first.token])).content.decode()
    assert 'id="replaced-by"' in verify and reverse("public:verify", args=[newer.token]) in verify
    listed = client.get(reverse("certificates:certificate_list"), {"state": "superseded"}).content.decode()
    assert first.reference in listed and newer.reference not in listed
    catalogue = client.get(reverse("public:catalogue")).content.decode()
    assert catalogue.count(first.product.name) == 1


def test_a_replaced_certificate_gets_no_expiry_reminder(tree, rule_set, province_officer):
    today = timezone.localdate()
    entry = make_entry(make_round(tree, rule_set), tree.commune, stars=4)
    old = certificates.issue_certificate(entry, user=province_officer, issued_on=today - timedelta(days=1080))
    certificates.issue_certificate(rerated(tree, rule_set, old.product), user=province_officer, supersede=True)
    assert old.pk not in certificates.certificates_expiring(Certificate.objects.all()).values_list("pk", flat=True)


def test_the_register_chains_a_product_s_recognitions(tree, province_officer):
    content = workbook(
        row(**{reading.DECISION_NUMBER: "10/QĐ-UBND", reading.DECISION_DATE: date(2021, 5, 10), reading.STARS: 3}),
        row(**{reading.DECISION_NUMBER: "20/QĐ-UBND", reading.DECISION_DATE: date(2024, 6, 10)}),
    )
    register.apply(tree.province, content, user=province_officer)
    older, newer = Certificate.objects.order_by("decision_date")
    assert (older.superseded_by, older.superseded_on) == (newer, date(2024, 6, 10))  # it had run out on 10/05
    assert older.state() == "expired" and current_certificate_of(newer.product) == newer
    # A later file with a newer recognition replaces the current one; an older one goes in already replaced.
    register.apply(tree.province, workbook(
        row(**{reading.DECISION_NUMBER: "30/QĐ-UBND", reading.DECISION_DATE: date(2025, 8, 1), reading.STARS: 5}),
        row(**{reading.DECISION_NUMBER: "05/QĐ-UBND", reading.DECISION_DATE: date(2019, 1, 2)}),
    ), user=province_officer)  # fmt: skip
    newer.refresh_from_db()
    latest = Certificate.objects.get(decision_number="30/QĐ-UBND")
    assert newer.superseded_by == latest and newer.state() == "superseded"
    assert Certificate.objects.get(decision_number="05/QĐ-UBND").superseded_by == newer  # next in date among the held
    assert current_certificate_of(latest.product) == latest
