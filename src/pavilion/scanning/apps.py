from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScanningConfig(AppConfig):
    name = "pavilion.scanning"
    label = "scanning"
    verbose_name = _("Badges and scans")

    def ready(self):
        from pavilion.core import everything
        from pavilion.core.everything import Table
        from pavilion.scanning import models as m
        from pavilion.scanning import transfer  # noqa: F401  (registers its import kind)

        # Its records in the organisation's everything-export (core/everything.py).
        everything.register(
            Table("badges", m.Badge, "edition__show__organisation_id"),
            Table(
                "scan_devices",
                m.ScanDevice,
                "edition__show__organisation_id",
                exclude=("key_hash",),
            ),
            Table("scans", m.Scan, "edition__show__organisation_id"),
            Table("leads", m.Lead, "edition__show__organisation_id"),
        )
