"""A change history worth reading (issue 17, item 7): times in Asia/Ho_Chi_Minh, amounts as 185.000 đ, and a
person's saves of one record in one sitting (a score sheet's autosaves) shown as one event that counts them, while a
change of state, another person's change or a later sitting stays an event of its own."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from ocop_portal.history import source, trail
from org.tests.factories import UserFactory
from products.enums import ProductStatus
from products.models import Product
from products.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db
START = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)  # 01:00 on 08/12 in Việt Nam


def edit(product, user, minutes, **fields):
    """Save the product as `user` did `minutes` after START (the history row is dated then)."""
    for name, value in fields.items():
        setattr(product, name, value)
    product._history_user = user
    product.save()
    latest = Product.history.filter(id=product.pk).latest("history_id")
    Product.history.filter(history_id=latest.history_id).update(history_date=START + timedelta(minutes=minutes))


@pytest.fixture
def product(tree):
    product = ProductFactory(
        producer=ProducerFactory(commune=tree.commune), name="Mứt gừng", status=ProductStatus.DRAFT
    )
    Product.history.filter(id=product.pk).update(history_date=START - timedelta(days=1))
    return product


def events_of(product):
    with translation.override("vi"):
        return list(reversed(trail(source(Product.history.filter(id=product.pk)), everything=True)))


def test_one_sitting_of_saves_is_one_event_and_a_change_of_state_its_own(product):
    official, officer = UserFactory(username="xa.a"), UserFactory(username="huyen.b")
    for minute, name in enumerate(["Mứt gừng dẻo", "Mứt gừng dẻo Thuận Hòa", "Mứt gừng Thuận Hòa"]):
        edit(product, official, minute * 5, name=name)
    edit(product, official, 16, status=ProductStatus.SUBMITTED)  # sent: its own event
    edit(product, official, 20, name="Mứt gừng sấy Thuận Hòa")  # after the change of state: a new sitting
    edit(product, officer, 22, name="Mứt gừng sấy dẻo Thuận Hòa")  # another person
    edit(product, officer, 22 + 90, name="Mứt gừng sấy dẻo")  # the same person, hours later
    events = events_of(product)
    assert [(e.kind, e.saves) for e in events] == [
        ("created", 1), ("changed", 3), ("changed", 1), ("changed", 1), ("changed", 1), ("changed", 1),
    ]  # fmt: skip
    sitting = events[1]
    assert [(c.old, c.new) for c in sitting.changes] == [("Mứt gừng", "Mứt gừng Thuận Hòa")]  # first → last
    assert [c.new for c in events[2].changes] == ["Đã gửi xem xét"]


def test_times_are_shown_in_viet_nam_and_amounts_with_separators(product):
    user = UserFactory()
    edit(product, user, 0, submitted_at=START + timedelta(minutes=9), expected_price=185000)
    (change_event,) = [e for e in events_of(product) if e.kind == "changed"]
    shown = {c.label: c.new for c in change_event.changes}
    assert "01:09 08/12/2026" in shown.values()  # 18:09 UTC on 07/12
    assert "185.000 đ" in shown.values()
