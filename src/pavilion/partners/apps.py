from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "pavilion.partners"
    label = "partners"
    verbose_name = _("Buyers and investors")

    def ready(self):
        from pavilion.partners import transfer  # noqa: F401  (registers its import kind)
