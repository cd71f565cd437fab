"""Fault: PostgreSQL restarts while the portal is in use; the requests after it succeed without restarting the app.

With CONN_MAX_AGE > 0 each web process keeps its database connection from one request to the next. When
PostgreSQL restarts, every server process ("backend") it ran ends, and the connection the web process kept
is dead on the client side: its next query fails (server closed the connection unexpectedly). Terminating
that one backend with pg_terminate_backend() from another session does exactly this to the kept connection,
the same error on its next use, without stopping the shared server (other sessions and tests use it). What a
restart adds, refusing connections for a few seconds, is not what this test is about: a request made while the
server is down fails whatever the settings, and the point is that the next ones need no restart of the app.

CONN_HEALTH_CHECKS (ocop_portal/settings.py) makes Django check a kept connection at the first query of each
request and open a new one if it is dead. The requests go through Django's WSGI handler, as gunicorn calls
it, because that is what sends request_started to close_old_connections, which starts each request's check;
the test client disconnects that signal handler on purpose, so through it a kept connection is never checked.
The control shows that without the checks the first request after the restart is a server error.

PostgreSQL only: SQLite has no server to restart.
"""

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import Client, RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


def backend_pid():
    """The server process behind this thread's kept connection (None if it holds no connection)."""
    return connection.connection.get_backend_pid() if connection.connection is not None else None


def restart_backend(pid):
    """What a restart does to a kept connection: its server process ends under it (from another session)."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone()[0] is True
    finally:
        other.close()


@pytest.fixture
def kept_connection():
    """CONN_MAX_AGE 60 s on this thread's connection, with or without health checks (the test sets them)."""
    if connection.vendor != "postgresql":
        pytest.skip("a database server restart needs PostgreSQL (SQLite has no server); CI's PostgreSQL pass")
    saved = {key: connection.settings_dict[key] for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")}

    def configure(health_checks):
        connection.close()  # the next connection is opened with these settings
        connection.settings_dict.update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=health_checks)

    yield configure
    connection.close()
    connection.settings_dict.update(saved)


@pytest.fixture
def as_gunicorn(leadership):
    """get(path) through Django's WSGI handler with leadership's session cookie: (status code, body)."""
    client = Client()
    client.force_login(leadership)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    handler = WSGIHandler()

    def get(path):
        environ = RequestFactory().get(path, HTTP_COOKIE=cookie).environ
        statuses = []
        body = b"".join(handler(environ, lambda status, headers, exc_info=None: statuses.append(status)))
        return int(statuses[0].split()[0]), body

    return get


def test_the_database_setting_checks_kept_connections():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_requests_after_a_database_restart_succeed(kept_connection, as_gunicorn):
    kept_connection(health_checks=True)
    path = reverse("reporting:report_list")
    status, _body = as_gunicorn(path)
    assert status == 200
    pid = backend_pid()
    assert pid is not None, "the connection was not kept after the request"
    restart_backend(pid)

    status, body = as_gunicorn(path)
    assert status == 200, body[:500]
    assert backend_pid() not in (None, pid)  # a new connection, opened by the health check
    status, _body = as_gunicorn(path)
    assert status == 200


def test_without_health_checks_the_first_request_after_a_restart_fails(kept_connection, as_gunicorn):
    """The control: the same restart with CONN_HEALTH_CHECKS off is a server error on the kept connection."""
    kept_connection(health_checks=False)
    path = reverse("reporting:report_list")
    assert as_gunicorn(path)[0] == 200
    restart_backend(backend_pid())
    assert as_gunicorn(path)[0] == 500
    assert as_gunicorn(path)[0] == 200  # Django drops a connection that errored, at the end of that request
