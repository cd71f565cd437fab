"""WSGI entry for deployments (`gunicorn ocop_portal.wsgi`).

It refuses to start on the portal's own deploy errors (development secret, eager Celery), whatever
DEBUG says. `manage.py runserver` serves ocop_portal.runserver_wsgi instead.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")

application = get_wsgi_application()

from ocop_portal.checks import refuse_unsafe_production  # noqa: E402  (needs the app registry)

refuse_unsafe_production()
