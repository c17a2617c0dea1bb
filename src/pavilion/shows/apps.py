from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowsConfig(AppConfig):
    name = "pavilion.shows"
    label = "shows"
    verbose_name = _("Shows and editions")

    def ready(self):
        from pavilion.core import everything
        from pavilion.core.everything import Table
        from pavilion.shows import models as m

        # Its records in the organisation's everything-export (core/everything.py).
        everything.register(
            Table("shows", m.Show, "organisation_id"),
            Table("editions", m.Edition, "show__organisation_id"),
            Table("fx_rates", m.FxRate, "edition__show__organisation_id"),
            Table("pavilions", m.Pavilion, "edition__show__organisation_id"),
            Table("booths", m.Booth, "pavilion__edition__show__organisation_id"),
        )
        # The organisation's time zone for the export: its latest edition's.
        everything.register_zone(_time_zone_of)


def _time_zone_of(organisation_id: int) -> str | None:
    from pavilion.shows.models import Edition

    latest = Edition.objects.filter(show__organisation_id=organisation_id).order_by("-start_date")
    return latest.values_list("time_zone", flat=True).first()
