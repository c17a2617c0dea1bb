from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "pavilion.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from pavilion.core import everything
        from pavilion.core.everything import Table
        from pavilion.reports import models as m

        # Its records in the organisation's everything-export (core/everything.py).
        everything.register(
            Table("report_snapshots", m.ReportSnapshot, "edition__show__organisation_id"),
            Table("edition_plans", m.EditionPlan, "edition__show__organisation_id"),
        )
