"""Celery tasks of the reporting app: thin wrappers around reporting.services.

generate_report retries on transient errors (database or broker hiccups) with exponential backoff, not on
bugs (those fail the report at once); soft and hard time limits come from the settings."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils.translation import gettext as _

from reporting import services
from reporting.enums import ReportState


@shared_task(
    bind=True,
    name="reporting.generate_report",
    acks_late=True,
    # The row holds the state and the files: no result is stored, so a request does not wait on the result
    # store when Redis is down (it waited ~19 s for its reconnection attempts); the sweep re-sends the report.
    ignore_result=True,
    max_retries=settings.REPORT_MAX_ATTEMPTS - 1,  # REPORT_MAX_ATTEMPTS tries in all, as the sweep counts
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def generate_report(self, report_id, generation):
    try:
        return services.generate(report_id, generation, self.request.retries or 0, self.request.id or "")
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
