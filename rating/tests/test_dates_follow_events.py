"""Dates that follow events (issue 17, item 3): scoring starts and a round closes no earlier than the council's
meeting; a meeting brought forward is moved in the round, with its reason in the history; a certificate is not dated
before its round closed. Each refusal saves nothing. (A document's
issue date in the future: products/tests/test_dossier_pages.py.)"""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from org.enums import Role
from org.tests.factories import member
from products.enums import ProductStatus
from products.tests.factories import ProducerFactory, ProductFactory
from rating import certificates, services, workflow
from rating.catalogue import ensure_rule_sets
from rating.enums import RoundStatus, SeatRole
from rating.models import Certificate, Round, RoundTransition, RuleSet
from rating.tests.factories import district_round, small_sheet
from rating.tests.test_certificates import make_entry, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepting(tree, district_officer):
    """A district round of 2020 under 1048 with a chair, a member and one entry, accepting entries."""
    small_sheet()
    members = [member(Role.AGENCY_STAFF, tree.agency, username=f"cq{i}") for i in range(2)]
    round_ = district_round(tree, district_officer, [])
    services.seat_member(round_, user=members[0], role=SeatRole.CHAIR)
    services.seat_member(round_, user=members[1], role=SeatRole.MEMBER)
    product = ProductFactory(producer=ProducerFactory(commune=tree.commune), status=ProductStatus.READY)
    services.add_entry(round_, product=product)
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.ACCEPTING)
    round_.refresh_from_db()
    return round_


def test_scoring_and_closing_wait_for_the_meeting(accepting, district_officer):
    today = timezone.localdate()
    Round.objects.filter(pk=accepting.pk).update(meeting_date=today + timedelta(days=3))
    with pytest.raises(ValidationError, match="council meets on|Hội đồng họp ngày"):
        workflow.apply(accepting, "start_scoring", user=district_officer)
    assert Round.objects.get(pk=accepting.pk).status == RoundStatus.ACCEPTING
    Round.objects.filter(pk=accepting.pk).update(meeting_date=today)
    workflow.apply(accepting, "start_scoring", user=district_officer)
    # The meeting was then put off (through the database, as the page no longer moves it while scoring): the chair
    # cannot close before it.
    Round.objects.filter(pk=accepting.pk).update(meeting_date=today + timedelta(days=1))
    chair = accepting.seats.get(role=SeatRole.CHAIR).user
    with pytest.raises(ValidationError, match="council meets on|Hội đồng họp ngày"):
        workflow.apply(accepting, "close", user=chair)
    assert Round.objects.get(pk=accepting.pk).status == RoundStatus.SCORING


def test_a_meeting_is_moved_in_the_round_with_its_reason(accepting, district_officer, client_for):
    client = client_for(district_officer)
    page = client.get(reverse("rating:round_detail", args=[accepting.pk])).content.decode()
    assert 'id="move-meeting"' in page
    url = reverse("rating:round_prepare", args=[accepting.pk, "meeting"])
    client.post(url, {"meeting_date": "18/08/2020", "note": "Hội đồng họp sớm hơn"})
    round_ = Round.objects.get(pk=accepting.pk)
    assert round_.meeting_date.isoformat() == "2020-08-18"
    change = round_.history.first()
    assert change.history_user == district_officer and "Hội đồng họp sớm hơn" in change.history_change_reason
    # Refused, nothing changed: no reason; a day on which the round's rule set (1048) is not in force.
    client.post(url, {"meeting_date": "19/08/2020", "note": ""})
    client.post(url, {"meeting_date": "01/03/2024", "note": "Dời sang năm 2024"})
    assert Round.objects.get(pk=accepting.pk).meeting_date.isoformat() == "2020-08-18"
    with pytest.raises(ValidationError, match="not in force|không còn hiệu lực|chưa có hiệu lực|hiệu lực"):
        services.move_meeting(round_, day=round_.meeting_date.replace(year=2024), user=district_officer, note="x")


def test_a_certificate_is_not_dated_before_its_round_closed(tree, province_officer):
    round_ = make_round(tree, ensure_rule_sets(RuleSet)["1048/QĐ-TTg"])
    closed = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=5), time(9)))
    RoundTransition.objects.create(round=round_, from_status=RoundStatus.SCORING, to_status=RoundStatus.CLOSED,
                                   actor=province_officer, at=closed)  # fmt: skip
    entry = make_entry(round_, tree.commune, stars=4)
    with pytest.raises(ValidationError, match="before its round closed|trước ngày"):
        certificates.issue_certificate(
            entry, user=province_officer, issued_on=timezone.localdate(closed) - timedelta(1)
        )
    assert not Certificate.objects.exists()
    issued = certificates.issue_certificate(entry, user=province_officer, issued_on=timezone.localdate(closed))
    assert issued.issued_on == timezone.localdate(closed)
