from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from pavilion.accounts import permissions
from pavilion.companies.models import Participation, ParticipationStatus
from pavilion.core.money import format_money
from pavilion.reports import charts, kpis, services
from pavilion.reports.models import ReportSnapshot
from pavilion.shows.models import Show


def _readable_edition(request, slug):
    edition = get_object_or_404(permissions.visible_editions(request.user), slug=slug)
    if not permissions.can_view_edition_dashboard(request.user, edition):
        raise PermissionDenied
    return edition


def _charts(edition, report: dict, language: str) -> dict:
    """SVG charts of a report; bars link to the records behind them."""
    base = reverse("consultation-list", args=[edition.slug])
    currency = report["currency"]

    def bars(dimension, by="amount"):
        rows = report["breakdowns"][dimension][:12]
        return [
            charts.Bar(
                label=row["label"],
                value=row[by] if by == "count" else _dec(row["amount"]),
                href=f"{base}?{dimension}={row['key']}",
                note=(
                    str(row["count"])
                    if by == "count"
                    else format_money(_dec(row["amount"]), currency, language)
                ),
            )
            for row in rows
        ]

    funnel = [
        charts.Bar(
            label=str(step["label"]),
            value=step["count"],
            # A funnel step counts the deals that reached it; reports frozen
            # before steps carried their drill link to the deals at the stage.
            href=f"{base}?{urlencode(step.get('drill') or {'stage': step['stage']})}",
        )
        for step in report["funnel"]
    ]
    return {
        "funnel": charts.funnel_chart(funnel, title=_("Deal funnel")),
        "by_kind": charts.bar_chart(bars("kind"), title=_("Consultation amount by kind")),
        "by_country": charts.bar_chart(
            bars("country"), title=_("Consultation amount by partner country")
        ),
        "by_day": charts.bar_chart(bars("day", by="count"), title=_("Consultations by day")),
    }


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
    # Editions still being planned have no results yet: comparing them would show -100%.
    editions = list(
        show.editions.filter(
            Exists(
                Participation.objects.filter(
                    edition=OuterRef("pk"), status=ParticipationStatus.CONFIRMED
                )
            )
        )
    )
    rows = services.year_over_year(editions)
    return render(
        request,
        "reports/year_over_year.html",
        {"show": show, "editions": sorted(editions, key=lambda e: e.start_date), "rows": rows},
    )
