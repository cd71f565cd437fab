"""Funding lines and activity costs read amounts as people type them (issue 17, item 6)."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from ocop_portal.amounts import AmountField
from plans.enums import ActivityKind, Audience
from plans.models import Activity, Funding

pytestmark = pytest.mark.django_db


def line(amount):
    return {"source": "district", "amount": amount, "spent_on": "20/05/2020", "description": "Hỗ trợ bao bì"}


@pytest.mark.parametrize(
    ("typed", "stored"), [("185.000", 185_000), ("185 000", 185_000), ("185000", 185_000), ("35.500", 35_500)]
)
def test_a_funding_line_reads_the_amount_as_typed(client_for, district_officer, plan, typed, stored):
    client = client_for(district_officer)
    assert client.post(reverse("plans:funding_add", args=[plan.pk]), line(typed)).status_code == 302
    funding = Funding.objects.get()
    assert funding.amount == stored
    page = client.get(reverse("plans:funding_edit", args=[funding.pk])).content.decode()
    assert f'name="amount" value="{stored:,}"'.replace(",", ".") in page


@pytest.mark.parametrize("typed", ["1.23", "12,5", "abc", "185.00"])
def test_an_amount_that_cannot_be_read_is_refused(client_for, district_officer, plan, typed):
    before = Funding.objects.count()
    response = client_for(district_officer).post(reverse("plans:funding_add", args=[plan.pk]), line(typed))
    assert response.status_code == 200
    with translation.override("vi"):
        assert escape(str(AmountField().error_messages["invalid"])) in response.content.decode()
    assert Funding.objects.count() == before == 0


@pytest.mark.parametrize("typed", ["0", "-35.500"])
def test_a_funding_line_still_needs_a_positive_amount(client_for, district_officer, plan, typed):
    response = client_for(district_officer).post(reverse("plans:funding_add", args=[plan.pk]), line(typed))
    assert response.status_code == 200 and "amount" in response.context["form"].errors
    assert not Funding.objects.exists()


def test_an_activity_cost_reads_spaces_and_refuses_a_decimal(client_for, district_officer, plan):
    client, url = client_for(district_officer), reverse("plans:activity_add", args=[plan.pk])
    data = {"kind": ActivityKind.TRAINING, "title": "Tập huấn OCOP", "held_on": "10/06/2020",
            "audience": Audience.OFFICIALS, "participants": 35}  # fmt: skip
    assert client.post(url, {**data, "cost": "12,5"}).status_code == 200
    assert not Activity.objects.exists()
    assert client.post(url, {**data, "cost": "12\u00a0500\u00a0000"}).status_code == 302
    assert Activity.objects.get().cost == 12_500_000


def test_the_admin_shows_a_funding_amount_grouped(client, plan):
    from datetime import date

    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("quantri", "quantri@example.org", "x"))
    line = Funding.objects.create(plan=plan, source="district", amount=35_500, spent_on=date(2020, 5, 20))
    page = client.get(reverse("admin:plans_funding_change", args=[line.pk])).content.decode()
    assert '<input type="text" name="amount" value="35.500" inputmode="numeric"' in page
