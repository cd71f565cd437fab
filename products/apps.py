from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    """Producers, product ideas (Biểu 01/02), business plans (Biểu 03), dossiers."""

    name = "products"
    verbose_name = _("Products")
