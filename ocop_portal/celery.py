"""The Celery app. Broker and mode come from REDIS_URL (see ocop_portal.settings)."""

import os
import socket

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")

app = Celery("ocop_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="ocop_portal.health")
def health(token=""):
    """Answer who ran it, so a test can tell the web process from a worker."""
    return {"token": token, "pid": os.getpid(), "host": socket.gethostname()}
