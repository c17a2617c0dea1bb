from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "pavilion.planning"
    label = "planning"
    verbose_name = _("Planning the next edition")

    def ready(self):
        from pavilion.planning import integration  # noqa: F401  (registers its import kind)
