"""The commune's pre-assessment under QĐ 1489 (rating/models/preassessment.py): who may do what, and every change.

draft → submitted (the commune's OCOP officer sends it to the chairman) → confirmed (the commune chairman) →
proposed (the officer proposes the product to the province) → entered (the province takes it into a round). The
chairman may return a submitted one to draft with a note. Each step writes a PreAssessmentTransition row.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.enums import Role
from org.selectors import memberships_of, path_in_scope
from products import services as product_services
from products.enums import DocumentKind, ProductStatus
from rating import services
from rating.models import Criterion, PreAssessment, PreAssessmentStatus, PreAssessmentTransition, Sheet
from rating.selectors import rule_set_in_force

S = PreAssessmentStatus
OFFICER = "officer"
CHAIRMAN = "chairman"


def pre_assessing_rule_set(day=None):
    """The rule set in force today if its procedure has the commune pre-assess (QĐ 1489), else None."""
    rule_set = rule_set_in_force(day or timezone.localdate())
    return rule_set if rule_set is not None and rule_set.pre_assessment_level == "commune" else None


def is_officer(user, commune):
    return path_in_scope(user, commune.path, roles=(Role.COMMUNE_OFFICIAL,))


def is_chairman(user, commune):
    """The commune's leadership (Chủ tịch UBND xã): a leadership role held at the commune itself."""
    return any(m.role == Role.LEADERSHIP and m.unit_id == commune.pk for m in memberships_of(user))


def pre_assessed_criteria(rule_set, product_set):
    """The criteria of the set's sheet that the commune pre-assesses, with their options (empty without a sheet)."""
    sheet = Sheet.objects.filter(rule_set_id=rule_set.sheets_rule_set_id, product_set=product_set).first()
    if sheet is None:
        return None
    return list(Criterion.objects.filter(sheet=sheet, pre_assessed=True).prefetch_related("options").order_by("order"))


@dataclass(frozen=True)
class Step:
    action: str
    source: str
    target: str
    side: str
    label: str
    style: str = "primary"
    note_required: bool = False


STEPS = {
    step.action: step
    for step in [
        Step("submit", S.DRAFT, S.SUBMITTED, OFFICER, _("Send to the commune chairman")),
        Step("return", S.SUBMITTED, S.DRAFT, CHAIRMAN, _("Return to the officer"), "outline-secondary", True),
        Step("confirm", S.SUBMITTED, S.CONFIRMED, CHAIRMAN, _("Confirm the pre-assessment"), "success"),
        Step("propose", S.CONFIRMED, S.PROPOSED, OFFICER, _("Propose to the province"), "success"),
    ]
}


def on_side(user, pre_assessment, side):
    commune = pre_assessment.commune
    return is_officer(user, commune) if side == OFFICER else is_chairman(user, commune)


def steps_for(user, pre_assessment):
    return [s for s in STEPS.values() if s.source == pre_assessment.status and on_side(user, pre_assessment, s.side)]


def problem_of(pre_assessment, step):
    if step.action == "submit":
        criteria = pre_assessed_criteria(pre_assessment.rule_set, pre_assessment.product_set)
        if criteria is None:
            return _("The rule set has no scoring sheet for this product set yet.")
        unanswered = [c.number for c in criteria if str(c.pk) not in pre_assessment.answers]
        if unanswered:
            return _("Assess every criterion first (missing: %(numbers)s).") % {"numbers": ", ".join(unanswered)}
        if pre_assessment.self_assessment_id is None:
            return _("Attach the producer's self-assessment report to the dossier and choose it first.")
    return None


def _record(pre_assessment, source, user, note=""):
    PreAssessmentTransition.objects.create(
        pre_assessment=pre_assessment, from_status=source, to_status=pre_assessment.status, actor=user, note=note
    )


@transaction.atomic
def start(product, *, user, product_set, rule_set=None):
    """A draft pre-assessment of a product ready for rating, by the commune's OCOP officer."""
    rule_set = rule_set or pre_assessing_rule_set()
    if rule_set is None:
        raise ValidationError(_("The rules in force today have no commune pre-assessment."))
    if not is_officer(user, product.commune):
        raise PermissionDenied
    if product.status != ProductStatus.READY:
        raise ValidationError(_("Only products ready for rating are pre-assessed."))
    if product_set.scheme != rule_set.classification:
        raise ValidationError(_("Choose a product set of the classification %(scheme)s.")
                              % {"scheme": rule_set.classification})  # fmt: skip
    if PreAssessment.objects.filter(product=product, rule_set=rule_set).exclude(status=S.ENTERED).exists():
        raise ValidationError(_("This product already has a pre-assessment under way."))
    pre_assessment = PreAssessment.objects.create(
        product=product, rule_set=rule_set, product_set=product_set, commune=product.commune, created_by=user
    )
    _record(pre_assessment, "", user)
    return pre_assessment


@transaction.atomic
def save_answers(pre_assessment, *, user, chosen, self_assessment=None, upload=None, note=""):
    """The officer's answers: {criterion pk: option pk} for the pre-assessed criteria, the self-assessment report
    (a document of the product's dossier, or a file uploaded to it now); only while a draft."""
    pre_assessment = PreAssessment.objects.select_for_update().get(pk=pre_assessment.pk)
    if not is_officer(user, pre_assessment.commune):
        raise PermissionDenied
    if pre_assessment.status != S.DRAFT:
        raise ValidationError(_("Only a draft pre-assessment can be changed."))
    if upload is not None:
        self_assessment = product_services.add_document(
            pre_assessment.product, user=user, kind=DocumentKind.SELF_ASSESSMENT, upload=upload
        )
    criteria = pre_assessed_criteria(pre_assessment.rule_set, pre_assessment.product_set) or []
    answers, points = {}, Decimal(0)
    for criterion in criteria:
        option_id = chosen.get(criterion.pk)
        if option_id is None:
            continue
        option = next((o for o in criterion.options.all() if o.pk == option_id), None)
        if option is None:
            raise ValidationError(_("Criterion %(number)s has no such option.") % {"number": criterion.number})
        answers[str(criterion.pk)] = option.pk
        points += option.points
    if self_assessment is not None and (
        self_assessment.product_id != pre_assessment.product_id or self_assessment.kind != DocumentKind.SELF_ASSESSMENT
    ):
        raise ValidationError(_("Choose the producer's self-assessment report of this product."))
    pre_assessment.answers, pre_assessment.points = answers, points
    pre_assessment.self_assessment = self_assessment
    pre_assessment.note = note
    pre_assessment.save()
    return pre_assessment


@transaction.atomic
def apply(pre_assessment, action, *, user, note=""):
    step = STEPS.get(action)
    if step is None:
        raise ValidationError(_("Unknown action."))
    pre_assessment = PreAssessment.objects.select_for_update().get(pk=pre_assessment.pk)
    if not on_side(user, pre_assessment, step.side):
        raise PermissionDenied
    if pre_assessment.status != step.source:
        raise ValidationError(_("This action is not possible while the pre-assessment is “%(status)s”.")
                              % {"status": pre_assessment.get_status_display()})  # fmt: skip
    note = (note or "").strip()
    if step.note_required and not note:
        raise ValidationError(_("Say why: the note is kept in the history."))
    problem = problem_of(pre_assessment, step)
    if problem:
        raise ValidationError(problem)
    source, pre_assessment.status = pre_assessment.status, step.target
    pre_assessment.save(update_fields=["status"])
    _record(pre_assessment, source, user, note)
    return pre_assessment


def proposals_for(round_):
    """Products the communes under a province round's unit proposed under its rule set, not yet entered."""
    return (
        PreAssessment.objects.filter(
            status=S.PROPOSED, rule_set=round_.rule_set, commune__path__startswith=round_.unit.path
        )
        .exclude(product__entries__round=round_)
        .select_related("product__producer", "commune", "product_set")
    )


@transaction.atomic
def enter(round_, pre_assessment, *, user):
    """The province takes a commune's proposal into its round: an entry on the set the commune assessed."""
    pre_assessment = PreAssessment.objects.select_for_update().get(pk=pre_assessment.pk)
    if pre_assessment.status != S.PROPOSED or pre_assessment.rule_set_id != round_.rule_set_id:
        raise ValidationError(_("This product is not proposed under the round's rule set."))
    entry = services.add_entry(round_, product=pre_assessment.product, product_set=pre_assessment.product_set)
    source, pre_assessment.status, pre_assessment.entry = pre_assessment.status, S.ENTERED, entry
    pre_assessment.save(update_fields=["status", "entry"])
    _record(pre_assessment, source, user, str(round_))
    return entry
