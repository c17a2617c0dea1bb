from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pavilion.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        import pavilion.accounts.signals  # noqa: F401  (connects the receivers)
        from pavilion.accounts import models as m
        from pavilion.accounts import permissions
        from pavilion.core import policy

        # core asks these questions without importing accounts (it sits below it).
        # Looked up at each call, so a test's patch of permissions is seen.
        policy.register(
            can_import=lambda user: permissions.can_import(user),
            can_export=lambda user: permissions.can_export(user),
            is_operator=lambda user: permissions.is_operator(user),
            visible_editions=lambda user: permissions.visible_editions(user),
            active_operators=lambda: m.User.objects.filter(role=m.Role.OPERATOR, is_active=True),
        )
