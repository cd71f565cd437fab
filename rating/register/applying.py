"""Applying a register import: all rows or none, in one transaction, under a lock on the province's row (so two
imports of the same file at once do not both create), matching again inside it. Producers, products and
certificates go in by batches, each with its first audit history row by the importer (bulk_create skips save(),
as in the products' Excel import)."""

import logging
from collections import defaultdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import AdministrativeUnit
from products.enums import ProductStatus, RegistrationKind
from products.models import Producer, Product, ProductTransition
from rating.certificates import CURRENT, link_successor, replaced_before
from rating.enums import CertificateSource
from rating.models import Certificate
from rating.register.matching import build_plan

logger = logging.getLogger(__name__)
BATCH = 500


class NotReady(ValidationError):
    """The plan has row problems or near matches nobody chose for."""

    def __init__(self, plan):
        super().__init__(_("The import cannot be applied: correct the problems and choose for each near match."))
        self.plan = plan


@transaction.atomic
def apply_register(province, rows, problems=(), choices=None, *, user=None):
    """Import the read rows of `province`'s register. Returns the Plan (its counts say what was created);
    NotReady (nothing saved) when a row has a problem or a near match has no choice."""
    AdministrativeUnit.objects.select_for_update().filter(pk=province.pk).first()
    plan = build_plan(province, rows, problems, choices=choices)
    if not plan.ready:
        raise NotReady(plan)
    new = plan.rows_with("new")

    producers = {}
    for row in new:
        ref = row.extra["producer_ref"]
        if row.extra["producer"] is None and ref not in producers:
            producers[ref] = Producer(
                name=row.producer, legal_form=row.extra["legal_form"], representative="", commune=row.unit,
                hamlet=row.address, created_by=user,
            )  # fmt: skip
    _create(Producer, list(producers.values()), user)

    products = {}
    for row in new:
        ref = row.extra["product_ref"]
        if row.extra["product"] is None and ref not in products:
            producer = row.extra["producer"] or producers[row.extra["producer_ref"]].pk
            products[ref] = Product(
                kind=RegistrationKind.EXISTING, name=row.product, product_set=row.extra["product_set"],
                category=row.extra["category"], producer_id=producer, commune=row.unit, status=ProductStatus.READY,
                created_by=user,
            )  # fmt: skip
    _create(Product, list(products.values()), user)
    if user is not None:
        note = _("Recorded from the province's register of OCOP products.")
        ProductTransition.objects.bulk_create(
            [ProductTransition(product=p, to_status=p.status, actor=user, note=note) for p in products.values()],
            batch_size=BATCH,
        )

    certificates = [
        Certificate(
            product_id=row.extra["product"] or products[row.extra["product_ref"]].pk,
            origin=CertificateSource.REGISTER,
            stars=row.stars,
            issued_on=row.decision_date,
            valid_until=row.extra["valid_until"],
            decision_number=row.decision_number,
            decision_date=row.decision_date,
            recognised_by=row.recognised_by,
            issued_by=user,
        )  # fmt: skip
        for row in new
    ]
    pairs = _chain(certificates)
    _create(Certificate, certificates, user)
    for older, newer in pairs:
        link_successor(older, newer)
    logger.info("Register of %s imported by %s: %s", province, user, plan.counts)
    return plan


def _date_of(certificate):
    return certificate.decision_date or certificate.issued_on


def _order(certificate):
    """Oldest first: undated recognitions before dated ones; on the same day, the one already stored last."""
    day = _date_of(certificate)
    return (day is not None, day or date.min, certificate.pk or 0)


def _chain(certificates):
    """One current certificate per product: where a product already holds one, or the file lists it more than once,
    each older certificate is marked replaced by the next newer, existing ones saved now, before the new ones go
    in. Returns the (older, newer) pairs to link once the new ones have their keys."""
    by_product = defaultdict(list)
    for certificate in certificates:
        by_product[certificate.product_id].append(certificate)
    held = Certificate.objects.select_for_update().filter(CURRENT, product__in=list(by_product))
    for certificate in held:
        by_product[certificate.product_id].append(certificate)
    pairs = []
    for chain in by_product.values():
        chain.sort(key=_order)
        for older, newer in zip(chain, chain[1:], strict=False):
            older.superseded_on = _date_of(newer) or _date_of(older) or timezone.localdate()
            pairs.append((older, newer))
    for older, _newer in pairs:
        if older.pk is not None:
            replaced_before(older, older.superseded_on)
    return pairs


def _create(model, objects, user):
    if not objects:
        return
    model.objects.bulk_create(objects, batch_size=BATCH)
    model.history.bulk_history_create(objects, batch_size=BATCH, default_user=user)
