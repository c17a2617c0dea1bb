from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScanningConfig(AppConfig):
    name = "pavilion.scanning"
    label = "scanning"
    verbose_name = _("Badges and scans")

    def ready(self):
        from pavilion.scanning import transfer  # noqa: F401  (registers its import kind)
