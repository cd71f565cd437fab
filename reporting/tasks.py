"""Celery tasks of the reporting app: thin wrappers around reporting.services.

generate_report retries on transient errors (database or broker hiccups) with exponential backoff, not on
bugs (those fail the report at once); soft and hard time limits come from the settings."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils.translation import gettext as _

from reporting import services


@shared_task(
    bind=True,
    name="reporting.generate_report",
    acks_late=True,
    max_retries=settings.REPORT_MAX_ATTEMPTS,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def generate_report(self, report_id, generation):
    try:
        return services.generate(report_id, generation)
    except SoftTimeLimitExceeded:
        services.fail(report_id, generation, TimeoutError(_("The report took too long to produce.")))
        return "failed"
    except Exception as error:
        if not services.is_transient(error):
            raise
        if self.request.retries >= self.max_retries:
            services.fail(report_id, generation, error)
            return "failed"
        raise self.retry(exc=error, countdown=min(2**self.request.retries, 60)) from error


@shared_task(name="reporting.sweep_stuck_reports")
def sweep_stuck_reports():
    requeued, failed = services.sweep_stuck()
    return {"requeued": requeued, "failed": failed}


@shared_task(name="reporting.schedule_period_reports")
def schedule_period_reports():
    return [report.pk for report in services.due_period_reports()]
