from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "pavilion.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from pavilion.meetings import notify
        from pavilion.notifications import periodic

        periodic.register("meeting_reminders", notify.send_reminders)
