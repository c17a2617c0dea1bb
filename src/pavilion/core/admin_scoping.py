"""Django admin for operators, scoped to their organisation.

The admin is a tool for operators; a superuser sees everything, an operator
only the records of its own organisation (the same boundary as
accounts.permissions), and officials, exhibitors and partners nothing. Every
change made through the admin goes into Pavilion's audit trail, like a change
made through a page.
"""

from functools import reduce

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist

from pavilion.core import audit, policy
from pavilion.core.models import AuditEntry


def _organisation_of(obj, path: str):
    """Follow ``path`` (e.g. "show__organisation_id") from ``obj`` to its organisation id."""
    return reduce(lambda o, name: getattr(o, name, None), path.split("__"), obj)


class AuditedAdmin(admin.ModelAdmin):
    """Writes an audit entry for every addition, change and deletion the admin makes.

    Django calls these hooks after saving (before deleting) with a message
    naming the changed fields and inlines; the admin's own LogEntry is kept too.
    """

    organisation_path: str | None = None

    def _audit(self, request, obj, action: str, message):
        # The audit entry's own foreign key names the organisation model (core
        # imports no app above it).
        organisation = AuditEntry._meta.get_field("organisation").related_model
        org_id = _organisation_of(obj, self.organisation_path) if self.organisation_path else None
        audit.record(
            actor=request.user,
            action=f"admin.{action}",
            obj=obj,
            organisation=organisation.objects.filter(pk=org_id).first() if org_id else None,
            record=str(obj),
            changes=message,
        )

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "add", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, "change", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "delete", "")
        return super().log_deletions(request, queryset)


class SharedReferenceAdmin(AuditedAdmin):
    """Reference data shared by every organisation (sectors): operators read it,
    only superusers change it, since a change would reach other organisations'
    records."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class OrganisationScopedAdmin(AuditedAdmin):
    #: ORM path from this model to its organisation id, e.g. "show__organisation_id".
    organisation_path: str = "organisation_id"

    def _scope(self, request, queryset, path=None):
        if request.user.is_superuser:
            return queryset
        if not policy.is_operator(request.user):
            return queryset.none()
        return queryset.filter(**{path or self.organisation_path: request.user.organisation_id})

    def get_queryset(self, request):
        return self._scope(request, super().get_queryset(request))

    def get_list_filter(self, request):
        # A related-field filter lists every record of the related model (other
        # organisations' editions, say); for operators, offer only the related
        # records that their own rows use.
        filters = list(super().get_list_filter(request))
        if request.user.is_superuser:
            return filters
        return [self._scoped_filter(entry) for entry in filters]

    def _scoped_filter(self, entry):
        if not isinstance(entry, str):
            return entry
        try:
            field = self.model._meta.get_field(entry)
        except FieldDoesNotExist:
            return entry
        if field.is_relation:
            return (entry, admin.RelatedOnlyFieldListFilter)
        return entry

    def has_module_permission(self, request):
        return request.user.is_superuser or (
            policy.is_operator(request.user) and super().has_module_permission(request)
        )

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_view_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only offer related records of the operator's own organisation.
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        path = SCOPE_PATHS.get(db_field.related_model._meta.label)
        if field is not None and path and not request.user.is_superuser:
            field.queryset = self._scope(request, field.queryset, path)
        return field

    def save_model(self, request, obj, form, change):
        if (
            not change
            and not request.user.is_superuser
            and self.organisation_path == "organisation_id"
        ):
            obj.organisation_id = request.user.organisation_id
        super().save_model(request, obj, form, change)

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser and self.organisation_path == "organisation_id":
            exclude.append("organisation")
        return exclude


# How to reach the organisation from each model that forms offer as a choice.
SCOPE_PATHS = {
    "accounts.Organisation": "id",
    "shows.Show": "organisation_id",
    "shows.Edition": "show__organisation_id",
    "shows.Pavilion": "edition__show__organisation_id",
    "shows.Booth": "pavilion__edition__show__organisation_id",
    "companies.Company": "organisation_id",
    "companies.Participation": "company__organisation_id",
    "partners.Partner": "organisation_id",
    "accounts.User": "organisation_id",
}
