from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Quarterly, six-month and annual reports rendered by Celery; dashboards."""

    name = "reporting"
    verbose_name = _("Reporting")
