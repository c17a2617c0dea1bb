"""The edition's results report as an A4 PDF (WeasyPrint), in the reader's language."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from pavilion.core.money import format_count
from pavilion.reports.documents.pdf import render_pdf
from pavilion.reports.documents.printing import printable, report_charts
from pavilion.reports.documents.report_xlsx import report_title
from pavilion.reports.kpis import FIGURE_LABELS

OTHER_FIGURES = ["companies", "visitors", "award_companies", "satisfaction"]


def report_pdf_context(edition, report: dict, *, language: str, snapshot=None) -> dict:
    from pavilion.reports.definitions import FIGURE_DEFINITIONS

    printed = printable(report, language)
    figures = report["figures"]
    other = []
    for key in OTHER_FIGURES:
        if key in figures:
            label, korean = FIGURE_LABELS.get(key, (figures[key]["label"], figures[key]["korean"]))
            other.append(
                (
                    key,
                    {
                        **figures[key],
                        "label": str(label),
                        "korean": korean,
                        "definition": str(FIGURE_DEFINITIONS.get(key, "")),
                        "text": _other_text(key, figures[key], str(label), korean, language),
                    },
                )
            )
    return {
        "edition": edition,
        "report": report,
        "printed": printed,
        "other_figures": other,
        "headline_keys": set(report.get("headline", [])) | {"lost", "invested"},
        "charts": report_charts(edition, report, language, links=False),
        "snapshot": snapshot,
        "language": language,
        "prepared_on": timezone.localdate(),
        "document_title": report_title(edition, snapshot),
        "organisation_label": _("Organisation"),
    }


# Korean counters of the cover's other figures (참가기업 25개사, 방문자 3,512명).
_COUNTERS = {"companies": "개사", "visitors": "명", "award_companies": "개사"}


def _other_text(key, figure, label, korean, language) -> str:
    if key == "satisfaction":
        mean = figure.get("amount")
        return f"{korean if language == 'ko' else label} {mean or '—'} / 5"
    counter = _COUNTERS.get(key, "")
    name = korean if language == "ko" else label
    return f"{name} {format_count(figure.get('count'), language, counter)}"


def build_report_pdf(edition, report: dict, *, language: str, snapshot=None) -> bytes:
    """The PDF of a report (``services.in_current_language`` already applied)."""
    context = report_pdf_context(edition, report, language=language, snapshot=snapshot)
    return render_pdf("reports/pdf/edition_report.html", context)
