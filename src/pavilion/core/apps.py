from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pavilion.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.backends.signals import connection_created

        from pavilion.core import everything
        from pavilion.core import models as m
        from pavilion.core.db import register_sqlite_functions
        from pavilion.core.everything import Table

        connection_created.connect(
            register_sqlite_functions, dispatch_uid="pavilion_sqlite_functions"
        )

        # Its records in the organisation's everything-export (core/everything.py).
        everything.register(
            Table("audit_trail", m.AuditEntry, "organisation_id"),
            Table("import_runs", m.ImportRun, "organisation_id", exclude=("upload",)),
        )
