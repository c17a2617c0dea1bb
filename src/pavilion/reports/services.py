"""The report as a whole: assembled from the KPI functions, frozen on demand."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from pavilion.accounts import permissions
from pavilion.consultations.models import Stage
from pavilion.core import audit, money
from pavilion.reports import closing, kpis, targets
from pavilion.reports.models import ReportSnapshot

HEADLINE = [
    "companies",
    "visitors",
    "consultations",
    "pursued",
    "onsite_contract",
    "mou",
    "after_show_contract",
    "award_companies",
    "satisfaction",
]


CENT = Decimal("0.01")


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _figure_json(figure: kpis.Figure) -> dict:
    return {
        "label": figure.label,
        "korean": figure.korean,
        "count": figure.count,
        "amount": _money(figure.amount),
        "amount_usd": _money(figure.amount_usd),
        "unconverted": figure.unconverted,
        "drill": figure.drill,
    }


def _apportioned_rows(rows: list[dict]) -> list[dict]:
    """Breakdown rows with their amounts to the cent, rounded so that they sum to
    their total rounded to the cent (largest remainder, docs/kpis.md "Rounding")."""
    result = [dict(row) for row in rows]
    for key in ("amount", "amount_usd"):
        values = [row[key] for row in rows]
        if any(v is None for v in values):
            for row in result:
                row[key] = _money(row[key])
            continue
        rounded = money.apportion(values, sum(values, Decimal(0)), CENT)
        for row, value in zip(result, rounded, strict=True):
            row[key] = str(value)
    return result


def _apportioned_companies(by_company: dict, names: dict) -> list[dict]:
    """Per-company figures; each figure's column sums to the figure's total as printed."""
    rows = [
        {
            "company_id": company_id,
            "name": names.get(company_id, str(company_id)),
            **{key: _figure_json(fig) for key, fig in figs.items()},
        }
        for company_id, figs in by_company.items()
    ]
    figures = list(by_company.values())
    for key, _name in kpis.CONSULTATION_FIGURES:
        for measure in ("amount", "amount_usd"):
            values = [getattr(figs[key], measure) for figs in figures]
            if not values or any(v is None for v in values):
                continue
            rounded = money.apportion(values, sum(values, Decimal(0)), CENT)
            for row, value in zip(rows, rounded, strict=True):
                row[key][measure] = str(value)
    return rows


def _investments_json(edition, result: dict) -> dict:
    """The funds' conversion of this edition's investment talks (funds' details stay
    on the fund pages; the report shows counts, amounts and time)."""
    talks, converted = result["investment_consultations"], result["converted_consultations"]
    return {
        "investment_consultations": talks,
        "converted_consultations": converted,
        "conversion_rate": str((Decimal(converted) / talks).quantize(Decimal("0.0001")))
        if talks
        else None,
        "investments": result["investments"],
        "median_days_after_show": result["median_days_after_show"],
    }


def edition_report(edition) -> dict:
    """Everything the report page shows, as JSON-ready data (amounts as strings)."""
    # Every figure converts with the edition's rates: read them once, not per figure.
    prefetch_related_objects([edition], "fx_rates")
    from pavilion.funds.figures import INVESTMENT_TALKS, conversion

    results = kpis.consultation_results(edition)
    investments = conversion(
        edition,
        investment_talks=sum(
            row["count"] for row in results.breakdowns["kind"] if row["key"] in INVESTMENT_TALKS
        ),
    )
    figures = {
        **kpis.other_figures(edition),
        **results.figures,
        **kpis.investment_figures(edition, investments),
    }
    by_company = results.by_company
    company_names = dict(
        edition.participations.filter(company_id__in=by_company).values_list(
            "company_id", "company__name_en"
        )
    )
    breakdowns = {
        dimension: _apportioned_rows(rows) for dimension, rows in results.breakdowns.items()
    }
    report = {
        "edition": {
            "slug": edition.slug,
            "name": edition.name,
            "start_date": edition.start_date.isoformat(),
            "end_date": edition.end_date.isoformat(),
            "time_zone": edition.time_zone,
        },
        "currency": edition.reporting_currency,
        "fx_rates": {
            fx.currency: {"rate": str(fx.rate), "fixed_on": fx.fixed_on.isoformat()}
            for fx in edition.fx_rates.all()
        },
        "figures": {key: _figure_json(fig) for key, fig in figures.items()},
        "headline": HEADLINE,
        "funnel": [{**step, "label": str(step["label"])} for step in results.funnel],
        "breakdowns": breakdowns,
        "follow_up_rounds": [
            {
                "months_after": r["round"].months_after,
                "due_on": r["round"].due_on.isoformat(),
                "tasks": r["tasks"],
                "answered": r["answered"],
                "contracts": r["contracts"],
                "amount": _money(r["amount"]),
                "amount_usd": _money(r["amount_usd"]),
                "drill": r["drill"],
            }
            for r in results.rounds
        ],
        "investments": _investments_json(edition, investments),
        "companies": sorted(
            _apportioned_companies(by_company, company_names),
            key=lambda row: (-Decimal(row["consultations"]["amount"]), row["name"]),
        ),
    }
    # Targets and costs (목표 대비 실적) and closing: frozen with the figures.
    report.update(targets.plan_json(edition, report))
    report["closing"] = closing.closing_json(edition)
    return report


# Breakdowns whose row keys are codes, so their labels can be said again in any language.
_CODED_DIMENSIONS = ("kind", "stage", "source", "partner_kind", "country", "company")


def in_current_language(report: dict) -> dict:
    """The report with its coded labels (funnel steps, kinds, stages, sources,
    partner kinds, countries, company names) in the current language: a frozen report keeps
    the language of whoever froze it, and its figures must not change, so the
    labels are said again from the stored codes when it is read."""
    breakdowns = dict(report.get("breakdowns", {}))
    companies = report.get("companies", [])
    # Company names too (a Korean reader knows 한빛바이오랩, not Hanbit Biolabs):
    # read once for the company breakdown and the per-company table alike.
    company_ids = [row["key"] for row in breakdowns.get("company", [])]
    names = kpis.labels_for("company", company_ids + [row["company_id"] for row in companies])
    for dimension in _CODED_DIMENSIONS:
        rows = breakdowns.get(dimension)
        if not rows:
            continue
        labels = (
            names
            if dimension == "company"
            else kpis.labels_for(dimension, [row["key"] for row in rows])
        )
        breakdowns[dimension] = [
            {**row, "label": str(labels.get(row["key"], row["label"]))} for row in rows
        ]
    companies = [{**row, "name": names.get(row["company_id"], row["name"])} for row in companies]
    stages = dict(Stage.choices)
    funnel = [
        {**step, "label": str(stages.get(step["stage"], step["label"]))}
        for step in report.get("funnel", [])
    ]
    return {**report, "breakdowns": breakdowns, "funnel": funnel, "companies": companies}


@transaction.atomic
def freeze_report(*, actor, edition, title: str = "") -> ReportSnapshot:
    """Freeze the edition's report as it stands now.

    Side effects: one ReportSnapshot, one audit entry.
    """
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    figures = edition_report(edition)
    title = title.strip() or _("%(edition)s results report, %(date)s") % {
        "edition": edition.name,
        "date": timezone.localdate().isoformat(),
    }
    snapshot = ReportSnapshot.objects.create(
        edition=edition, title=title, frozen_by=actor, figures=figures
    )
    audit.record(
        actor=actor,
        action="report.frozen",
        obj=snapshot,
        organisation=edition.show.organisation,
        sha256=snapshot.sha256,
    )
    return snapshot


# (figure, measure) pairs of the year-over-year page, in its order.
YOY_ROWS = [
    ("companies", "count"),
    ("visitors", "count"),
    ("consultations", "count"),
    ("consultations", "amount"),
    ("pursued", "amount"),
    ("onsite_contract", "amount"),
    ("mou", "count"),
    ("after_show_contract", "amount"),
    ("award_companies", "count"),
    ("invested", "count"),
    ("invested", "amount"),
]


def percent_change(before: Decimal | None, after: Decimal | None) -> Decimal | None:
    """Change in whole percent; None where there is nothing to compare with."""
    if before in (None, Decimal(0)) or after is None:
        return None
    return ((after - before) / before * 100).quantize(Decimal("1"))


def held_editions(editions):
    """The editions that have been held: their first day has come (in the show's
    time zone, so by the calendar, give or take a day) and they have results
    (consultations, tallies or scans). An edition in planning — even one with
    confirmed companies — has no results to compare (it showed as −100 %)."""
    from datetime import timedelta

    from django.db.models import Exists, OuterRef, Q

    from pavilion.consultations.models import Consultation, Tally
    from pavilion.scanning.models import Scan

    # The latest calendar day anywhere: an edition starting "today" somewhere counts.
    today = timezone.now().date() + timedelta(days=1)
    has_results = (
        Q(Exists(Consultation.objects.filter(edition=OuterRef("pk"))))
        | Q(Exists(Tally.objects.filter(edition=OuterRef("pk"))))
        | Q(Exists(Scan.objects.filter(edition=OuterRef("pk"))))
    )
    return editions.filter(has_results, start_date__lte=today)


def year_over_year(editions) -> list[dict]:
    """Per KPI, its value at each edition (oldest first) and the change from the one before."""
    editions = sorted(editions, key=lambda e: e.start_date)
    per_edition = [
        {**kpis.other_figures(e), **kpis.consultation_figures(e), **kpis.investment_figures(e)}
        for e in editions
    ]
    rows = []
    for key, measure in YOY_ROWS:
        cells, previous = [], None
        for edition, figures in zip(editions, per_edition, strict=True):
            figure = figures[key]
            value = figure.amount if measure == "amount" else Decimal(figure.count or 0)
            cells.append(
                {
                    "edition": edition,
                    "figure": figure,
                    "value": value,
                    "change_pct": percent_change(previous, value),
                }
            )
            previous = value
        label = per_edition[0][key].label if per_edition else key
        rows.append({"key": key, "measure": measure, "label": label, "cells": cells})
    return rows
