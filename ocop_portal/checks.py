"""System checks that refuse an unsafe production configuration.

- ocop.E001 (always): the development SECRET_KEY with DEBUG off.
- ocop.E002 (deploy): the development SECRET_KEY at all.
- ocop.E003 (deploy): Celery tasks running eagerly in the web process (REDIS_URL unset).
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

SECRET_HINT = "Set SECRET_KEY in the environment to a long random value (see docs/configuration.md)."


def _uses_development_secret():
    return settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY


@register(Tags.security)
def check_secret_with_debug_off(app_configs, **kwargs):
    if not settings.DEBUG and _uses_development_secret():
        return [
            Error(
                "SECRET_KEY is the development default, which is allowed only with DEBUG on.",
                hint=SECRET_HINT,
                id="ocop.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_deploy_secret(app_configs, **kwargs):
    if settings.DEBUG and _uses_development_secret():
        return [
            Error(
                "SECRET_KEY is the development default; a deployment needs its own.",
                hint=SECRET_HINT,
                id="ocop.E002",
            )
        ]
    return []


@register(deploy=True)
def check_celery_not_eager(app_configs, **kwargs):
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return [
            Error(
                "Celery runs tasks eagerly inside the web process because REDIS_URL is not set.",
                hint="Set REDIS_URL (redis://host:6379/0) and run a worker: make worker.",
                id="ocop.E003",
            )
        ]
    return []


def refuse_unsafe_production():
    """Called by the WSGI entry point, which is for deployments: it must not start on these errors,
    whatever DEBUG says. (Development uses `manage.py runserver`.)"""
    from django.core.checks import run_checks
    from django.core.exceptions import ImproperlyConfigured

    errors = [
        message
        for message in run_checks(include_deployment_checks=True)
        if message.is_serious() and message.id and message.id.startswith("ocop.")
    ]
    if errors:
        raise ImproperlyConfigured("\n".join(f"{e.id}: {e.msg} {e.hint}" for e in errors))
