from django.contrib import admin
from django.urls import include, path

from pavilion.api.urls import api

urlpatterns = [
    # First: Django tries patterns in order, and the API's scan upload is the
    # busiest request on the show floor.
    path("api/v1/", api.urls),
    path("", include("pavilion.core.urls")),
    path("accounts/", include("pavilion.accounts.urls")),
    path("editions/", include("pavilion.shows.urls")),
    path("companies/", include("pavilion.companies.urls")),
    path("partners/", include("pavilion.partners.urls")),
    path("", include("pavilion.consultations.urls")),
    path("", include("pavilion.reports.urls")),
    path("", include("pavilion.meetings.urls")),
    path("", include("pavilion.funds.urls")),
    path("", include("pavilion.scanning.urls")),
    path("", include("pavilion.planning.urls")),
    path("", include("pavilion.stage.urls")),
    path("", include("pavilion.notifications.urls")),
    path("", include("pavilion.public.urls")),
    path("transfer/", include("pavilion.core.transfer_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "pavilion.core.views.bad_request"
handler403 = "pavilion.core.views.permission_denied"
handler404 = "pavilion.core.views.page_not_found"
