from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingConfig(AppConfig):
    """Criteria catalogue, rating rounds, councils, score sheets, stars, certificates."""

    name = "rating"
    verbose_name = _("Rating")
