"""seed_scale builds the province-scale world through the services: a small fraction of it here."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Sum

from ocop_portal.scale import rating, registry
from org.models import AdministrativeUnit
from plans.models import ProgressReport, Task
from products.models import Producer, Product, ProductTransition
from rating.certificates import add_months
from rating.models import Answer, Certificate, Entry, Round, ScoreSheet

pytestmark = pytest.mark.django_db
PASSWORD = "Scale-world-2026"


def test_the_world_it_builds():
    """One world (about 5 s to build), read by each check below."""
    out = StringIO()
    call_command("seed_scale", fraction=0.05, password=PASSWORD, force=True, year=2026, stdout=out)
    output = out.getvalue()
    check_sizes_and_what_it_prints(output)
    check_registry_rows_have_their_history()
    check_last_year_rounds_are_scored_by_their_councils()
    check_long_my_round_is_still_being_scored()
    check_certificates_follow_the_province_results()
    check_accounts_have_their_roles_and_password()
    with pytest.raises(CommandError):  # not twice on one database
        call_command("seed_scale", fraction=0.05, password=PASSWORD, force=True, stdout=StringIO())


def check_sizes_and_what_it_prints(output):
    assert AdministrativeUnit.objects.filter(level=2).count() == 10
    assert AdministrativeUnit.objects.filter(level=3).count() == 150
    assert Producer.objects.count() == 150
    assert Product.objects.count() == 1000
    assert set(Product.objects.values_list("year", flat=True)) == {2022, 2023, 2024, 2025, 2026}
    assert Task.objects.count() == 25
    assert ProgressReport.objects.exists()
    assert "1.000 " in output and "150 " in output  # Vietnamese thousands: 1.000 products
    assert "Accounts: scale.tinh" in output or "Tài khoản" in output


def check_registry_rows_have_their_history():
    products = Product.objects.count()
    assert ProductTransition.objects.filter(from_status="").count() == products
    assert Product.history.count() == products
    assert Producer.history.count() == Producer.objects.count()


def check_last_year_rounds_are_scored_by_their_councils():
    scored = Round.objects.filter(year=2026, level="district")
    assert scored.exists()
    for round_ in scored.filter(status="published"):
        assert round_.transitions.filter(to_status="published").exists()
        for entry in round_.entries.all():
            sheets = ScoreSheet.objects.filter(entry=entry, status="submitted")
            assert sheets.count() == 7
            assert entry.sheet_count == 7
            assert entry.score_sum == sheets.aggregate(total=Sum("total"))["total"]
            assert entry.stars is not None
        assert not Answer.objects.filter(sheet__entry__round=round_, sheet__status="draft").exists()
    assert Answer.objects.count() > 20 * ScoreSheet.objects.filter(status="submitted").count()


def check_long_my_round_is_still_being_scored():
    round_ = Round.objects.get(year=2026, level="district", unit__code=registry.BENCH_DISTRICT)
    assert round_.status == "scoring"
    drafts = ScoreSheet.objects.filter(entry__round=round_, status="draft")
    assert drafts.exists()
    assert set(drafts.values_list("seat__user__username", flat=True)) == {rating.MEMBER}
    assert Answer.objects.filter(sheet__in=drafts).exists()


def check_certificates_follow_the_province_results():
    assert Certificate.objects.exists()
    for certificate in Certificate.objects.select_related("entry__round"):
        assert certificate.entry.round.level == "province"
        assert certificate.stars == certificate.entry.stars in (3, 4)
        assert certificate.valid_until == add_months(certificate.issued_on, 36)
    forwarded = Entry.objects.filter(round__level="province")
    assert all(e.forwarded_from_id for e in forwarded)


def check_accounts_have_their_roles_and_password():
    users = {u.username: u for u in get_user_model().objects.prefetch_related("memberships")}
    for username, role, _where in registry.ACCOUNTS:
        assert users[username].check_password(PASSWORD)
        assert [m.role for m in users[username].memberships.all()] == [role]
    commune = users["scale.xa"].memberships.get().unit
    assert commune.parent.code == registry.BENCH_DISTRICT
    assert users[rating.MEMBER].check_password(PASSWORD)


def test_refuses_a_bad_fraction():
    with pytest.raises(CommandError):
        call_command("seed_scale", fraction=0, force=True, stdout=StringIO())
