from django.contrib import admin

from pavilion.core.admin_scoping import OrganisationScopedAdmin
from pavilion.shows.models import Booth, Edition, FxRate, Pavilion, Show


@admin.register(Show)
class ShowAdmin(OrganisationScopedAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class FxRateInline(admin.TabularInline):
    model = FxRate
    extra = 1


class PavilionInline(admin.TabularInline):
    model = Pavilion
    extra = 0
    fields = ["name", "name_ko", "slug", "kind", "location"]


@admin.register(Edition)
class EditionAdmin(OrganisationScopedAdmin):
    organisation_path = "show__organisation_id"
    list_display = ["name", "show", "start_date", "end_date", "time_zone", "reporting_currency"]
    list_filter = ["show"]
    search_fields = ["name", "slug"]
    inlines = [PavilionInline, FxRateInline]


class BoothInline(admin.TabularInline):
    model = Booth
    extra = 0


@admin.register(Pavilion)
class PavilionAdmin(OrganisationScopedAdmin):
    organisation_path = "edition__show__organisation_id"
    list_display = ["name", "edition", "kind", "location"]
    list_filter = ["kind"]
    inlines = [BoothInline]
