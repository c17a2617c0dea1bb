"""The site's URLs plus one deliberately unprotected page, to prove the matrix catches it."""

from django.http import HttpResponse
from django.urls import path

from pavilion.companies.models import Company
from pavilion.urls import urlpatterns as site_urlpatterns


def leaky_company(request, pk):
    # No permission check at all: any record, private details included.
    company = Company.objects.get(pk=pk)
    return HttpResponse(f"{company.name_en} {company.brn_display}")


urlpatterns = [
    *site_urlpatterns,
    path("leaky/companies/<int:pk>/", leaky_company, name="leaky-company"),
]
