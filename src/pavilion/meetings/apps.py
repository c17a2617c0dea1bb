from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "pavilion.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from pavilion.core import everything
        from pavilion.core.everything import Table
        from pavilion.meetings import models as m
        from pavilion.meetings import notify
        from pavilion.notifications import periodic

        periodic.register("meeting_reminders", notify.send_reminders)

        # Its records in the organisation's everything-export (core/everything.py).
        everything.register(
            Table("meeting_rooms", m.Room, "edition__show__organisation_id"),
            Table("meeting_tables", m.Table, "room__edition__show__organisation_id"),
            Table("meeting_slots", m.Slot, "edition__show__organisation_id"),
            Table("unavailabilities", m.Unavailability, "edition__show__organisation_id"),
            Table("preferred_times", m.PreferredTime, "edition__show__organisation_id"),
            Table("meeting_requests", m.MeetingRequest, "edition__show__organisation_id"),
            Table("meetings", m.Meeting, "edition__show__organisation_id"),
            Table("schedule_runs", m.ScheduleRun, "edition__show__organisation_id"),
            Table("meeting_rules", m.MeetingRules, "edition__show__organisation_id"),
        )
