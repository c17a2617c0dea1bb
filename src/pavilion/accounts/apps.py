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
        from pavilion.core import everything, policy
        from pavilion.core.everything import Table

        # core asks these questions without importing accounts (it sits below it).
        # Looked up at each call, so a test's patch of permissions is seen.
        policy.register(
            can_import=lambda user: permissions.can_import(user),
            can_export=lambda user: permissions.can_export(user),
            can_export_everything=lambda user: permissions.can_export_everything(user),
            is_operator=lambda user: permissions.is_operator(user),
            visible_editions=lambda user: permissions.visible_editions(user),
            active_operators=lambda: m.User.objects.filter(role=m.Role.OPERATOR, is_active=True),
        )

        # Its records in the organisation's everything-export (core/everything.py).
        everything.register(
            Table("organisation", m.Organisation, "id"),
            Table("users", m.User, "organisation_id", exclude=("password",)),
            Table("api_tokens", m.ApiToken, "user__organisation_id", exclude=("key_hash",)),
            Table(
                "person_invitations", m.PersonInvitation, "organisation_id", exclude=("token_hash",)
            ),
        )
