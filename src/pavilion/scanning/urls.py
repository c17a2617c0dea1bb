from django.urls import path

from pavilion.scanning import views

urlpatterns = [
    path("scan/", views.scanner, name="scanner"),
    path("scan/sw.js", views.scanner_service_worker, name="scanner-sw"),
    path("editions/<slug:slug>/scan-devices/", views.devices, name="scan-devices"),
    path("scan-devices/<int:pk>/revoke/", views.device_revoke, name="scan-device-revoke"),
    path("editions/<slug:slug>/badges/", views.badges, name="badge-list"),
    path("editions/<slug:slug>/badges/sheet/", views.badge_sheet, name="badge-sheet"),
    path("badges/<int:pk>/erase/", views.badge_erase, name="badge-erase"),
    path("b/<str:code>/", views.badge_wallet, name="badge-wallet"),
    path("b/<str:code>/qr.svg", views.badge_qr, name="badge-qr"),
    path("editions/<slug:slug>/visitors/counts/", views.visitor_counts, name="visitor-counts"),
    path("editions/<slug:slug>/leads/", views.lead_list, name="lead-list"),
    path("editions/<slug:slug>/leads/export/", views.lead_export, name="lead-export"),
    path("leads/<int:pk>/", views.lead_detail, name="lead-detail"),
    path("leads/<int:pk>/consultation/", views.lead_convert, name="lead-convert"),
]
