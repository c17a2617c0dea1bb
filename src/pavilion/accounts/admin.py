from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from pavilion.accounts.models import ApiToken, Organisation, User
from pavilion.core.admin_scoping import OrganisationScopedAdmin


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin):
    organisation_path = "id"
    list_display = ["name", "name_ko", "slug"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(User)
class UserAdmin(OrganisationScopedAdmin, BaseUserAdmin):
    list_display = ["username", "email", "role", "organisation", "company", "partner", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (
            _("Pavilion role"),
            {"fields": ["role", "organisation", "company", "partner", "language"]},
        ),
    ]

    # The add page asks for the role and where the person belongs too: the
    # model's checks (staff need an organisation, an exhibitor a company…)
    # name those fields, which must then be on the form.
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (
            _("Pavilion role"),
            {"fields": ["email", "role", "organisation", "company", "partner", "language"]},
        ),
    ]

    def get_exclude(self, request, obj=None):
        return []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if request.user.is_superuser:
            return form
        organisation_id = request.user.organisation_id

        class OwnOrganisationForm(form):
            def _post_clean(self):
                # An operator's people belong to the operator's organisation;
                # set it before the model's checks run, not only when saving.
                self.instance.organisation_id = organisation_id
                super()._post_clean()

        return OwnOrganisationForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # Operators manage people of their organisation, never superuser powers.
        hidden = {"is_superuser", "user_permissions", "organisation"}
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for name, opts in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.organisation_id = request.user.organisation_id
            obj.is_superuser = False
        super(OrganisationScopedAdmin, self).save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(OrganisationScopedAdmin):
    organisation_path = "user__organisation_id"
    list_display = ["name", "user", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        # Tokens are issued through the API so the raw key can be shown once.
        return False
