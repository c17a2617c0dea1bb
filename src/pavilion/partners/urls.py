from django.urls import path

from pavilion.partners import views

urlpatterns = [
    path("", views.partner_list, name="partner-list"),
    path("<int:pk>/", views.partner_detail, name="partner-detail"),
    path("<int:pk>/edit/", views.partner_edit, name="partner-edit"),
]
