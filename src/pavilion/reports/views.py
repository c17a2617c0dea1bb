from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from pavilion.accounts import permissions
from pavilion.reports import definitions, kpis, services
from pavilion.reports.documents import printing
from pavilion.reports.models import ReportSnapshot
from pavilion.shows.models import Show


def _readable_edition(request, slug):
    edition = get_object_or_404(permissions.visible_editions(request.user), slug=slug)
    if not permissions.can_view_edition_dashboard(request.user, edition):
        raise PermissionDenied
    return edition


def _charts(edition, report: dict, language: str) -> dict:
    """SVG charts of a report; bars link to the records behind them."""
    return printing.report_charts(edition, report, language)


def _dec(text) -> Decimal:
    return Decimal(text or "0")


def _render_report(request, edition, report, snapshot=None):
    language = request.LANGUAGE_CODE
    report = services.in_current_language(report)
    context = {
        "edition": edition,
        "report": report,
        "headline": [(key, report["figures"][key]) for key in report["headline"]],
        # Labels in the reader's language, also for a report frozen in another one.
        "labels": {
            key: (str(label), korean) for key, (label, korean) in kpis.FIGURE_LABELS.items()
        },
        "charts": _charts(edition, report, language),
        # What every document of the report prints: exact amounts whose rows add
        # up to their totals, and how each figure is counted.
        "printed": printing.printable(report, language),
        "definitions": {key: str(text) for key, text in definitions.FIGURE_DEFINITIONS.items()},
        "snapshot": snapshot,
        "snapshots": ReportSnapshot.objects.filter(edition=edition).select_related("frozen_by"),
        "can_freeze": snapshot is None and permissions.can_manage_edition(request.user, edition),
    }
    return render(request, "reports/edition_report.html", context)


@require_safe
@login_required
def edition_report(request, slug):
    edition = _readable_edition(request, slug)
    return _render_report(request, edition, services.edition_report(edition))


@require_safe
@login_required
def edition_report_json(request, slug):
    edition = _readable_edition(request, slug)
    return JsonResponse(services.edition_report(edition), json_dumps_params={"ensure_ascii": False})


@require_POST
@login_required
def freeze_report(request, slug):
    edition = get_object_or_404(permissions.visible_editions(request.user), slug=slug)
    snapshot = services.freeze_report(
        actor=request.user, edition=edition, title=request.POST.get("title", "")
    )
    messages.success(request, _("The report was frozen."))
    return redirect("report-snapshot", pk=snapshot.pk)


@require_safe
@login_required
def snapshot_detail(request, pk):
    snapshot = get_object_or_404(
        ReportSnapshot.objects.filter(edition__in=permissions.visible_editions(request.user)),
        pk=pk,
    )
    edition = _readable_edition(request, snapshot.edition.slug)
    return _render_report(request, edition, snapshot.figures, snapshot=snapshot)


@require_safe
@login_required
def year_over_year(request, slug):
    show = get_object_or_404(Show, organisation_id=request.user.organisation_id, slug=slug)
    if not permissions.can_read_organisation(request.user, show.organisation_id):
        raise PermissionDenied
    # Editions not held yet have no results: comparing them would show -100%.
    editions = list(services.held_editions(show.editions.all()))
    rows = services.year_over_year(editions)
    return render(
        request,
        "reports/year_over_year.html",
        {"show": show, "editions": sorted(editions, key=lambda e: e.start_date), "rows": rows},
    )
