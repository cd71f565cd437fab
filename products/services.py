"""Every change to producers, products, business plans and documents goes through these functions.

Each runs in a transaction and validates before it saves, so bad input saves nothing.
Workflow transitions are in products.workflow.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from org.enums import Level
from products.enums import DocumentKind
from products.models import BusinessPlan, CodeCounter, Document, ProductTransition
from products.uploads import validate_upload


@transaction.atomic
def save_producer(producer, *, user):
    if producer.pk is None:
        producer.created_by = user
    producer.full_clean()
    producer.save()
    return producer


@transaction.atomic
def save_product(product, *, user):
    created = product.pk is None
    if created:
        product.created_by = user
        if product.producer_id and not product.commune_id:
            product.commune = product.producer.commune
    product.full_clean()
    product.save()
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


@transaction.atomic
def add_document(product, *, user, kind, upload, issued_on=None, expires_on=None, note=""):
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
    if BusinessPlan.objects.filter(document=document).exists():
        BusinessPlan.objects.filter(document=document).update(document=None)
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def save_business_plan(plan, *, user, upload=None):
    """Save the plan's figures; a new file becomes the product's business-plan document."""
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
