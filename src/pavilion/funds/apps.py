from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "pavilion.funds"
    label = "funds"
    verbose_name = _("Funds")

    def ready(self):
        from pavilion.accounts import permissions
        from pavilion.core import everything
        from pavilion.core.everything import Table
        from pavilion.funds import models as m

        # Its records in the organisation's everything-export (core/everything.py):
        # the agency's data, for operators with the funds permission only.
        readable = permissions.can_read_funds
        everything.register(
            Table("funds", m.Fund, "organisation_id", readable_by=readable),
            Table("fund_commitments", m.Commitment, "fund__organisation_id", readable_by=readable),
            Table("investments", m.Investment, "fund__organisation_id", readable_by=readable),
            Table(
                "deployment_plans", m.DeploymentPlan, "fund__organisation_id", readable_by=readable
            ),
        )
