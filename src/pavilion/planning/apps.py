from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "pavilion.planning"
    label = "planning"
    verbose_name = _("Planning the next edition")

    def ready(self):
        from pavilion.core import everything
        from pavilion.core.everything import Table
        from pavilion.planning import integration  # noqa: F401  (registers its import kind)
        from pavilion.planning import models as m

        # Its records in the organisation's everything-export (core/everything.py).
        everything.register(
            Table(
                "calls_for_participation", m.CallForParticipation, "edition__show__organisation_id"
            ),
            Table("criteria", m.Criterion, "cfp__edition__show__organisation_id"),
            Table("applications", m.Application, "cfp__edition__show__organisation_id"),
            Table(
                "conflicts_of_interest",
                m.ConflictOfInterest,
                "application__cfp__edition__show__organisation_id",
            ),
            Table("reviews", m.Review, "application__cfp__edition__show__organisation_id"),
            Table(
                "review_scores", m.Score, "review__application__cfp__edition__show__organisation_id"
            ),
            Table("exhibitor_list", m.ExhibitorListEntry, "edition__show__organisation_id"),
            Table("invitations", m.Invitation, "edition__show__organisation_id"),
            Table(
                "company_sign_ups",
                m.CompanySignUp,
                "cfp__edition__show__organisation_id",
                exclude=("password_hash",),
            ),
        )
