"""An edition's results report: its figures as JSON, and the same report as an
XLSX workbook or an A4 PDF (in the caller's language, from Accept-Language).

Same permissions as the report page: the organisation's operators and officials.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router

from pavilion.accounts import permissions
from pavilion.api import schemas as s
from pavilion.reports import services
from pavilion.reports.documents.files import CONTENT_TYPES, report_file

router = Router(tags=["reports"])


def _edition(request, slug):
    edition = get_object_or_404(permissions.visible_editions(request.auth), slug=slug)
    if not permissions.can_view_edition_dashboard(request.auth, edition):
        raise PermissionDenied
    return edition


def _binary(fmt: str) -> dict:
    return {
        "responses": {
            200: {
                "description": f"The report as {fmt.upper()}",
                "content": {CONTENT_TYPES[fmt]: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


@router.get(
    "/editions/{slug}/report",
    response={200: dict, **s.ERRORS},
    description="The edition's live results report: every figure with its count, amount "
    "(reporting currency and USD, strings) and drill-down filter, the funnel, breakdowns, "
    "results per company, follow-up rounds and investments — the page's and "
    "`pavilion report --json`'s data.",
)
def edition_report(request, slug: str):
    return services.edition_report(_edition(request, slug))


def _file(request, slug: str, fmt: str) -> HttpResponse:
    edition = _edition(request, slug)
    document = report_file(edition, fmt=fmt, language=request.LANGUAGE_CODE or "en")
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response


@router.get(
    "/editions/{slug}/report.xlsx",
    response={**s.ERRORS},
    openapi_extra=_binary("xlsx"),
    description="The live report as an XLSX workbook with native charts and every "
    "consultation record; language from Accept-Language (ko or en).",
)
def edition_report_xlsx(request, slug: str):
    return _file(request, slug, "xlsx")


@router.get(
    "/editions/{slug}/report.pdf",
    response={**s.ERRORS},
    openapi_extra=_binary("pdf"),
    description="The live report as an A4 PDF; language from Accept-Language (ko or en).",
)
def edition_report_pdf(request, slug: str):
    return _file(request, slug, "pdf")
