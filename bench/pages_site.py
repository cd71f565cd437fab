"""The settings of the site the page benchmark serves: the portal's, with bench/pages_urls.py as the URLs (the
portal's plus a hello-world view through the same middleware), so gunicorn serves both in the same run. Used as
DJANGO_SETTINGS_MODULE=pages_site with bench/ on the Python path."""

from ocop_portal.settings import *  # noqa: F403 (the portal's settings, unchanged but for the URLs)

ROOT_URLCONF = "pages_urls"
