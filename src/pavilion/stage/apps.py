from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StageConfig(AppConfig):
    name = "pavilion.stage"
    label = "stage"
    verbose_name = _("Pitching stage")

    def ready(self):
        from pavilion.core import everything
        from pavilion.core.everything import Table
        from pavilion.meetings import busy
        from pavilion.stage import models as m
        from pavilion.stage.models import PitchSession

        # A company pitching cannot meet anyone then (booking and the scheduler ask).
        busy.register("stage", lambda edition: PitchSession.objects.filter(stage__edition=edition))

        # Its records in the organisation's everything-export (core/everything.py).
        everything.register(
            Table("stages", m.Stage, "edition__show__organisation_id"),
            Table("pitch_sessions", m.PitchSession, "stage__edition__show__organisation_id"),
        )
