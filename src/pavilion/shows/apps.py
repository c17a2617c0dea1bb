from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowsConfig(AppConfig):
    name = "pavilion.shows"
    label = "shows"
    verbose_name = _("Shows and editions")
