from django.contrib import admin

from pavilion.companies.models import Award, Company, Participation, Sector
from pavilion.core.admin_scoping import OrganisationScopedAdmin, SharedReferenceAdmin


@admin.register(Sector)
class SectorAdmin(SharedReferenceAdmin):
    list_display = ["slug", "name_en", "name_ko"]
    search_fields = ["slug", "name_en", "name_ko"]


@admin.register(Company)
class CompanyAdmin(OrganisationScopedAdmin):
    list_display = [
        "name_en",
        "name_ko",
        "business_registration_number",
        "region",
        "listing_status",
    ]
    list_filter = ["listing_status", "sectors"]
    search_fields = ["name_en", "name_ko", "business_registration_number"]
    filter_horizontal = ["sectors"]


class AwardInline(admin.TabularInline):
    model = Award
    extra = 0


@admin.register(Participation)
class ParticipationAdmin(OrganisationScopedAdmin):
    organisation_path = "company__organisation_id"
    list_display = ["company", "edition", "pavilion", "status", "booth"]
    list_filter = ["status", "edition"]
    search_fields = ["company__name_en", "company__name_ko"]
    list_select_related = ["company", "edition", "pavilion", "booth"]
    inlines = [AwardInline]
