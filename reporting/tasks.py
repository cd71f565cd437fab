"""Celery tasks of the reporting app: thin wrappers around reporting.services.

generate_report retries on transient errors (database or broker hiccups) with exponential backoff, not on
bugs (those fail the report at once); soft and hard time limits come from the settings.

A worker whose process dies while producing a report (SIGKILL, the kernel's out-of-memory killer) does not lose
it: Celery's default acknowledges such a task (WorkerLostError) even with acks_late, and the report stayed
"processing" until the sweep took it over REPORT_STUCK_MINUTES later. Here the task is sent again at once
(retry_on_worker_lost, within the same REPORT_MAX_ATTEMPTS as other retries; requeued if that send fails), and
the next try, with the same task id, goes on with the report. When the whole worker dies, its unacknowledged
message comes back from Redis after BROKER_VISIBILITY_TIMEOUT (see the settings), or the sweep takes it over."""

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded, WorkerLostError
from django.conf import settings
from django.utils.translation import gettext as _

from reporting import services
from reporting.enums import ReportState

log = logging.getLogger(__name__)
WORKER_LOST_DELAY = 5  # seconds before the try that follows a lost worker process (after an OOM kill, say)


class ReportTask(Task):
    def on_retry(self, exc, task_id, args, kwargs, einfo):
        """Run by the worker's main process when its pool process was lost (retry_on_worker_lost): the history
        of the report says so. Never raises: the retry is sent already."""
        if not isinstance(exc, WorkerLostError):
            return
        try:
            services.worker_lost(*args[:2], task_id, exc)
        except Exception:  # the database is down too: the next try goes on all the same  # noqa: BLE001
            log.warning("Report %s: could not note the lost worker", args[:1], exc_info=True)


@shared_task(
    bind=True,
    base=ReportTask,
    name="reporting.generate_report",
    acks_late=True,
    retry_on_worker_lost=True,  # a killed pool process: send the task again (counted in max_retries)
    reject_on_worker_lost=True,  # and if that send fails, put the message back rather than acknowledge it
    default_retry_delay=WORKER_LOST_DELAY,  # the retry_on_worker_lost countdown (our own retries set theirs)
    # The row holds the state and the files: no result is stored, so a request does not wait on the result
    # store when Redis is down (it waited ~19 s for its reconnection attempts); the sweep re-sends the report.
    ignore_result=True,
    max_retries=settings.REPORT_MAX_ATTEMPTS - 1,  # REPORT_MAX_ATTEMPTS tries in all, as the sweep counts
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def generate_report(self, report_id, generation):
    try:
        redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
        return services.generate(
            report_id, generation, self.request.retries or 0, self.request.id or "", redelivered=redelivered
        )
    except SoftTimeLimitExceeded:
        services.fail(report_id, generation, TimeoutError(_("The report took too long to produce.")))
        return ReportState.FAILED
    except Exception as error:
        if services.is_transient(error) and self.request.retries < self.max_retries:
            countdown = min(2**self.request.retries, 60)
            if self.request.is_eager:
                # Eager, task_eager_propagates makes Celery raise Retry instead of retrying; a Retry returned
                # is run again by apply() at once (no countdown in-process).
                return self.retry(exc=error, countdown=countdown, throw=False)
            raise self.retry(exc=error, countdown=countdown) from error
        # A bug (outside the rendering, which generate() fails itself) or the retries used up: the row says so
        # now rather than waiting for the sweep, and an eager run does not turn it into a server error.
        services.fail(report_id, generation, error)
        return ReportState.FAILED


@shared_task(name="reporting.sweep_stuck_reports")
def sweep_stuck_reports():
    requeued, failed = services.sweep_stuck()
    return {"requeued": requeued, "failed": failed}


@shared_task(name="reporting.schedule_period_reports")
def schedule_period_reports():
    return [report.pk for report in services.due_period_reports()]
