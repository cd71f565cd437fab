"""What changes reports: requesting, regenerating, producing (the worker's side), failing and sweeping.

Producing is idempotent: a message names the report and its generation; a report already done for that
generation, or asked again since (a newer generation), is left alone. The old files stay until the new
ones are saved, so a report being regenerated can still be downloaded.
"""

import logging
import os
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reporting.enums import PeriodKind, ReportState
from reporting.models import Report, ReportTransition

log = logging.getLogger(__name__)
SKIPPED = "skipped"


def _move(report, to_status, actor=None, note=""):
    ReportTransition.objects.create(
        report=report, from_status=report.status, to_status=to_status, actor=actor, note=note
    )
    report.status = to_status


def enqueue(report):
    """Send the report to the worker once the transaction commits (to REPORT_QUEUE when set, so PDF rendering
    can have workers of its own). If the broker does not answer, the row stays queued, marked `send_failed` (its
    page says the report service is unavailable), and the sweep sends it when the broker is back."""
    report_id, generation = report.pk, report.generation

    def send():
        from reporting.tasks import generate_report

        try:
            generate_report.apply_async((report_id, generation), queue=settings.REPORT_QUEUE or None)
        except Exception as error:  # the broker is down: the sweep retries  # noqa: BLE001
            if settings.CELERY_TASK_ALWAYS_EAGER:
                raise
            log.warning("Report %s not sent to the worker (%s); the sweep will send it", report_id, error)
            Report.objects.filter(pk=report_id).update(send_failed=True)  # the page tells the user
        else:
            Report.objects.filter(pk=report_id, send_failed=True).update(send_failed=False)

    transaction.on_commit(send)


def request_report(user, unit, period, *, language=None, number="", send=True):
    """The report of `unit` for `period`, queued if new (or failed before). Returns (report, created).

    An existing report that is ready or being produced is returned as it is (regenerate() makes a new one).
    send=False leaves a queued report for the caller to produce (generate_now); the sweep sends it if not.
    A number given for an existing report is not applied here: regenerate(number=…) prints it."""
    language = language or settings.LANGUAGE_CODE  # an official document: the portal's language, not the reader's
    with transaction.atomic():
        report, created = Report.objects.select_for_update().get_or_create(
            unit=unit,
            kind=period.kind,
            start=period.start,
            end=period.end,
            defaults={"period_code": period.code, "requested_by": user, "language": language[:2],
                      "number": number},
        )  # fmt: skip
        if created:
            ReportTransition.objects.create(report=report, to_status=ReportState.QUEUED, actor=user,
                                            note=_("Requested"))  # fmt: skip
            if send:
                enqueue(report)
        elif report.status == ReportState.FAILED:
            _queue_again(report, user, _("Requested again after a failure"), send=send)
    return report, created


def _queue_again(report, user, note, send=True):
    report.generation += 1
    report.progress = 0
    report.attempts = 0
    report.error = ""
    report.task_id = ""
    report.requested_by = user
    report.requested_at = timezone.now()
    _move(report, ReportState.QUEUED, user, note)
    report.save()
    if send:
        enqueue(report)


def regenerate(user, report, note="", *, number=None, send=True):
    """Produce the report again from today's data (with a new document number if given); the current files
    stay downloadable until then."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.is_live:
            raise ValidationError(_("This report is already being produced."))
        if number is not None:
            report.number = number.strip()
        _queue_again(report, user, note or _("Regenerated"), send=send)
    return report


def _set_progress(report_id, percent):
    Report.objects.filter(pk=report_id).update(progress=percent)


def _silent(report, now):
    return report.started_at is None or report.started_at < now - timedelta(minutes=settings.REPORT_STUCK_MINUTES)


def _start(report_id, generation, retries=0, task_id="", redelivered=False):
    """Lock the row and mark it processing; None when this message has nothing to do. `retries` are the tries
    of this message before (the task's retries): those that could not take the row count as attempts too.

    A report being produced is left to the task producing it: only that task's own retry or redelivery
    (the same `task_id`) goes on, or any message once the producer has been silent for REPORT_STUCK_MINUTES.
    A report already started REPORT_MAX_ATTEMPTS times is failed rather than started again: a report that kills
    its worker each time (memory) is not tried for ever. `redelivered`: the broker gave the message again
    because its worker stopped without acknowledging it (the whole worker died); the history says so."""
    now = timezone.now()
    with transaction.atomic():
        report = Report.objects.select_for_update(nowait=True).select_related("unit").filter(pk=report_id).first()
        if report is None or report.generation != generation:
            return None
        if report.status not in (ReportState.QUEUED, ReportState.PROCESSING):
            return None  # done or failed: a duplicate or late message
        if report.status == ReportState.PROCESSING and report.task_id != task_id and not _silent(report, now):
            return None  # another worker is producing it
        if report.status == ReportState.PROCESSING and report.attempts >= settings.REPORT_MAX_ATTEMPTS:
            _give_up(report, now)
            return None
        if report.status == ReportState.QUEUED:
            _move(report, ReportState.PROCESSING, note=_("Started"))
        elif redelivered:
            note = _("Its worker stopped before finishing it: started again (attempt %(n)s).")
            _move(report, ReportState.PROCESSING, note=note % {"n": report.attempts + 1})
        report.task_id = task_id
        report.attempts = max(report.attempts, retries) + 1
        report.started_at = now
        report.progress = 5
        report.error = ""
        report.save()
    return report


def file_stem(report):
    return slugify(f"bao-cao-ocop-{report.unit.code}-{report.unit.name}-{report.period_code.replace('..', '-')}")


def produce(report):
    """(pdf bytes, xlsx bytes, timings) of the report, from today's data."""
    from reporting.document import render_html, to_pdf
    from reporting.gather import gather
    from reporting.workbook import to_xlsx

    with translation.override(report.language):
        started = time.perf_counter()
        data = gather(report.unit, report.period)
        gathered = time.perf_counter()
        _set_progress(report.pk, 30)
        html = render_html(data, report)
        rendered = time.perf_counter()
        _set_progress(report.pk, 45)
        pdf, pages = to_pdf(html)
        printed = time.perf_counter()
        _set_progress(report.pk, 90)
        xlsx = to_xlsx(data)
    timings = {
        "gather_seconds": gathered - started,
        "render_seconds": rendered - gathered,
        "pdf_seconds": printed - rendered,
        "pages": pages,
    }
    return pdf, xlsx, timings


def generate(report_id, generation, retries=0, task_id="", redelivered=False):
    """The worker's side: produce the report's files once. Returns 'done', 'failed' or 'skipped'.

    Transient errors (database, broker) propagate for the task to retry; anything else fails the report."""
    report = _start(report_id, generation, retries, task_id, redelivered)
    if report is None:
        return SKIPPED
    try:
        pdf, xlsx, timings = produce(report)
    except Exception as error:
        if is_transient(error) or _is_time_limit(error):
            raise  # the task retries, or fails the report with its own message
        fail(report_id, generation, error)
        return ReportState.FAILED
    return _finish(report_id, generation, pdf, xlsx, timings)


def generate_now(report):
    """Produce the report in this process, by the worker's own path (the operator's command, a backfill);
    returns the row as it ends. Nobody retries here, so a transient error fails the report too (asking for it
    again queues it afresh) and propagates. A report a worker is producing is left to it (ValidationError)."""
    report.refresh_from_db()
    if report.status != ReportState.DONE:
        run = f"local-{uuid.uuid4().hex}"
        try:
            generate(report.pk, report.generation, task_id=run)
        except Exception as error:
            fail(report.pk, report.generation, error, task_id=run)  # only if this run had started it
            raise
        report.refresh_from_db()
        if report.is_live:
            raise ValidationError(_("A worker is producing this report; try again when it is done."))
    report.refresh_from_db()
    return report


def _finish(report_id, generation, pdf, xlsx, timings):
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("unit").get(pk=report_id)
        if report.generation != generation or report.status != ReportState.PROCESSING:
            return SKIPPED  # asked again meanwhile: the newer message produces it
        old = [f.name for f in (report.pdf, report.xlsx) if f]
        stem = file_stem(report)
        report.pdf = _write_whole(report, report.pdf, f"{stem}.pdf", pdf)
        report.xlsx = _write_whole(report, report.xlsx, f"{stem}.xlsx", xlsx)
        for name, value in timings.items():
            setattr(report, name, value)
        report.progress = 100
        report.finished_at = report.generated_at = timezone.now()
        _move(report, ReportState.DONE, note=_("%(pages)s pages") % {"pages": timings["pages"]})
        report.save()
        storage = report.pdf.storage
        kept = {report.pdf.name, report.xlsx.name}
        transaction.on_commit(lambda: [storage.delete(name) for name in old if name not in kept])
        transaction.on_commit(lambda: _remove_leftovers(storage, report.pk, generation, kept))
    return ReportState.DONE


PART = ".part"  # a file being written: renamed to its final name once whole


def _write_whole(report, field, filename, content):
    """Store `content` under the file's final name for this generation (report_file_path), written to a temporary
    name beside it and renamed once whole, so a worker killed while writing leaves no half file under a final
    name, and a try of the same generation after a killed one replaces its file rather than adding a second one
    (Django's storage would have saved "name_AbC123.pdf" beside it). Returns the stored name."""
    name = field.field.generate_filename(report, filename)
    storage = field.storage
    try:
        path = Path(storage.path(name))
    except NotImplementedError:  # a storage without local files: its own save (no rename there)
        return storage.save(name, ContentFile(content))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}{PART}")
    with open(temporary, "wb") as output:
        output.write(content)
        output.flush()
        os.fsync(output.fileno())
    os.replace(temporary, path)
    return name


def _remove_leftovers(storage, report_id, generation, kept):
    """Remove what killed tries of this report left in its folder: files of earlier generations, and files of
    this one that are not its final files (a temporary file, or a suffixed copy). Done once the report is done:
    no other try writes this generation's files any more, and a newer generation's have a higher number."""
    folder = os.path.dirname(next(iter(kept)))
    try:
        names = storage.listdir(folder)[1]
    except (FileNotFoundError, NotImplementedError):
        return
    for filename in names:
        number, _dash, rest = filename.partition("-")
        produced, _dash, _rest = rest.partition("-")
        if number != str(report_id) or not produced.isdigit() or int(produced) > generation:
            continue
        name = f"{folder}/{filename}" if folder else filename
        if name not in kept:
            log.warning("Report %s: removing %s, left by a try that did not finish", report_id, name)
            storage.delete(name)


def is_transient(error):
    """Database or broker hiccups (connection lost, lock not available, Redis down), worth a retry; a bug is
    not."""
    from django.db import InterfaceError, OperationalError
    from kombu.exceptions import OperationalError as BrokerError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeout

    return isinstance(error, OperationalError | InterfaceError | BrokerError | RedisConnectionError | RedisTimeout)


def _is_time_limit(error):
    from celery.exceptions import SoftTimeLimitExceeded

    return isinstance(error, SoftTimeLimitExceeded)


def _give_up(report, now):
    report.error = _("Stopped after %(n)s attempts: the worker did not finish it.") % {"n": report.attempts}
    report.finished_at = now
    _move(report, ReportState.FAILED, note=report.error)
    report.save()


def worker_lost(report_id, generation, task_id, error):
    """Celery's worker lost the process producing the report (killed: out of memory, an operator) and sends the
    task again (retry_on_worker_lost): the history says so. The row stays processing for the next try."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.generation != generation or report.status != ReportState.PROCESSING:
            return
        if report.task_id != task_id:
            return
        note = _("The process producing it stopped (%(error)s): tried again.") % {"error": error}
        _move(report, ReportState.PROCESSING, note=note[:500])
        report.save()


def fail(report_id, generation, error, task_id=None):
    """Mark the report failed with the error's text (for the officer and the operator); old files stay.
    With `task_id`, only if that run is the one producing it."""
    log.error("Report %s failed: %s", report_id, error, exc_info=error)
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.generation != generation or not report.is_live:
            return
        if task_id is not None and report.task_id != task_id:
            return
        report.error = f"{type(error).__name__}: {error}"[:2000]
        report.finished_at = timezone.now()
        _move(report, ReportState.FAILED, note=report.error[:500])
        report.save()


def sweep_stuck(now=None):
    """Re-send reports left queued (the broker was down) and re-queue those stuck in processing (their worker
    died); fail those that have used REPORT_MAX_ATTEMPTS. Returns (requeued, failed)."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.REPORT_STUCK_MINUTES)
    requeued = failed = 0
    stale_queued = Report.objects.filter(status=ReportState.QUEUED, requested_at__lt=cutoff)
    for report in stale_queued:
        Report.objects.filter(pk=report.pk).update(requested_at=now)
        enqueue(report)
        requeued += 1
    stuck = Report.objects.filter(status=ReportState.PROCESSING, started_at__lt=cutoff).values_list("pk", flat=True)
    for pk in stuck:
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=pk)
            if report.status != ReportState.PROCESSING or report.started_at >= cutoff:
                continue
            if report.attempts >= settings.REPORT_MAX_ATTEMPTS:
                _give_up(report, now)
                failed += 1
                continue
            report.generation += 1  # a late answer from the lost worker is ignored
            report.requested_at = now
            _move(report, ReportState.QUEUED, note=_("Stuck in processing: queued again"))
            report.save()
            enqueue(report)
            requeued += 1
    return requeued, failed


CATCH_UP_DAYS = 7  # a beat that missed days (the server was down) still queues the week's reports


def due_period_reports(today=None):
    """Queue, for each district and the province, the reports of the periods (REPORT_AUTO_KINDS) that closed
    REPORT_AUTO_DAYS days ago, or up to a week before that if the schedule missed its day. A report someone
    asked for while its period was still running is produced again, now that the period is over. Returns the
    reports queued."""
    from org.enums import Level
    from org.models import AdministrativeUnit
    from reporting import periods

    today = today or timezone.localdate()
    latest = today - timedelta(days=settings.REPORT_AUTO_DAYS)
    closing = set()
    for kind in settings.REPORT_AUTO_KINDS:
        if kind not in (PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR):
            continue
        for back in range(CATCH_UP_DAYS + 1):
            day = latest - timedelta(days=back)
            period = periods.containing(kind, day)
            if period.end == day:
                closing.add(period)
    queued = []
    units = AdministrativeUnit.objects.filter(level__in=(Level.PROVINCE, Level.DISTRICT)).order_by("path")
    for period in sorted(closing, key=lambda p: (p.end, p.kind)):
        for unit in units:
            report, new = request_report(None, unit, period)
            if new:
                queued.append(report)
            elif report.status == ReportState.DONE and report.is_provisional:
                queued.append(regenerate(None, report, _("Produced again now that the period is over")))
    return queued
