"""Star certificates: issue, revoke, list those about to expire, and remind the district and the commune.

Every change runs in a transaction and validates before it saves. The scope of the certificate screens
(selectors) and who may issue or revoke (django-rules) are at the end of this module.
"""

import calendar
import logging
from datetime import date, timedelta

import rules
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.enums import Role
from org.models import Membership
from org.rules import manages_unit
from org.selectors import path_in_scope
from products.rules import can_view
from products.selectors import products_visible_to
from rating.enums import CertificateSource, RoundStatus
from rating.models import Certificate, Entry

logger = logging.getLogger(__name__)

EXPIRING_DAYS = 90  # "expiring" on the lists and the public page
REMINDER_DAYS = 30  # the district and the commune are reminded this many days before expiry
NUMBER_ATTEMPTS = 5  # tries at a free running number when two certificates are issued at once


# --- Dates and numbers ----------------------------------------------------------------------------


def add_months(day, months):
    """`day` plus `months` calendar months; a day past the month's end becomes its last day (31/1 → 28/2)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _number_prefix(code, year):
    return f"{code}-{year}-"


def next_number(code, year):
    """'<province code>-<year>-<running number>/OCOP': one more than the highest number of that year."""
    prefix = _number_prefix(code, year)
    taken = Certificate.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    highest = max((int(number[len(prefix) :].split("/")[0]) for number in taken), default=0)
    return f"{prefix}{highest + 1:04d}/OCOP"


# --- Services --------------------------------------------------------------------------------------


def closed_on(round_):
    """The day (Asia/Ho_Chi_Minh) the round last closed, from its history; None if it never went through closing."""
    moment = (
        round_.transitions.filter(to_status=RoundStatus.CLOSED).order_by("-at").values_list("at", flat=True).first()
    )
    return timezone.localdate(moment) if moment else None


def check_can_issue(entry, issued_on=None):
    """The reasons (messages) why `entry` cannot get a certificate (dated `issued_on`); empty when it can."""
    round_ = entry.round
    problems = []
    closed = closed_on(round_)
    if issued_on and closed and issued_on < closed:
        problems.append(
            _("A certificate cannot be dated before its round closed (%(day)s).") % {"day": closed.strftime("%d/%m/%Y")}
        )
    if round_.status != RoundStatus.PUBLISHED:
        problems.append(_("Certificates are issued only once the round's results are published."))
    if entry.knocked_out:
        problems.append(_("This entry was knocked out: it gets no certificate."))
    elif entry.stars is None:
        problems.append(_("This entry has no stars yet."))
    elif entry.stars not in round_.rule_set.recognises(round_.level):
        problems.append(
            _("A %(level)s round does not recognise %(stars)s stars under %(rule_set)s.")
            % {"level": round_.get_level_display().lower(), "stars": entry.stars, "rule_set": round_.rule_set}
        )
    if Certificate.objects.filter(entry=entry).exists():
        problems.append(_("This entry already has a certificate."))
    return problems


CURRENT = Q(revoked_at__isnull=True, superseded_on__isnull=True)
SUPERSEDED = Q(superseded_on__isnull=False) & (Q(valid_until__isnull=True) | Q(valid_until__gte=F("superseded_on")))


def current_certificate_of(product, *, lock=False):
    """The product's current certificate (not revoked, not replaced), or None: at most one (a constraint)."""
    queryset = Certificate.objects.filter(CURRENT, product=product)
    return (queryset.select_for_update() if lock else queryset).first()


class SupersedeNeeded(ValidationError):
    """Issuing would replace a certificate still valid on the day: the office must confirm first."""

    def __init__(self, current):
        self.current = current
        super().__init__(
            _("This product holds certificate %(number)s (%(stars)s★, valid until %(until)s). Issuing the new one "
              "replaces it; confirm to go on.")
            % {"number": current.reference, "stars": current.stars,
               "until": current.valid_until.strftime("%d/%m/%Y") if current.valid_until else "…"},
            code="supersede_needed",
        )  # fmt: skip


def replaced_before(current, day):
    """Mark `current` as replaced from `day` (before its successor is saved: one current per product)."""
    current.superseded_on = day
    current.save(update_fields=["superseded_on"])


def link_successor(previous, successor):
    previous.superseded_by = successor
    previous.save(update_fields=["superseded_by"])
    logger.info("Certificate %s replaced by %s", previous.reference, successor.reference)


@transaction.atomic
def issue_certificate(entry, *, user, issued_on=None, supersede=False):
    """Issue the certificate of a published entry whose stars the round's level recognises (one per entry). A
    certificate the product holds that is still valid on the day is replaced only with `supersede` (the office has
    confirmed); one that has run out is replaced without asking."""
    entry = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("round__rule_set", "product__commune")
        .get(pk=entry.pk)
    )
    issued_on = issued_on or timezone.localdate()
    problems = check_can_issue(entry, issued_on)
    if problems:
        raise ValidationError(problems)
    previous = current_certificate_of(entry.product_id, lock=True)
    if previous is not None and (previous.valid_until is None or previous.valid_until >= issued_on) and not supersede:
        raise SupersedeNeeded(previous)
    if previous is not None:
        replaced_before(previous, issued_on)
    code = entry.product.commune.top_code  # the province's code
    for _attempt in range(NUMBER_ATTEMPTS):
        certificate = Certificate(
            entry=entry,
            product_id=entry.product_id,
            number=next_number(code, issued_on.year),
            stars=entry.stars,
            issued_on=issued_on,
            valid_until=add_months(issued_on, entry.round.rule_set.validity_months),
            issued_by=user,
        )
        try:
            with transaction.atomic():  # a savepoint: a number taken meanwhile is retried with the next one
                certificate.save()
        except IntegrityError:
            if Certificate.objects.filter(entry=entry).exists():
                raise ValidationError(_("This entry already has a certificate.")) from None
            continue
        logger.info("Certificate %s issued for entry %s by %s", certificate.number, entry.pk, user)
        if previous is not None:
            link_successor(previous, certificate)
        return certificate
    raise ValidationError(_("No certificate number could be assigned. Please try again."))


@transaction.atomic
def revoke_certificate(certificate, *, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking the certificate.")})
    current = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if current.revoked_at:
        raise ValidationError(_("This certificate is already revoked."))
    current.revoked_at = timezone.now()
    current.revoked_by = user
    current.revocation_reason = reason
    current.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    logger.info("Certificate %s revoked by %s", current.number, user)
    return current


def certificates_expiring(queryset, days=EXPIRING_DAYS, today=None):
    """Certificates of `queryset`, not revoked, whose validity ends within `days` days (soonest first)."""
    today = today or timezone.localdate()
    return queryset.filter(CURRENT, valid_until__gte=today, valid_until__lte=today + timedelta(days=days)).order_by(
        "valid_until", "pk"
    )


def reminder_recipients(commune):
    """The district's OCOP officers and the commune's officials (a province without districts: its officers)."""
    parent_role = Role.DISTRICT_OFFICER if commune.parent.parent_id else Role.PROVINCE_OFFICER
    return list(
        Membership.objects.active()
        .filter(
            Q(role=parent_role, unit_id=commune.parent_id) | Q(role=Role.COMMUNE_OFFICIAL, unit=commune),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("role", "user__username")
    )


def send_expiry_reminders(today=None):
    """Remind, once per certificate, the district and the commune that it expires within REMINDER_DAYS.

    There is no mail service yet: the reminder is a log line naming its recipients, and `reminder_sent_at`
    records that it went (the certificate page shows it). Each certificate is its own transaction, under a
    row lock, so a second run (or a concurrent one) sends nothing twice. Returns how many were sent.
    """
    today = today or timezone.localdate()
    due = certificates_expiring(Certificate.objects.filter(reminder_sent_at__isnull=True), REMINDER_DAYS, today)
    sent = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            certificate = (
                Certificate.objects.select_for_update(of=("self",))  # the parent unit is an outer join
                .select_related("product__commune__parent", "product__producer")
                .filter(pk=pk, reminder_sent_at__isnull=True)
                .first()
            )
            if certificate is None:
                continue
            product = certificate.product
            recipients = reminder_recipients(product.commune)
            logger.info(
                "Expiry reminder: certificate %s (%s, %s, %s) expires on %s; to %s",
                certificate.reference,
                product.name,
                product.producer.name,
                product.commune,
                certificate.valid_until.strftime("%d/%m/%Y"),
                ", ".join(f"{m.user.username} ({m.role})" for m in recipients) or "nobody",
            )
            certificate.reminder_sent_at = timezone.now()
            certificate.save(update_fields=["reminder_sent_at"])
            sent += 1
    return sent


# --- Scope and permissions --------------------------------------------------------------------------


STATES = ("valid", "expiring", "expired", "superseded", "revoked", "unknown")


def needing_completion(queryset):
    """Register certificates recorded without a decision number or date (rating.register)."""
    return queryset.filter(origin=CertificateSource.REGISTER).filter(
        Q(decision_number="") | Q(decision_date__isnull=True)
    )


def with_state(queryset, state, today=None, expiring_days=EXPIRING_DAYS):
    """Certificates of `queryset` in one of STATES (the same meaning as Certificate.state)."""
    today = today or timezone.localdate()
    if state == "revoked":
        return queryset.filter(revoked_at__isnull=False)
    queryset = queryset.filter(revoked_at__isnull=True)
    if state == "superseded":
        return queryset.filter(SUPERSEDED)
    queryset = queryset.exclude(SUPERSEDED)
    if state == "unknown":
        return queryset.filter(valid_until__isnull=True)
    soon = today + timedelta(days=expiring_days)
    if state == "expired":
        return queryset.filter(valid_until__lt=today)
    if state == "expiring":
        return queryset.filter(valid_until__gte=today, valid_until__lte=soon)
    return queryset.filter(valid_until__gt=soon)


def current_certificates(today=None):
    """Certificates in force (not revoked, not replaced, not expired): the public catalogue, one per product."""
    today = today or timezone.localdate()
    return Certificate.objects.filter(CURRENT, valid_until__gte=today)


def public_certificates():
    """Any certificate, found by its token on the public verification page."""
    return Certificate.objects.select_related(
        "product__producer", "product__commune__parent__parent", "entry__product_set", "product__category"
    )


def certificates_visible_to(user):
    """Certificates of the products the user may see in the registry (the same scope, so lists agree)."""
    return Certificate.objects.filter(product__in=products_visible_to(user).values("pk")).select_related(
        "product__producer", "product__commune", "entry__round__unit"
    )


def certificate_detail_for(user):
    return certificates_visible_to(user).select_related(
        "product__commune__parent__parent", "entry__round__rule_set", "issued_by", "revoked_by", "superseded_by"
    )


def entries_visible_to(user):
    return Entry.objects.filter(product__in=products_visible_to(user).values("pk")).select_related(
        "round__unit", "round__rule_set", "product__commune"
    )


@rules.predicate
def sees_its_product(user, certificate):
    return certificate is not None and can_view(user, certificate.product)


@rules.predicate
def keeps_register_of(user, unit):
    """The province OCOP officer of the unit's province (or a superuser): who keeps the province's register."""
    return unit is not None and path_in_scope(user, f"/{unit.top_code}/", roles=(Role.PROVINCE_OFFICER,))


@rules.predicate
def manages_its_round(user, obj):
    """obj: a certificate or an entry; the officer over the round's unit (province officers, for 1048). A register
    certificate (no round): the officer over its product's province, who recorded it."""
    if obj is None:
        return False
    if isinstance(obj, Certificate) and obj.entry_id is None:
        return keeps_register_of(user, obj.product.commune)
    entry = getattr(obj, "entry", obj)
    return manages_unit(user, entry.round.unit)


rules.add_perm("rating.view_certificate_record", sees_its_product)
rules.add_perm("rating.issue_certificate_record", manages_its_round)
rules.add_perm("rating.revoke_certificate_record", manages_its_round)
rules.add_perm("rating.import_register", keeps_register_of)  # the object: the province
