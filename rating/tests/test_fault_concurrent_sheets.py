"""Fault: two council members submit their sheets for the same entry at the same moment; both are saved and the
entry's results count both.

Each member's submission runs in a thread of its own, so on its own database connection and transaction; a
barrier releases both into `services.submit_sheet` together. Without a lock on the entry, each transaction
could count only its own sheet (the other is not committed yet) and the last to save the entry would win: one
sheet lost from the result. `recompute_entry` takes the entry's row lock (SELECT … FOR UPDATE) before it
reads the submitted sheets, so the second waits for the first to commit and then reads both.

The race is run on several entries, one after the other: without the lock a single race loses a sheet about
one time in three here, so RACES of them catch it almost always; with the lock none may lose one.

PostgreSQL only: SQLite has one writer at a time and no row locks, so the race cannot happen there the same way
(CI's second pass runs this on PostgreSQL).
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from org.tests.factories import UserFactory
from products.classification import load_classification
from products.enums import ProductStatus
from products.models import ProductCategory, ProductSet
from products.tests.factories import ProducerFactory, ProductFactory
from rating import services, workflow
from rating.enums import RoundStatus, SheetStatus
from rating.models import Option, ScoreSheet
from rating.tests.factories import district_round, small_sheet

pytestmark = pytest.mark.django_db(transaction=True)

FULL = {"1.1": 20, "1.2": 15, "5.1": 10, "5.2": 15, "9": 10, "10": 30}  # 100
SEVENTY = {**FULL, "1.2": 5, "10": 10}  # 70
RACES = 6


def answers(sheet_model, picks):
    chosen = {}
    for criterion in services.criteria_of(sheet_model):
        if criterion.number in picks:
            chosen[criterion.pk] = Option.objects.get(criterion=criterion, points=picks[criterion.number])
    return chosen


@pytest.fixture
def two_drafts(tree, district_officer):
    """A district round in scoring with two seats, RACES entries and both members' complete drafts of each."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent submissions need PostgreSQL's row locks (SQLite has one writer); CI's PostgreSQL pass")
    load_classification(ProductCategory, ProductSet)  # a transactional test's flush wiped the data migration
    sheet = small_sheet()
    members = [UserFactory(username="hoidong_a"), UserFactory(username="hoidong_b")]
    round_ = district_round(tree, district_officer, members)
    producer = ProducerFactory(commune=tree.commune)
    entries = [
        services.add_entry(round_, product=ProductFactory(producer=producer, status=ProductStatus.READY))
        for _ in range(RACES)
    ]
    round_.status = RoundStatus.SCORING
    round_.save()
    workflow._create_sheets(round_)
    races = []
    for entry in entries:
        drafts = []
        for member, picks in zip(members, (FULL, SEVENTY), strict=True):
            draft = ScoreSheet.objects.get(entry=entry, seat__user=member)
            services.save_answers(draft, chosen=answers(sheet, picks))
            drafts.append(draft)
        races.append((entry, drafts))
    return races


def race(drafts):
    """Submit the drafts at the same moment, each from its own thread (and so its own connection); the errors."""
    barrier = threading.Barrier(len(drafts), timeout=60)
    errors = []

    def submit(draft):
        try:
            barrier.wait()
            services.submit_sheet(draft)
        except Exception as error:  # noqa: BLE001 (reported by the main thread)
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=submit, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a submission did not finish (deadlock?)"
    return errors


def test_two_members_submitting_at_the_same_moment_are_both_counted(two_drafts):
    for entry, drafts in two_drafts:
        assert race(drafts) == []
        assert [ScoreSheet.objects.get(pk=d.pk).status for d in drafts] == [SheetStatus.SUBMITTED] * 2
        entry.refresh_from_db()
        assert (entry.sheet_count, entry.score_sum) == (2, Decimal("170")), f"entry {entry.pk} lost a sheet"
        assert (entry.lowest_total, entry.highest_total) == (Decimal("70"), Decimal("100"))
