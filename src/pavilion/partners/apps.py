from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "pavilion.partners"
    label = "partners"
    verbose_name = _("Buyers and investors")

    def ready(self):
        from pavilion.core import everything
        from pavilion.core.everything import Table
        from pavilion.partners import models as m
        from pavilion.partners import transfer  # noqa: F401  (registers its import kind)

        # Its records in the organisation's everything-export (core/everything.py).
        everything.register(
            Table("partners", m.Partner, "organisation_id"),
            Table("contacts", m.Contact, "partner__organisation_id"),
        )
