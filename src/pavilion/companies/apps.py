from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "pavilion.companies"
    label = "companies"
    verbose_name = _("Companies")

    def ready(self):
        from pavilion.companies import models as m
        from pavilion.companies import transfer  # noqa: F401  (registers its import kinds)
        from pavilion.core import everything
        from pavilion.core.everything import Table

        # Its records in the organisation's everything-export (core/everything.py).
        everything.register(
            Table("companies", m.Company, "organisation_id"),
            # Shared reference data: the sectors the organisation's records name.
            Table("sectors", m.Sector, "", records=_sectors_of),
            Table("participations", m.Participation, "company__organisation_id"),
            Table("awards", m.Award, "participation__company__organisation_id"),
            Table("join_requests", m.JoinRequest, "company__organisation_id"),
        )


def _sectors_of(organisation_id: int):
    from django.db.models import Q

    from pavilion.companies.models import Sector

    # By the reverse names of the sector fields (companies', partners', funds'):
    # no import of the apps above.
    used = (
        Q(companies__organisation_id=organisation_id)
        | Q(partner__organisation_id=organisation_id)
        | Q(fund__organisation_id=organisation_id)
    )
    return Sector.objects.filter(pk__in=Sector.objects.filter(used).values("pk"))
