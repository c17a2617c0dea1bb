"""An edition's report as a file (XLSX or PDF), live or frozen: one function the
pages, the API and the CLI call, so the three give the same document."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    filename: str
    content_type: str


def report_file(edition, *, fmt: str, language: str, snapshot=None) -> ReportFile:
    """The report of ``edition`` (or the frozen ``snapshot`` of it) as ``fmt``
    ("xlsx" or "pdf") in ``language``. Reads only; the caller checks permissions."""
    from pavilion.reports import services
    from pavilion.reports.documents.report_pdf import build_report_pdf
    from pavilion.reports.documents.report_xlsx import build_report_xlsx

    if fmt not in CONTENT_TYPES:
        raise ValueError(fmt)
    with translation.override(language):
        figures = snapshot.figures if snapshot is not None else services.edition_report(edition)
        report = services.in_current_language(figures)
        build = build_report_xlsx if fmt == "xlsx" else build_report_pdf
        content = build(edition, report, language=language, snapshot=snapshot)
    suffix = f"-frozen-{snapshot.pk}" if snapshot is not None else ""
    return ReportFile(content, f"report-{edition.slug}{suffix}.{fmt}", CONTENT_TYPES[fmt])
