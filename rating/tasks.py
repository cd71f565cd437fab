"""Celery tasks of the rating app: thin wrappers around rating.certificates."""

from celery import shared_task

from rating import certificates


@shared_task(name="rating.send_expiry_reminders")
def send_expiry_reminders():
    """Daily (CELERY_BEAT_SCHEDULE): remind the district and the commune 30 days before a certificate expires."""
    return certificates.send_expiry_reminders()
