from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pavilion.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.backends.signals import connection_created

        from pavilion.core.db import register_sqlite_functions

        connection_created.connect(
            register_sqlite_functions, dispatch_uid="pavilion_sqlite_functions"
        )
