"""The report's downloads: XLSX and PDF of the live or a frozen report, and the
XLSX of a record list (exactly the rows a figure's drill-down shows).

Same permissions as the pages they come from.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from pavilion.accounts import permissions
from pavilion.consultations import queries
from pavilion.reports.documents.files import CONTENT_TYPES, report_file
from pavilion.reports.documents.report_xlsx import build_records_xlsx
from pavilion.reports.models import ReportSnapshot
from pavilion.reports.views import _readable_edition


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _file_response(request, edition, fmt, snapshot=None):
    document = report_file(
        edition, fmt=fmt, language=request.LANGUAGE_CODE or "en", snapshot=snapshot
    )
    return _download(document.content, document.filename, document.content_type)


@require_safe
@login_required
def edition_report_xlsx(request, slug):
    return _file_response(request, _readable_edition(request, slug), "xlsx")


@require_safe
@login_required
def edition_report_pdf(request, slug):
    return _file_response(request, _readable_edition(request, slug), "pdf")


def _snapshot(request, pk):
    snapshot = get_object_or_404(
        ReportSnapshot.objects.filter(edition__in=permissions.visible_editions(request.user)),
        pk=pk,
    )
    return _readable_edition(request, snapshot.edition.slug), snapshot


@require_safe
@login_required
def snapshot_xlsx(request, pk):
    edition, snapshot = _snapshot(request, pk)
    return _file_response(request, edition, "xlsx", snapshot)


@require_safe
@login_required
def snapshot_pdf(request, pk):
    edition, snapshot = _snapshot(request, pk)
    return _file_response(request, edition, "pdf", snapshot)


@require_safe
@login_required
def records_xlsx(request, slug):
    """The consultation list's rows (its filters, its sort) as a workbook."""
    edition = get_object_or_404(permissions.visible_editions(request.user), slug=slug)
    try:
        filters = queries.list_filters(edition, request.GET)
        order = queries.list_order(request.GET.get("sort"))
    except ValidationError as exc:
        problems = [m for messages in exc.message_dict.values() for m in messages]
        return HttpResponseBadRequest("\n".join(problems), content_type="text/plain")
    rows = queries.consultation_list(request.user, edition, filters, order=order)
    content = build_records_xlsx(
        edition,
        rows,
        title=_("Consultations"),
        filters=[f"{f.label}: {f.value_label}" for f in filters],
    )
    return _download(content, f"consultations-{edition.slug}.xlsx", CONTENT_TYPES["xlsx"])
