from django.contrib import admin

from pavilion.core.admin_scoping import OrganisationScopedAdmin
from pavilion.partners.models import Contact, Partner


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "title", "email", "phone"]


@admin.register(Partner)
class PartnerAdmin(OrganisationScopedAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "interests"]
    filter_horizontal = ["sectors"]
    inlines = [ContactInline]
