from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "pavilion.notifications"
    label = "notifications"
    verbose_name = _("E-mail notifications")

    def ready(self):
        from pavilion.core import everything
        from pavilion.core.everything import Table
        from pavilion.notifications import models as m

        # Its records in the organisation's everything-export (core/everything.py).
        everything.register(
            Table("outbox_messages", m.OutboxMessage, "organisation_id"),
            Table("muted_kinds", m.MutedKind, "user__organisation_id"),
        )
