from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "pavilion.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from pavilion.consultations import models as m
        from pavilion.consultations import transfer  # noqa: F401  (registers its import kind)
        from pavilion.core import everything
        from pavilion.core.everything import Table

        # Its records in the organisation's everything-export (core/everything.py).
        everything.register(
            Table("consultations", m.Consultation, "edition__show__organisation_id"),
            Table("follow_ups", m.FollowUp, "consultation__edition__show__organisation_id"),
            Table("follow_up_rounds", m.FollowUpRound, "edition__show__organisation_id"),
            Table("follow_up_tasks", m.FollowUpTask, "round__edition__show__organisation_id"),
            Table("visitor_tallies", m.Tally, "edition__show__organisation_id"),
            Table(
                "survey_responses",
                m.SurveyResponse,
                "participation__edition__show__organisation_id",
            ),
        )
