"""Writes of the plans app. Each runs in one transaction: bad input raises ValidationError, saves nothing."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.enums import FundingSource, ReportStatus
from plans.models import Evidence, Plan, ProgressReport, ReportTransition, Target, TargetValueChange, Task
from plans.models.activities import normalise_name
from plans.periods import periods_of
from plans.selectors import acting_agency_ids, funding_rules_for
from products.uploads import validate_upload, validate_uploads


def _attach(upload, *, user, **owner):
    kind = validate_upload(upload)
    evidence = Evidence(
        original_name=upload.name[:255], content_type=kind.content_type, size=upload.size, uploaded_by=user, **owner
    )
    field = Evidence._meta.get_field("file")
    name = field.generate_filename(evidence, upload.name)  # a random name: nothing else is stored under it
    try:
        evidence.file.name = field.storage.save(name, upload, max_length=field.max_length)
    except Exception:
        if field.storage.exists(name):  # a file half written when the storage failed
            field.storage.delete(name)
        raise
    evidence.save()
    return evidence


def _attach_all(uploads, *, user, **owner):
    """Store the files as evidence of `owner`. If one fails, those already written are removed from storage
    (their rows go with the transaction)."""
    stored = []
    try:
        for upload in uploads:
            stored.append(_attach(upload, user=user, **owner))
    except Exception:
        for evidence in stored:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return stored


def _save(instance):
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:  # a race the validation could not see
        raise ValidationError(_("This was changed by someone else at the same time. Try again.")) from error
    return instance


@transaction.atomic
def save_plan(plan, *, user, upload=None):
    if upload is not None:
        validate_upload(upload)
        plan.file = upload
        plan.file_name = upload.name[:255]
    if plan.pk is None:
        plan.created_by = user
    try:
        return _save(plan)
    except ValidationError:
        if upload is not None and plan.file._committed:  # written before the database refused the row
            plan.file.storage.delete(plan.file.name)
        raise


@transaction.atomic
def copy_plan(plan, *, year, user, title=None):
    """A new year's plan with the same targets and tasks; no progress, actual values, reports or money."""
    shift = year - plan.year
    if Plan.objects.filter(unit=plan.unit, year=year).exists():
        raise ValidationError(_("This unit already has a plan for %(year)s.") % {"year": year})
    copy = Plan(
        unit=plan.unit,
        year=year,
        title=title or plan.title.replace(str(plan.year), str(year)),
        copied_from=plan,
        created_by=user,
    )
    _save(copy)
    for target in plan.targets.all():
        Target.objects.create(
            plan=copy, order=target.order, text=target.text, measure=target.measure,
            target_value=target.target_value, value_unit=target.value_unit, population=target.population,
        )  # fmt: skip
    for task in plan.tasks.prefetch_related("coordinating_agencies"):
        due, starts = (_shift_date(day, shift) if day else None for day in (task.due_date, task.starts_on))
        new = Task.objects.create(
            plan=copy, section=task.section, order=task.order, title=task.title, description=task.description,
            lead_agency=task.lead_agency, due_date=due, starts_on=starts, recurrence=task.recurrence,
        )  # fmt: skip
        new.coordinating_agencies.set(task.coordinating_agencies.all())
    return copy


def _shift_date(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def save_target(target):
    return _save(target)


@transaction.atomic
def enter_actual(target, *, user, value, note, uploads=(), at=None):
    """Enter a target's figure; `at` backdates it (demo data, figures from past reports)."""
    if target.is_computed:
        raise ValidationError(_("This target's value is computed from the portal's data."))
    validate_uploads(uploads)
    before = Target.objects.select_for_update().get(pk=target.pk).actual_value
    now = at or timezone.now()
    target.actual_value, target.actual_note = value, note
    target.actual_updated_by, target.actual_updated_at = user, now
    _save(target)
    TargetValueChange.objects.create(
        target=target, value_before=before, value_after=value, note=note, actor=user, at=now
    )
    _attach_all(uploads, user=user, target=target)
    return target


@transaction.atomic
def save_task(task, *, coordinating, user=None, uploads=()):
    if task.lead_agency_id and any(agency.pk == task.lead_agency_id for agency in coordinating):
        raise ValidationError({"coordinating_agencies": _("The lead agency cannot also be a coordinating agency.")})
    if task.pk and task.reports.exists():
        before = Task.objects.select_for_update().get(pk=task.pk)
        if before.lead_agency_id != task.lead_agency_id:
            raise ValidationError({"lead_agency": _("Reports were filed by the lead agency: it can no longer change.")})
        if before.recurrence != task.recurrence:
            raise ValidationError({"recurrence": _("Reports were filed for its periods: it can no longer change.")})
    validate_uploads(uploads)
    _save(task)
    task.coordinating_agencies.set(coordinating)
    _attach_all(uploads, user=user, task=task)
    return task


def reportable_periods(task, today):
    """The task's periods in its plan's year that have begun by `today`, latest first."""
    return [p for p in reversed(periods_of(task.plan.year, task.recurrence)) if p.start <= today]


def reporting_agencies(user, task):
    """The task's agencies the user may report for."""
    mine = acting_agency_ids(user)
    agencies = [task.lead_agency, *task.coordinating_agencies.all()]
    return [agency for agency in agencies if agency.pk in mine]


@transaction.atomic
def post_report(task, *, user, agency, period, text, percent_done, figures="", uploads=(), at=None):
    """File an agency's report for a period. `at` backdates it (demo data, imports of past letters)."""
    now = timezone.now()
    at = at or now
    if at > now:
        raise ValidationError(_("A report cannot be dated in the future."))
    today = timezone.localdate(at)
    if agency not in reporting_agencies(user, task):
        raise ValidationError(_("You do not report for this agency on this task."))
    allowed = {p.code: p for p in reportable_periods(task, today)}
    if period not in allowed:
        raise ValidationError({"period": _("Choose a period of the plan's year that has begun.")})
    validate_uploads(uploads)
    Task.objects.select_for_update().filter(pk=task.pk).first()  # one report per agency and period at a time
    report = ProgressReport(
        task=task, agency=agency, period=period, period_end=allowed[period].end, text=text,
        percent_done=percent_done, figures=figures, submitted_by=user, submitted_at=at,
    )  # fmt: skip
    report.full_clean(exclude=["status"])
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:  # the same report sent twice at the same moment
        raise ValidationError(_("Your agency has already reported on this task for this period.")) from error
    ReportTransition.objects.create(report=report, to_status=ReportStatus.SUBMITTED, actor=user, at=report.submitted_at)
    _attach_all(uploads, user=user, report=report)
    return report


@transaction.atomic
def review_report(report, *, user, accept, note="", at=None):
    locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("This report has already been reviewed."))
    if at is not None and at < locked.submitted_at:
        raise ValidationError(_("A report cannot be reviewed before it was sent."))
    if not accept and not note.strip():
        raise ValidationError({"note": _("Say what the agency should change.")})
    new = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    now = at or timezone.now()
    ReportTransition.objects.create(
        report=locked, from_status=locked.status, to_status=new, actor=user, at=now, note=note.strip()
    )
    locked.status, locked.reviewed_by, locked.reviewed_at, locked.review_note = new, user, now, note.strip()
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    return locked


@transaction.atomic
def save_activity(activity, *, user, targets=(), producers=(), products=()):
    if activity.pk is None:
        activity.created_by = user
    _save(activity)
    activity.targets.set(targets)
    activity.producers.set(producers)
    activity.products.set(products)
    return activity


def funding_problem(funding):
    """Why a ledger line breaks the rules (a message), or ''."""
    commune = funding.beneficiary_commune()
    if commune is None:
        return ""
    for rule in funding_rules_for(commune):
        if rule.refused_kind == commune.kind and rule.matches(funding.source, funding.programme):
            source = funding.programme if funding.source == FundingSource.PROGRAMME else funding.get_source_display()
            kind = commune.get_kind_display().lower()
            return _("%(source)s may not fund a %(kind)s (rule set by %(unit)s): %(commune)s is a %(kind)s.") % {
                "source": source, "kind": kind, "unit": rule.unit, "commune": commune.name,
            }  # fmt: skip
    return ""


@transaction.atomic
def record_funding(funding, *, user):
    if not (funding.producer_id or funding.product_id or funding.activity_id or funding.description.strip()):
        raise ValidationError(_("Say what the money funded: a producer, a product, an activity or a description."))
    if funding.product_id and funding.producer_id and funding.product.producer_id != funding.producer_id:
        raise ValidationError({"product": _("This product is not the chosen producer's.")})
    for thing in (funding.product, funding.producer):
        if thing is not None and not thing.commune.path.startswith(funding.plan.unit.path):
            raise ValidationError(_("%(name)s is outside this plan's area.") % {"name": thing})
    funding.programme = normalise_name(funding.programme) if funding.source == FundingSource.PROGRAMME else ""
    if funding.source == FundingSource.PROGRAMME and not funding.programme:
        raise ValidationError({"programme": _("Name the integrated programme.")})
    if funding.activity_id and funding.activity.plan_id != funding.plan_id:
        raise ValidationError({"activity": _("This activity belongs to another plan.")})
    problem = funding_problem(funding)
    if problem:
        raise ValidationError(problem)
    if funding.pk is None:
        funding.recorded_by = user
    return _save(funding)


@transaction.atomic
def save_funding_rule(rule):
    rule.programme = normalise_name(rule.programme)
    return _save(rule)
