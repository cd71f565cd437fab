"""Journeys of issue 17: a council member opens an entry's dossier from the sheet (item 4), and a district officer
finds the honey products typing "mat ong" without accents (item 5)."""

import pytest
from playwright.sync_api import expect

from e2e.session import sign_in
from org.enums import Role
from org.services import ensure_membership
from products.enums import ProductStatus
from products.models import Product
from products.tests.factories import ProducerFactory, ProductFactory, add_document
from rating.models import ScoreSheet

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_opens_the_dossier_from_the_sheet(page, screenshot, tree, scoring_round, district_officer):
    round_, (entry, _other), _sheet, members = scoring_round
    ensure_membership(user=members[1], role=Role.AGENCY_STAFF, agency=tree.agency)  # staff of an office, seated
    Product.objects.filter(pk=entry.product_id).update(status=ProductStatus.IMPLEMENTING)  # the dossier was open
    document = add_document(entry.product, district_officer)
    Product.objects.filter(pk=entry.product_id).update(status=ProductStatus.READY)
    own = ScoreSheet.objects.get(entry=entry, seat__user=members[1])

    sign_in(page, members[1])
    page.goto(f"/rating/sheets/{own.pk}/")
    page.locator("#dossier-link").click()
    expect(page).to_have_url(f"/rating/{round_.pk}/entries/{entry.pk}/dossier/")
    expect(page.locator("#producer")).to_contain_text(entry.product.producer.name)
    expect(page.locator(f"#documents [data-document='{document.pk}']")).to_contain_text(document.original_name)
    screenshot("council-dossier")
    page.locator("#back-to-sheet").click()
    expect(page).to_have_url(f"/rating/sheets/{own.pk}/")


def test_mat_ong_finds_the_honey_products(page, screenshot, tree, district_officer):
    for commune, name in ((tree.commune, "Mật ong Hương Tràm"), (tree.other_commune, "MẬT ONG RỪNG U MINH")):
        ProductFactory(producer=ProducerFactory(commune=commune), name=name)
    ProductFactory(producer=ProducerFactory(commune=tree.commune), name="Trà mãng cầu")

    sign_in(page, district_officer)
    page.goto("/products/?q=mat+ong")
    rows = page.locator("table tbody tr")
    expect(rows.filter(has_text="Mật ong Hương Tràm")).to_have_count(1)
    expect(rows.filter(has_text="MẬT ONG RỪNG U MINH")).to_have_count(1)
    expect(rows.filter(has_text="Trà mãng cầu")).to_have_count(0)
    screenshot("search-mat-ong")
