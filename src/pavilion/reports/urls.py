from django.urls import path

from pavilion.reports import views

urlpatterns = [
    path("editions/<slug:slug>/report/", views.edition_report, name="edition-report"),
    path("editions/<slug:slug>/report.json", views.edition_report_json, name="edition-report-json"),
    path("editions/<slug:slug>/report/freeze/", views.freeze_report, name="report-freeze"),
    path("reports/<int:pk>/", views.snapshot_detail, name="report-snapshot"),
    path("shows/<slug:slug>/year-over-year/", views.year_over_year, name="year-over-year"),
]
