"""The WSGI application that `manage.py runserver` serves (settings.WSGI_APPLICATION).

Deployments use ocop_portal.wsgi, which refuses to start on the portal's deploy errors; the
development server is for development, where the development secret and eager Celery are expected.
runserver still runs the ordinary system checks, so DEBUG off with the development secret is refused.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")

application = get_wsgi_application()
