from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """The yearly OCOP plan: targets, tasks assigned to agencies, progress reports."""

    name = "plans"
    verbose_name = _("Plans")
