"""The council sees what it scores (issue 17, item 4): a seated member reads each entry's dossier from the sheet,
read-only, while the round is open and after, and nothing else of the registry; the chair sees each member's totals
and part totals when totals are far apart; figures are labelled provisional until the round closes."""

import pytest
from django.urls import reverse

from org.tests.factories import UserFactory
from products.enums import ProductStatus
from products.models import Product
from products.tests.factories import add_document
from rating.enums import RoundStatus
from rating.models import Round, ScoreSheet
from rating.tests.test_review_rules import FULL, submit

pytestmark = pytest.mark.django_db


def dossier_url(entry):
    return reverse("rating:entry_dossier", args=[entry.round_id, entry.pk])


def test_a_member_reads_the_dossier_from_the_sheet_and_nothing_else(scoring_round, client_for, district_officer):
    round_, (entry, _other), _sheet, members = scoring_round
    Product.objects.filter(pk=entry.product_id).update(status=ProductStatus.IMPLEMENTING)  # the dossier was open
    document = add_document(entry.product, district_officer)
    Product.objects.filter(pk=entry.product_id).update(status=ProductStatus.READY)
    client = client_for(members[1])
    own = ScoreSheet.objects.get(entry=entry, seat__user=members[1])
    sheet_page = client.get(reverse("rating:sheet", args=[own.pk])).content.decode()
    assert dossier_url(entry) in sheet_page
    page = client.get(dossier_url(entry)).content.decode()
    assert entry.product.name in page and entry.product.producer.name in page and document.original_name in page
    assert 'id="read-only-note"' in page and reverse("products:product_detail", args=[entry.product.pk]) not in page
    file_url = reverse("rating:entry_document", args=[round_.pk, entry.pk, document.pk])
    response = client.get(file_url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    # Nothing else of the registry: the product page and the registry's own file URL stay closed to the member.
    assert client.get(reverse("products:product_detail", args=[entry.product.pk])).status_code in (403, 404)
    assert client.get(reverse("products:document_file", args=[document.pk])).status_code in (403, 404)
    # Someone without a seat, and a seat in a round still being drafted, read nothing.
    assert client_for(UserFactory(username="ngoai")).get(dossier_url(entry)).status_code == 404
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.DRAFT)
    assert client.get(dossier_url(entry)).status_code == 404


def test_figures_are_provisional_until_the_round_closes(scoring_round, client_for, district_officer):
    round_, (entry, _other), sheet, members = scoring_round
    submit(entry, members[0], sheet, FULL)
    page = client_for(district_officer).get(reverse("rating:round_detail", args=[round_.pk])).content.decode()
    assert "tạm tính: 1 of 3 phiếu" in page or "tạm tính: 1/3 phiếu" in page
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.CLOSED)
    page = client_for(district_officer).get(reverse("rating:round_detail", args=[round_.pk])).content.decode()
    assert "data-provisional" not in page


def test_the_chair_sees_each_member_s_totals_of_a_flagged_entry(scoring_round, client_for):
    round_, (entry, _other), sheet, members = scoring_round
    submit(entry, members[0], sheet, FULL)
    submit(entry, members[1], sheet, FULL)
    submit(entry, members[2], sheet, {**FULL, "10": 10})  # 80: spread 20
    chair = client_for(members[0])
    round_page = chair.get(reverse("rating:round_detail", args=[round_.pk])).content.decode()
    url = reverse("rating:discussion", args=[round_.pk, entry.pk])
    assert 'data-action="member-totals"' in round_page and url in round_page
    page = chair.get(url).content.decode()
    assert page.count("data-seat=") == 3 and 'id="spread"' in page and "20" in page
    assert "100" in page and "80" in page  # each member's total
    assert client_for(members[1]).get(url).status_code == 403  # a member who is not the chair
