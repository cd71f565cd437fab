from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "products"
    verbose_name = _("Product registry")

    def ready(self):
        from products import checks  # noqa: F401  (registers the system checks)
