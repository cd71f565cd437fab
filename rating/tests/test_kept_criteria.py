"""With RATING_KEEP_CRITERIA each process reads a scoring sheet's criteria once: a member's second sheet page reads
neither the criteria nor their options, and shows and saves the answers as before."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rating import services
from rating.enums import RoundStatus
from rating.models import ScoreSheet
from rating.tests.test_views import choose, members, ready_product, round_  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def sheet_page(client, sheet):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("rating:sheet", args=[sheet.pk])).content.decode()
    return [q["sql"] for q in queries], page


def test_the_criteria_are_read_once_per_process(settings, client_for, district_officer, round_, ready_product, members):  # noqa: F811
    settings.RATING_KEEP_CRITERIA = True
    services.forget_kept_criteria()
    officer = client_for(district_officer)
    officer.post(reverse("rating:round_prepare", args=[round_.pk, "entry"]), {"product": ready_product.pk})
    for action in ("open", "start_scoring"):
        officer.post(reverse("rating:round_action", args=[round_.pk, action]))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.SCORING
    try:
        member = client_for(members[0])
        sheet = ScoreSheet.objects.get(seat__user=members[0])
        first_sql, first = sheet_page(member, sheet)
        kept_sql, kept = sheet_page(member, sheet)
        assert any("rating_criterion" in sql for sql in first_sql)
        assert not any('FROM "rating_criterion"' in sql or 'FROM "rating_option"' in sql for sql in kept_sql)
        assert re.findall(r'id="criterion-[\d.]+"', kept) == re.findall(r'id="criterion-[\d.]+"', first)

        picks = choose(sheet.entry.round.rule_set.sheets.get(product_set=sheet.entry.product_set), {"1.1": 20})
        member.post(reverse("rating:sheet", args=[sheet.pk]), picks)
        _sql, saved = sheet_page(member, sheet)
        option = next(iter(picks.values()))
        assert re.search(rf'id="o{option}" value="{option}" checked', saved)  # the answer shows, from kept options
    finally:
        services.forget_kept_criteria()
