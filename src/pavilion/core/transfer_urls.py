from django.urls import path

from pavilion.core import transfer_views as views

urlpatterns = [
    path("", views.transfer_home, name="transfer-home"),
    path("preview/", views.transfer_preview, name="transfer-preview"),
    path("confirm/", views.transfer_confirm, name="transfer-confirm"),
    path("runs/<int:pk>/", views.transfer_run, name="transfer-run"),
    path("everything/", views.transfer_everything, name="transfer-everything"),
    path("export/<slug:kind>.<slug:fmt>", views.transfer_export, name="transfer-export"),
]
