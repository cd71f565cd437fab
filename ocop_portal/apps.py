from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "ocop_portal"
    verbose_name = _("OCOP Portal")

    def ready(self):
        from ocop_portal import checks  # noqa: F401  (registers the system checks)
