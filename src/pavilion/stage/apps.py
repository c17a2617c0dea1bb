from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StageConfig(AppConfig):
    name = "pavilion.stage"
    label = "stage"
    verbose_name = _("Pitching stage")
