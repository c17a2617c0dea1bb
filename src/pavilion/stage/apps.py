from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StageConfig(AppConfig):
    name = "pavilion.stage"
    label = "stage"
    verbose_name = _("Pitching stage")

    def ready(self):
        from pavilion.meetings import busy
        from pavilion.stage.models import PitchSession

        # A company pitching cannot meet anyone then (booking and the scheduler ask).
        busy.register("stage", lambda edition: PitchSession.objects.filter(stage__edition=edition))
