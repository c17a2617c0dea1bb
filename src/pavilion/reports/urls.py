from django.urls import path

from pavilion.reports import document_views, plan_views, programme_views, views

urlpatterns = [
    path("editions/<slug:slug>/report/", views.edition_report, name="edition-report"),
    path("editions/<slug:slug>/report.json", views.edition_report_json, name="edition-report-json"),
    path("editions/<slug:slug>/report/freeze/", views.freeze_report, name="report-freeze"),
    path("reports/<int:pk>/", views.snapshot_detail, name="report-snapshot"),
    # The report as documents, and a drill-down's rows as a workbook (issue #12).
    path(
        "editions/<slug:slug>/report.xlsx",
        document_views.edition_report_xlsx,
        name="edition-report-xlsx",
    ),
    path(
        "editions/<slug:slug>/report.pdf",
        document_views.edition_report_pdf,
        name="edition-report-pdf",
    ),
    path("reports/<int:pk>/report.xlsx", document_views.snapshot_xlsx, name="report-snapshot-xlsx"),
    path("reports/<int:pk>/report.pdf", document_views.snapshot_pdf, name="report-snapshot-pdf"),
    path(
        "editions/<slug:slug>/consultations.xlsx",
        document_views.records_xlsx,
        name="consultation-list-xlsx",
    ),
    path("shows/<slug:slug>/year-over-year/", views.year_over_year, name="year-over-year"),
    # Targets, budget and closing (operators); the agency's programme report (issue #12).
    path("editions/<slug:slug>/targets/", plan_views.edition_plan, name="edition-plan"),
    path("editions/<slug:slug>/close/", plan_views.close_edition, name="edition-close"),
    path("editions/<slug:slug>/reopen/", plan_views.reopen_edition, name="edition-reopen"),
    path("programme/", programme_views.programme_page, name="programme"),
    path("programme.json", programme_views.programme_json, name="programme-json"),
    path("programme.xlsx", programme_views.programme_xlsx, name="programme-xlsx"),
    path("programme.pdf", programme_views.programme_pdf, name="programme-pdf"),
]
