"""Journey: a re-rated product holds a valid certificate; the province officer issues the new one from the round,
is told first what will be replaced and that it cannot be undone, confirms, and the public catalogue shows the
product once (issue 17, item 2)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.session import sign_in, sign_out
from e2e.test_rating_journey import actions
from rating import certificates
from rating.catalogue import ensure_rule_sets
from rating.models import Certificate, Entry, RuleSet
from rating.tests.test_certificates import make_entry, make_round

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_re_rated_product_keeps_one_current_certificate(page, screenshot, tree, province_officer):
    rule_set = ensure_rule_sets(RuleSet)["1048/QĐ-TTg"]
    first_entry = make_entry(make_round(tree, rule_set), tree.commune, stars=4, name="Mật ong Hương Tràm")
    old = certificates.issue_certificate(first_entry, user=province_officer,
                                         issued_on=timezone.localdate() - timedelta(days=400))  # fmt: skip
    product = old.product
    again = make_round(tree, rule_set, number=2)
    entry = Entry.objects.create(round=again, product=product, product_set=product.product_set, stars=3)

    sign_in(page, province_officer)
    page.goto(f"/rating/{again.pk}/")
    actions(page, entry).locator("button[data-action='issue']").click()
    expect(page).to_have_url(re.compile(rf"/rating/certificates/issue/{entry.pk}/"))
    expect(page.locator("#current-certificate")).to_contain_text(old.number)
    screenshot("certificate-replace-confirm")
    assert Certificate.objects.count() == 1  # nothing issued before the confirmation
    page.locator("#confirm-supersede").click()
    expect(page).to_have_url(re.compile(r"/rating/certificates/\d+/$"))
    newer = Certificate.objects.get(entry=entry)
    old.refresh_from_db()
    assert old.superseded_by == newer and old.state() == "superseded"

    page.goto(f"/rating/certificates/{old.pk}/")
    expect(page.locator("#replaced-by")).to_contain_text(newer.number)
    sign_out(page)
    page.goto("/catalogue/")
    expect(page.get_by_text(product.name, exact=True)).to_have_count(1)
    screenshot("certificate-replace-catalogue")
