from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "pavilion.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from pavilion.consultations import transfer  # noqa: F401  (registers its import kind)
