"""Querysets of the registry scoped to a user: what is out of scope is simply not found (404)."""

from django.db.models import Count, Prefetch

from ocop_portal.paging import kept_value
from org.enums import Level, Role
from org.models import AdministrativeUnit
from org.selectors import roles_of, scope_q
from products.enums import ProductStatus
from products.models import Document, Producer, Product, ProductSet, ProductTransition

# Who reads the registry (leadership only reads), and who registers producers and ideas in it.
VIEW_ROLES = (Role.COMMUNE_OFFICIAL, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.LEADERSHIP)
REGISTRANT_ROLES = (Role.COMMUNE_OFFICIAL, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER)


def can_read_registry(user):
    return user.is_superuser or bool(roles_of(user) & set(VIEW_ROLES))


def can_register_anywhere(user):
    return user.is_superuser or bool(roles_of(user) & set(REGISTRANT_ROLES))


def producers_visible_to(user):
    return Producer.objects.filter(scope_q(user, "commune__path", VIEW_ROLES)).select_related("commune")


def producer_list_for(user):
    return producers_visible_to(user).annotate(product_count=Count("products")).order_by("name", "pk")


def products_visible_to(user):
    return Product.objects.filter(scope_q(user, "commune__path", VIEW_ROLES)).select_related(
        "commune", "producer", "product_set"
    )


def product_detail_for(user):
    return (
        products_visible_to(user)
        .select_related(
            "commune__parent", "product_set__category__parent__parent", "created_by", "business_plan__document"
        )
        .prefetch_related(
            Prefetch("documents", queryset=Document.objects.select_related("uploaded_by")),
            Prefetch("transitions", queryset=ProductTransition.objects.select_related("actor")),
            # Rating results, through the reverse relations the rating app adds (no import of it here).
            "entries__round__unit",
            "entries__certificate",
        )
    )


def documents_visible_to(user):
    return Document.objects.filter(scope_q(user, "product__commune__path", VIEW_ROLES)).select_related(
        "product__commune"
    )


def communes_visible_to(user):
    return AdministrativeUnit.objects.filter(scope_q(user, "path", VIEW_ROLES), level=Level.COMMUNE).select_related(
        "parent"
    )


def communes_for_registration(user):
    """Communes where the user may register producers and ideas: those that still exist (an ended commune's
    records stay visible through its successor, org.succession, but nothing new is registered there)."""
    return AdministrativeUnit.objects.filter(
        scope_q(user, "path", REGISTRANT_ROLES), level=Level.COMMUNE, valid_until__isnull=True
    ).select_related("parent")


def producers_for_registration(user):
    return Producer.objects.filter(scope_q(user, "commune__path", REGISTRANT_ROLES)).select_related("commune")


def product_sets():
    return ProductSet.objects.select_related("category")


def status_counts(user, roles):
    """Counts by status of the products in the user's scope for these roles (one query; kept like the lists'
    counts until a product records a change: a province's 20,000 took most of its officer's home page)."""
    rows = (
        Product.objects.filter(scope_q(user, "commune__path", roles))
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {status: 0 for status in ProductStatus.values}
    counts.update(
        {row["status"]: row["n"] for row in kept_value(rows, (Product,), lambda: list(rows), "status-counts")}
    )
    return counts


def likely_duplicates(producer_id, name, exclude_pk=None):
    """The producer's products whose name is the same once case, accents, đ and spaces are ignored: flagged when
    a product is registered, by hand or from a file, and registered only on an explicit confirmation."""
    from products.search import fold

    found = Product.objects.filter(producer_id=producer_id, search_text=fold(name))
    return found.exclude(pk=exclude_pk) if exclude_pk else found
