from django.urls import path

from pavilion.companies import views

urlpatterns = [
    path("", views.catalogue, name="company-catalogue"),
    path("<int:pk>/", views.company_detail, name="company-detail"),
    path("<int:pk>/edit/", views.company_edit, name="company-edit"),
]
