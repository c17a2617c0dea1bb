from django.contrib import admin

from pavilion.core.admin_scoping import OrganisationScopedAdmin
from pavilion.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(OrganisationScopedAdmin):
    list_display = ["created_at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
