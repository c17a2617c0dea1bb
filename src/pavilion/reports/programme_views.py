"""The agency's programme report: page, JSON, XLSX and PDF (officials and operators)."""

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from pavilion.accounts import permissions
from pavilion.core.money import format_money
from pavilion.reports import charts, programme, targets


def _programme(request):
    """The programme asked for, or a 400 page naming the bad parameter."""
    if not permissions.can_read_organisation(request.user, request.user.organisation_id):
        raise PermissionDenied
    period, errors = programme.period_from(request.GET, today=timezone.localdate())
    if errors:
        return None, errors
    return programme.programme(request.user.organisation_id, period), {}


def _charts(data: dict, language: str) -> dict:
    """SVG charts of the programme; each bar links to its edition's report."""
    held = [c for c in data["editions"] if c["held"]]

    def href(column):
        return reverse("edition-report", args=[column["slug"]])

    def amount(column, key="consultations.amount_krw"):
        return Decimal(column["values"][key] or 0)

    by_amount = [
        charts.Bar(
            label=c["name"],
            value=amount(c),
            href=href(c),
            note=format_money(amount(c), "KRW", language),
        )
        for c in held
    ]
    by_count = [
        charts.Bar(label=c["name"], value=c["values"]["consultations.count"], href=href(c))
        for c in held
    ]
    scored = [
        charts.Bar(label=c["name"], value=Decimal(c["score"]["score"]), href=href(c))
        for c in held
        if c["score"]["score"] is not None
    ]
    target_rows = []
    for c in held:
        target = c["targets"].get("target_consultation_amount")
        if target:
            target_rows.append(
                (
                    c["name"],
                    charts.Bar(
                        label=c["name"],
                        value=Decimal(target["target"]),
                        note=format_money(Decimal(target["target"]), "KRW", language),
                    ),
                    charts.Bar(
                        label=c["name"],
                        value=amount(c),
                        href=href(c),
                        note=format_money(amount(c), "KRW", language),
                    ),
                )
            )
    return {
        "amount": charts.bar_chart(by_amount, title=_("Consultation amount per edition")),
        "count": charts.bar_chart(by_count, title=_("Consultations per edition")),
        "score": charts.bar_chart(
            scored, title=_("Composite score per edition"), fmt=lambda v: f"{v:.1f}"
        )
        if scored
        else "",
        "target": charts.paired_bar_chart(
            target_rows,
            title=_("Consultation amount: target and result"),
            legend=(_("Target"), _("Result")),
        )
        if target_rows
        else "",
    }


@require_safe
@login_required
def programme_page(request):
    data, errors = _programme(request)
    if errors:
        return render(
            request, "reports/programme.html", {"errors": errors, "params": request.GET}, status=400
        )
    query = urlencode({k: v for k, v in request.GET.items() if k in ("year", "from", "to")})
    return render(
        request,
        "reports/programme.html",
        {
            "data": data,
            "charts": _charts(data, request.LANGUAGE_CODE),
            "params": request.GET,
            "query": query,
            "funnel_rows": _funnel_rows(data),
            "target_labels": target_labels(),
        },
    )


def _funnel_rows(data: dict) -> list[dict]:
    """The funnel section's rows: label, measure and each edition's value, then the total."""
    from pavilion.reports.kpis import FIGURE_LABELS

    rows = []
    for key, measure in programme.FUNNEL_ROWS:
        label = str(FIGURE_LABELS[key][0])
        names = [f"{key}.count"] if measure == "count" else [f"{key}.amount_krw"]
        name = names[0]
        rows.append(
            {
                "key": name,
                "label": label,
                "korean": FIGURE_LABELS[key][1],
                "measure": measure,
                "cells": [
                    {"value": c["values"][name], "usd": c["values"].get(f"{key}.amount_usd")}
                    for c in data["editions"]
                ],
                "total": data["totals"]["values"][name],
                "total_usd": data["totals"]["values"].get(f"{key}.amount_usd"),
            }
        )
    return rows


def target_labels() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, (label, _korean) in targets.TARGET_LABELS.items()]


def _bad_request(errors):
    return JsonResponse({"code": "invalid", "fields": errors}, status=400)


@require_safe
@login_required
def programme_json(request):
    data, errors = _programme(request)
    if errors:
        return _bad_request(errors)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _filename(data: dict, extension: str) -> str:
    period = data["period"]
    name = period["year"] or f"{period['first']}_{period['last']}"
    return f"programme-{name}.{extension}"


@require_safe
@login_required
def programme_xlsx(request):
    from pavilion.reports.programme_documents import programme_workbook

    data, errors = _programme(request)
    if errors:
        return _bad_request(errors)
    response = HttpResponse(
        programme_workbook(data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "xlsx")}"'
    return response


@require_safe
@login_required
def programme_pdf(request):
    from pavilion.reports.programme_documents import programme_pdf as build

    data, errors = _programme(request)
    if errors:
        return _bad_request(errors)
    response = HttpResponse(
        build(
            data,
            charts=_charts(data, request.LANGUAGE_CODE),
            rows=_funnel_rows(data),
            target_labels=target_labels(),
        ),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "pdf")}"'
    return response
