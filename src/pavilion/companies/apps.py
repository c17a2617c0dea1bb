from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "pavilion.companies"
    label = "companies"
    verbose_name = _("Companies")

    def ready(self):
        from pavilion.companies import transfer  # noqa: F401  (registers its import kinds)
