"""Every change to producers, products, business plans and documents goes through these functions.

Each runs in a transaction and validates before it saves, so bad input saves nothing.
Workflow transitions are in products.workflow.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.enums import Level
from products.enums import DOSSIER_OPEN_STATUSES, EDITABLE_STATUSES, DocumentKind, ProductStatus
from products.models import BusinessPlan, CodeCounter, Document, Product, ProductTransition
from products.uploads import validate_upload
from products.versions import check_version

# Fields that only the workflow sets: an edit never writes them, so a stale form cannot undo a transition.
WORKFLOW_FIELDS = {"status", "code", "submitted_at", "created_by", "created_at"}


def lock_product(product, allowed, message):
    """Lock the product's row and check its status again: it may have moved since the page was loaded."""
    current = Product.objects.select_for_update().get(pk=product.pk)
    if current.status not in allowed:
        raise ValidationError(message % {"status": current.get_status_display()}, code="moved_on")
    return current


MOVED_ON = _("This product is now “%(status)s”: it changed while you were working. Reload the page.")


@transaction.atomic
def save_producer(producer, *, user, version=None):
    """Save a producer. `version`: the version the editing user loaded (products.versions); a stale one is refused."""
    if producer.pk is None:
        producer.created_by = user
    else:
        stored = type(producer).objects.select_for_update().get(pk=producer.pk)
        check_version(stored, version)
        if stored.commune_id != producer.commune_id and stored.products.exists():
            raise ValidationError(
                {
                    "commune": _("This producer has products registered in %(commune)s: its commune cannot change.")
                    % {"commune": stored.commune}
                }  # fmt: skip
            )
    producer.full_clean()
    producer.save()
    return producer


@transaction.atomic
def save_product(product, *, user, version=None):
    """Save a product. `version`: the version the editing user loaded (products.versions); a stale one is refused,
    so a second official cannot overwrite the first's changes unseen."""
    created = product.pk is None
    if created:
        product.created_by = user
        if product.producer_id and not product.commune_id:
            product.commune = product.producer.commune
    else:
        stored = lock_product(product, EDITABLE_STATUSES, MOVED_ON)
        check_version(stored, version)
        product.status = stored.status
    product.full_clean()
    if created:
        product.save()
    else:
        fields = [f.name for f in product._meta.concrete_fields if not f.primary_key and f.name not in WORKFLOW_FIELDS]
        product.save(update_fields=fields)
    if created:  # the first history row: created as a draft
        ProductTransition.objects.create(product=product, from_status="", to_status=product.status, actor=user)
    return product


def coding_units(commune):
    """(province, district or None) whose codes make a product code: T and H of '(T)-(H)-(STT)-year'."""
    parent = commune.parent
    if parent.level == Level.DISTRICT:
        return parent.parent, parent
    return parent, None


def _next_number(unit, year):
    """The next running number of `unit` for `year`, under a row lock (one writer at a time)."""
    counter = CodeCounter.objects.select_for_update().filter(unit=unit, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = CodeCounter.objects.create(unit=unit, year=year)
        except IntegrityError:  # created meanwhile by a concurrent submission
            counter = CodeCounter.objects.select_for_update().get(unit=unit, year=year)
        counter = CodeCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def assign_code(product):
    """Give the product its code '(T)-(H)-(STT)-year' on first submission; later submissions keep it."""
    if product.code:
        return product.code
    province, district = coding_units(product.commune)
    year = timezone.localdate().year
    number = _next_number(district or province, year)
    parts = [province.code] + ([district.code] if district else []) + [f"{number:03d}", str(year)]
    product.code = "-".join(parts)
    product.submitted_at = timezone.now()
    return product.code


# The producer's self-assessment report reaches the commune with the dossier for its pre-assessment (QĐ 1489), when
# the product is ready for rating: it may be added then too.
SELF_ASSESSMENT_STATUSES = (*DOSSIER_OPEN_STATUSES, ProductStatus.READY)


@transaction.atomic
def add_document(product, *, user, kind, upload, issued_on=None, expires_on=None, note=""):
    open_statuses = SELF_ASSESSMENT_STATUSES if kind == DocumentKind.SELF_ASSESSMENT else DOSSIER_OPEN_STATUSES
    lock_product(product, open_statuses, MOVED_ON)
    detected = validate_upload(upload)
    document = Document(
        product=product,
        kind=kind,
        original_name=upload.name[:255],
        content_type=detected.content_type,
        size=upload.size,
        issued_on=issued_on,
        expires_on=expires_on,
        note=note,
        uploaded_by=user,
    )
    document.file = upload
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def delete_document(document):
    lock_product(document.product, DOSSIER_OPEN_STATUSES, MOVED_ON)
    if BusinessPlan.objects.filter(document=document).exists():
        BusinessPlan.objects.filter(document=document).update(document=None)
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def save_business_plan(plan, *, user, upload=None):
    """Save the plan's figures; a new file becomes the product's business-plan document."""
    lock_product(plan.product, (ProductStatus.ACCEPTED,), MOVED_ON)
    if upload is not None:
        plan.document = add_document(plan.product, user=user, kind=DocumentKind.BUSINESS_PLAN, upload=upload)
    plan.full_clean()
    plan.save()
    return plan


def required_documents_missing(product, required, today=None):
    """The required document types that have no unexpired document, in the order given."""
    today = today or timezone.localdate()
    present = {
        document.kind
        for document in product.documents.all()
        if document.expires_on is None or document.expires_on >= today
    }
    return [kind for kind in required if kind not in present]
