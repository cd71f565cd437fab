"""The review workflow: one table of allowed transitions and one function that applies them.

Each transition is taken by one side: the commune side (REGISTRANT: the commune's official, or an
officer registering on its behalf) or the district side (REVIEWER: the OCOP officer over the commune).
Each writes a ProductTransition row: who, when, from, to, note.
"""

import dataclasses
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from products import rules, services
from products.enums import DocumentKind
from products.enums import ProductStatus as S
from products.models import Product, ProductTransition

REGISTRANT = "registrant"
REVIEWER = "reviewer"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple
    target: str
    side: str
    label: str
    note_required: bool = False
    note_label: str = ""
    style: str = "primary"
    checks: tuple = field(default=())


def _submission_documents(product):
    missing = services.required_documents_missing(product, settings.SUBMISSION_REQUIRED_DOCUMENTS)
    if missing:
        return _missing_message(missing)
    return None


def _has_business_plan(product):
    plan = getattr(product, "business_plan", None)
    if plan is None or plan.document_id is None:
        return _("Add the business plan (Biểu 03) with its file first.")
    return None


def _dossier_complete(product):
    missing = services.required_documents_missing(product, settings.DOSSIER_REQUIRED_DOCUMENTS)
    if missing:
        return _missing_message(missing)
    return None


def _missing_message(kinds):
    names = ", ".join(str(DocumentKind(kind).label) for kind in kinds)
    return format_lazy("{}{}", _("These documents are missing or expired: "), names)


TRANSITIONS = {
    t.action: t
    for t in [
        Transition("submit", (S.DRAFT,), S.SUBMITTED, REGISTRANT, _("Submit to the district"),
                   checks=(_submission_documents,)),
        Transition("resubmit", (S.RETURNED,), S.SUBMITTED, REGISTRANT, _("Resubmit to the district"),
                   checks=(_submission_documents,)),
        Transition("return", (S.SUBMITTED,), S.RETURNED, REVIEWER, _("Return for changes"),
                   note_required=True, note_label=_("What should the commune change?"), style="warning"),
        Transition("reject", (S.SUBMITTED,), S.REJECTED, REVIEWER, _("Reject"),
                   note_required=True, note_label=_("Reason for rejection"), style="danger"),
        Transition("accept", (S.SUBMITTED,), S.ACCEPTED, REVIEWER, _("Accept the idea"), style="success",
                   checks=(_submission_documents,)),
        Transition("submit_plan", (S.ACCEPTED,), S.PLAN_SUBMITTED, REGISTRANT, _("Submit the business plan"),
                   checks=(_has_business_plan,)),
        Transition("return_plan", (S.PLAN_SUBMITTED,), S.ACCEPTED, REVIEWER, _("Return the business plan"),
                   note_required=True, note_label=_("What should the business plan change?"), style="warning"),
        Transition("approve_plan", (S.PLAN_SUBMITTED,), S.IMPLEMENTING, REVIEWER,
                   _("Approve the plan: implementation starts"), style="success", checks=(_has_business_plan,)),
        Transition("mark_ready", (S.IMPLEMENTING,), S.READY, REVIEWER, _("Dossier complete: ready for rating"),
                   checks=(_dossier_complete,), style="success"),
        Transition("reopen", (S.READY,), S.IMPLEMENTING, REVIEWER, _("Reopen the dossier"),
                   note_required=True, note_label=_("Why is the dossier reopened?"), style="warning"),
    ]
}  # fmt: skip


def is_on_side(user, product, side):
    if side == REGISTRANT:
        return rules.registers_for(user, product)
    return rules.reviews(user, product)


def available_to(user, product):
    """The transitions this user may take on this product now (for the buttons on its page)."""
    return [t for t in TRANSITIONS.values() if product.status in t.sources and is_on_side(user, product, t.side)]


def first_problem(product, transition):
    """What stops the transition's checks now, or None (shown next to its button)."""
    for check in transition.checks:
        problem = check(product)
        if problem:
            return problem
    return None


def _refusal(product, transition):
    if product.status == S.REJECTED:
        return _("This idea was rejected; it cannot be submitted or changed again. Register a new idea instead.")
    return format_lazy(
        _("This action is not possible while the product is “{status}”."), status=product.get_status_display()
    )


@transaction.atomic
def apply(product, action, *, user, note=""):
    """Move `product` by `action`. Raises PermissionDenied (wrong side) or ValidationError (anything else)."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError(_("Unknown action."))
    product = Product.objects.select_for_update().get(pk=product.pk)  # one reviewer at a time
    if not is_on_side(user, product, transition.side):
        raise PermissionDenied
    if product.status not in transition.sources:
        raise ValidationError(_refusal(product, transition), code="wrong_status")
    note = (note or "").strip()
    if transition.note_required and not note:
        raise ValidationError(_("Write a note: the commune will read it."), code="note_required")
    problem = first_problem(product, transition)
    if problem:
        raise ValidationError(problem, code="check_failed")
    source = product.status
    if transition.target == S.SUBMITTED:
        services.assign_code(product)
    product.status = transition.target
    product.save(update_fields=["status", "code", "submitted_at", "updated_at"])
    ProductTransition.objects.create(
        product=product, from_status=source, to_status=product.status, actor=user, note=note
    )
    return product


# Sending up names the unit above the commune on the day (its district before 01/07/2025, else its province).
SENDING_UP = {"submit": _("Send to %(unit)s"), "resubmit": _("Send again to %(unit)s")}


def shown(transition, product, day=None):
    """The transition as the product's page shows it: sending up says where to."""
    from org.bodies import place_name, unit_above

    label = SENDING_UP.get(transition.action)
    above = unit_above(product.commune, day or timezone.localdate()) if label else None
    if above is None:
        return transition
    return dataclasses.replace(transition, label=label % {"unit": place_name(above)})
