"""Who may do what in the registry (django-rules). Scope (404) is the selectors' job; these decide 403."""

import rules

from org.rules import manages_unit
from org.selectors import path_in_scope
from products.enums import DOSSIER_OPEN_STATUSES, EDITABLE_STATUSES, ProductStatus
from products.selectors import REGISTRANT_ROLES, VIEW_ROLES, can_read_registry, can_register_anywhere


def _commune_of(obj):
    return getattr(obj, "commune", obj)


@rules.predicate
def reads_registry(user):
    return can_read_registry(user)


@rules.predicate
def registers_anywhere(user):
    return can_register_anywhere(user)


@rules.predicate
def can_view(user, obj):
    """obj: a producer, a product or a commune."""
    return obj is not None and path_in_scope(user, _commune_of(obj).path, roles=VIEW_ROLES)


@rules.predicate
def registers_for(user, obj):
    """The commune side: the commune's official, or an officer registering on its behalf."""
    return obj is not None and path_in_scope(user, _commune_of(obj).path, roles=REGISTRANT_ROLES)


@rules.predicate
def reviews(user, obj):
    """The district side: the district (or province) OCOP officer over the product's commune."""
    return obj is not None and manages_unit(user, _commune_of(obj))


@rules.predicate
def is_editable(user, product):
    return product is not None and product.status in EDITABLE_STATUSES


@rules.predicate
def dossier_is_open(user, product):
    return product is not None and product.status in DOSSIER_OPEN_STATUSES


@rules.predicate
def plan_is_due(user, product):
    return product is not None and product.status == ProductStatus.ACCEPTED


@rules.predicate
def uploaded_it(user, document):
    return document is not None and document.uploaded_by_id == user.pk


@rules.predicate
def its_dossier_is_open(user, document):
    return document is not None and document.product.status in DOSSIER_OPEN_STATUSES


@rules.predicate
def works_on_its_product(user, document):
    return document is not None and (registers_for(user, document.product) or reviews(user, document.product))


rules.add_perm("products.list_records", reads_registry)
rules.add_perm("products.add_record", registers_anywhere)
rules.add_perm("products.view_record", can_view)
rules.add_perm("products.change_producer_record", registers_for)
rules.add_perm("products.change_product_record", registers_for & is_editable)
rules.add_perm("products.change_dossier", (registers_for | reviews) & dossier_is_open)
rules.add_perm("products.change_business_plan", registers_for & plan_is_due)
rules.add_perm("products.review_record", reviews)
# A document is removed by whoever uploaded it, while the dossier is open; the workflow's checks then
# notice a required document that is gone.
rules.add_perm("products.delete_document", uploaded_it & works_on_its_product & its_dossier_is_open)
