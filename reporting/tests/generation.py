"""Helpers of the generation tests (test_services, test_tasks, test_command, test_worker)."""

from contextlib import contextmanager


@contextmanager
def eager_celery():
    """Run tasks in this process even when REDIS_URL is set (CI's second pass): for the tests about the
    services and the views; test_worker runs the real worker."""
    from django.conf import settings

    from ocop_portal.celery import app

    previous = app.conf.task_always_eager, settings.CELERY_TASK_ALWAYS_EAGER
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER = True
    try:
        yield
    finally:
        app.conf.task_always_eager, settings.CELERY_TASK_ALWAYS_EAGER = previous


def history(report):
    """The report's transitions as (from, to, actor)."""
    return [(step.from_status, step.to_status, step.actor) for step in report.transitions.all()]


def fail_once(monkeypatch, target, error, times=1):
    """Make the function at `target` ("module.name") raise `error` on its first `times` calls, then behave as
    before; returns the list of calls seen (True: raised)."""
    module_name, _dot, name = target.rpartition(".")
    module = __import__(module_name, fromlist=[name])
    real = getattr(module, name)
    calls = []

    def flaky(*args, **kwargs):
        calls.append(len(calls) < times)
        if calls[-1]:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, flaky)
    return calls


def watch_files(monkeypatch, storage, names):
    """While the next report is gathered, note whether each of `names` is still in the storage."""
    import reporting.gather

    real = reporting.gather.gather
    seen = []

    def gather(*args, **kwargs):
        seen.extend(storage.exists(name) for name in names)
        return real(*args, **kwargs)

    monkeypatch.setattr(reporting.gather, "gather", gather)
    return seen
