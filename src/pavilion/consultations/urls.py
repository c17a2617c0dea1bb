from django.urls import path

from pavilion.consultations import views

urlpatterns = [
    path("editions/<slug:slug>/consultations/", views.consultation_list, name="consultation-list"),
    path(
        "editions/<slug:slug>/consultations/new/", views.consultation_log, name="consultation-log"
    ),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation-edit"),
]
