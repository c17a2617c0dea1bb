"""Django admin for operators, scoped to their organisation.

The admin is a tool for operators; a superuser sees everything, an operator
only the records of its own organisation (the same boundary as
accounts.permissions), and officials, exhibitors and partners nothing.
"""

from django.contrib import admin

from pavilion.accounts import permissions


class OrganisationScopedAdmin(admin.ModelAdmin):
    #: ORM path from this model to its organisation id, e.g. "show__organisation_id".
    organisation_path: str = "organisation_id"

    def _scope(self, request, queryset, path=None):
        if request.user.is_superuser:
            return queryset
        if not permissions.is_operator(request.user):
            return queryset.none()
        return queryset.filter(**{path or self.organisation_path: request.user.organisation_id})

    def get_queryset(self, request):
        return self._scope(request, super().get_queryset(request))

    def has_module_permission(self, request):
        return request.user.is_superuser or (
            permissions.is_operator(request.user) and super().has_module_permission(request)
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
