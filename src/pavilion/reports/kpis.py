"""The results report's figures, each defined once and computed from records.

Every figure is a set-based query (grouped by currency where money is
summed, so amounts stay exact Decimals) and carries the filter that lists the
records behind it. Definitions are documented in docs/kpis.md.

Each figure has its own function (``consultation_figures``, ``breakdown``,
``funnel``, ``follow_up_rounds``…); the report reads them all at once with
``consultation_results``, three passes over the edition's consultations
instead of one per figure (docs/performance.md, "The results report at scale").

Money: amounts are summed per currency in SQL, then converted with the
edition's FX rates in Python at full precision; rounding happens only for
display. So every breakdown sums exactly to its total, and changing a rate
changes the report without touching a stored amount.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from pavilion.companies.models import Award, Participation, ParticipationStatus
from pavilion.consultations.models import (
    FUNNEL,
    Consultation,
    ConsultationKind,
    FollowUpRound,
    Source,
    Stage,
    SurveyResponse,
    Tally,
)
from pavilion.consultations.queries import named_filters
from pavilion.core.db import ExactSum
from pavilion.partners.models import PartnerKind
from pavilion.scanning.queries import scanned_visitor_count
from pavilion.shows.fx import Converter


@dataclass
class Figure:
    """One figure of the report: a count and/or an amount, and where its records are."""

    key: str
    label: str
    korean: str
    count: int | None = None
    amount: Decimal | None = None  # in the reporting currency, full precision
    amount_usd: Decimal | None = None
    unconverted: int = 0  # amounts in a currency the edition has no rate for
    drill: dict = field(default_factory=dict)  # query parameters of the records list


# Every figure's label and its name in Korean reports, by key.
FIGURE_LABELS = {
    "companies": (_("Participating companies"), "참가기업 수"),
    "award_companies": (_("Innovation award winners"), "혁신상 수상"),
    "awards": (_("Awards"), "수상 건수"),
    "visitors_scanned": (_("Visitors (scanned badges)"), "방문자 수(배지 스캔)"),
    "visitors_tallied": (_("Visitors (manual tallies)"), "방문자 수(수기 집계)"),
    "visitors": (_("Visitors"), "방문자 수"),
    "satisfaction": (_("Satisfaction (1–5)"), "만족도"),
    "consultations": (_("Consultations logged (all)"), "상담건수"),
    "pursued": (_("Contract-pursued (negotiating or further now)"), "계약추진"),
    "onsite_contract": (_("Contracts signed at the show"), "현장계약"),
    "mou": (_("MoUs signed (whatever came next)"), "MOU 체결"),
    "after_show_contract": (_("Contracts signed after the show"), "후속 실적"),
    "lost": (_("Lost (counted apart)"), "무산"),
    "investment_talks": (_("Investment and M&A consultations"), "투자·M&A 상담"),
    "invested": (_("Consultations that led to an investment"), "투자 연계 상담"),
}

# Consultation figure → the named filter of its records. The order is the report's order.
CONSULTATION_FIGURES = [
    ("consultations", "all"),
    ("pursued", "pursued"),
    ("onsite_contract", "onsite_contract"),
    ("mou", "mou"),
    ("after_show_contract", "after_show_contract"),
    ("lost", "lost"),
]


def consultation_figures(edition) -> dict[str, Figure]:
    """All consultation figures of an edition in one grouped query (a row per currency)."""
    return _consultation_figures(edition).get(None) or _empty_figures()


def consultation_figures_by_company(edition) -> dict[int, dict[str, Figure]]:
    """The same figures per company, in one grouped query (a row per company and currency)."""
    return _consultation_figures(edition, group="company_id")


def _empty_figures() -> dict[str, Figure]:
    return {
        key: Figure(
            key=key,
            label=str(FIGURE_LABELS[key][0]),
            korean=FIGURE_LABELS[key][1],
            count=0,
            amount=Decimal(0),
            drill={"filter": name},
        )
        for key, name in CONSULTATION_FIGURES
    }


def _figure_aggregates(edition, rounds=()) -> dict:
    """Count, exact sum and priced count of every consultation figure (one conditional
    aggregate each), and the contracts after the show by each follow-up round's due date."""
    filters = named_filters(edition)
    aggregates = {}
    for key, name in CONSULTATION_FIGURES:
        aggregates[f"n_{key}"] = Count("id", filter=filters[name])
        aggregates[f"sum_{key}"] = ExactSum("amount", filter=filters[name])
        aggregates[f"priced_{key}"] = Count("amount", filter=filters[name])
    for i, round_ in enumerate(rounds):
        signed_by = filters["after_show_contract"] & Q(contract_signed_on__lte=round_.due_on)
        aggregates[f"n_round{i}"] = Count("id", filter=signed_by)
        aggregates[f"sum_round{i}"] = ExactSum("amount", filter=signed_by)
    return aggregates


def _add(a, b):
    """Sum of two grouped values where None means "no amount" (SQL's SUM of nothing)."""
    if a is None:
        return b
    return a if b is None else a + b


def _collapse(rows, key: str | None, fields) -> list[dict]:
    """Grouped rows summed over every column but ``key`` and the currency (exact:
    Decimals and ints), in the order each (key, currency) first appears."""
    result: dict = {}
    for row in rows:
        group = (row[key] if key else None, row["currency"])
        entry = result.get(group)
        if entry is None:
            result[group] = {"key": group[0], "currency": group[1], **{f: row[f] for f in fields}}
        else:
            for f in fields:
                entry[f] = _add(entry[f], row[f])
    return list(result.values())


FIGURE_FIELDS = [
    f"{measure}_{key}" for key, _name in CONSULTATION_FIGURES for measure in ("n", "sum", "priced")
]


def _figures_from_rows(converter, rows, group: str | None) -> dict:
    """Figures (by ``group``, or None for the edition) from rows per currency."""
    result: dict = {}
    for row in rows:
        key = row[group] if group else None
        figures = result.get(key)
        if figures is None:
            figures = result[key] = _empty_figures()
        for key, figure in figures.items():
            figure.count += row[f"n_{key}"]
            figure.amount += converter.to_reporting(row[f"sum_{key}"], row["currency"])
            if not converter.has_rate(row["currency"]):
                figure.unconverted += row[f"priced_{key}"]
    for figures in result.values():
        for figure in figures.values():
            figure.amount_usd = converter.to_usd(figure.amount)
    return result


def _consultation_figures(edition, group: str | None = None) -> dict:
    columns = ["currency", group] if group else ["currency"]
    rows = (
        Consultation.objects.filter(edition=edition)
        .values(*columns)
        .annotate(**_figure_aggregates(edition))
        .order_by(*columns)
    )
    return _figures_from_rows(Converter(edition), rows, group)


def funnel(edition) -> list[dict]:
    """Live consultations that reached each funnel stage (cumulative), and the lost ones."""
    counts = dict(
        Consultation.objects.filter(edition=edition)
        .values_list("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    return _funnel_steps(counts)


def _funnel_steps(counts: dict) -> list[dict]:
    """The funnel from the number of consultations at each stage now."""
    steps = []
    remaining = sum(counts.get(stage, 0) for stage in FUNNEL)
    for stage in FUNNEL:
        steps.append(
            {
                "stage": stage.value,
                "label": stage.label,
                "count": remaining,
                "drill": {"reached": stage.value},
            }
        )
        remaining -= counts.get(stage, 0)
    lost = counts.get(Stage.LOST, 0)
    steps.append(
        {
            "stage": Stage.LOST.value,
            "label": Stage.LOST.label,
            "count": lost,
            "drill": {"stage": Stage.LOST.value},
        }
    )
    return steps


def labels_for(dimension, keys):
    """Labels of a breakdown's row keys, in the current language."""
    if dimension == "kind":
        return {k: ConsultationKind(k).label for k in keys if k in ConsultationKind.values}
    if dimension == "stage":
        return {k: Stage(k).label for k in keys if k in Stage.values}
    if dimension == "source":
        return {k: Source(k).label for k in keys if k in Source.values}
    if dimension == "partner_kind":
        return {k: PartnerKind(k).label for k in keys if k in PartnerKind.values}
    if dimension == "country":
        return {k: countries.name(k) or k for k in keys}
    if dimension == "company":
        from pavilion.companies.models import Company

        return {c.pk: c.name for c in Company.objects.filter(pk__in=keys)}
    return {k: k.isoformat() if hasattr(k, "isoformat") else str(k) for k in keys}


GROUPINGS = {
    "kind": "kind",
    "stage": "stage",
    "source": "source",
    "country": "partner__country",
    "partner_kind": "partner__kind",
    "company": "company_id",
}
DIMENSIONS = [*GROUPINGS, "day"]


AMOUNT_AGGREGATES = {"n": Count("id"), "priced": Count("amount"), "total": ExactSum("amount")}


def _group(edition, dimension: str):
    if dimension == "day":
        return TruncDate("occurred_at", tzinfo=edition.tzinfo)
    return F(GROUPINGS[dimension])


def breakdown(edition, dimension: str, filter_name: str = "all") -> list[dict]:
    """Count and amount of consultations per value of ``dimension``, largest first.

    Every row carries the drill-down parameters of its records; the rows sum
    exactly to the figure of the same filter.
    """
    queryset = Consultation.objects.filter(edition=edition).filter(
        named_filters(edition)[filter_name]
    )
    rows = (
        queryset.annotate(group_key=_group(edition, dimension))
        .values("group_key", "currency")
        .annotate(**AMOUNT_AGGREGATES)
        .order_by()
    )
    grouped = [{**row, "key": row["group_key"]} for row in rows]
    return _breakdown_rows(Converter(edition), dimension, filter_name, grouped)


def _breakdown_rows(converter, dimension: str, filter_name: str, rows) -> list[dict]:
    """A breakdown from rows per (key, currency) with ``n``, ``priced`` and ``total``."""
    totals: dict = defaultdict(lambda: {"count": 0, "amount": Decimal(0), "unconverted": 0})
    for row in rows:
        entry = totals[row["key"]]
        entry["count"] += row["n"]
        entry["amount"] += converter.to_reporting(row["total"], row["currency"])
        if not converter.has_rate(row["currency"]):
            entry["unconverted"] += row["priced"]
    labels = labels_for(dimension, list(totals))
    result = []
    for key, entry in totals.items():
        param = key.isoformat() if hasattr(key, "isoformat") else key
        result.append(
            {
                "key": param,
                "label": str(labels.get(key, key)),
                "count": entry["count"],
                "amount": entry["amount"],
                "amount_usd": converter.to_usd(entry["amount"]),
                "unconverted": entry["unconverted"],
                "drill": {"filter": filter_name, dimension: param},
            }
        )
    if dimension == "day":
        result.sort(key=lambda r: r["key"])
    else:
        result.sort(key=lambda r: (-r["amount"], -r["count"], str(r["label"])))
    return result


def other_figures(edition) -> dict[str, Figure]:
    """Figures that are not consultations: companies, awards, visitors, satisfaction."""
    confirmed = Participation.objects.filter(edition=edition, status=ParticipationStatus.CONFIRMED)
    awards = Award.objects.filter(participation__in=confirmed).aggregate(
        n=Count("id"), companies=Count("participation__company", distinct=True)
    )
    tallied = Tally.objects.filter(edition=edition).aggregate(n=Sum("count"))["n"] or 0
    # Each badge (ours or the show's) once per edition, however often scanned;
    # hand tallies cover visitors nobody scanned.
    scanned = scanned_visitor_count(edition)
    survey = SurveyResponse.objects.filter(participation__in=confirmed).aggregate(
        n=Count("id"), mean=Avg("satisfaction")
    )
    mean = survey["mean"]
    counts = {
        "companies": (confirmed.count(), None),
        "award_companies": (awards["companies"], None),
        "awards": (awards["n"], None),
        "visitors_tallied": (tallied, None),
        "visitors_scanned": (scanned, None),
        "visitors": (scanned + tallied, None),
        "satisfaction": (survey["n"], Decimal(str(round(mean, 2))) if mean is not None else None),
    }
    return {
        key: Figure(
            key=key,
            label=str(FIGURE_LABELS[key][0]),
            korean=FIGURE_LABELS[key][1],
            count=count,
            amount=amount,
        )
        for key, (count, amount) in counts.items()
    }


def investment_figures(edition, result: dict | None = None) -> dict[str, Figure]:
    """Investment talks, and the consultations the funds' investments cite.

    The amount of ``invested`` is the investments' (converted with the
    edition's rates); both figures drill into consultations through the named
    filters, so the links show exactly the records counted.
    """
    from pavilion.funds.figures import conversion

    converter = Converter(edition)
    # The report passes the conversion it also shows, so it is computed once.
    result = conversion(edition) if result is None else result
    filters = named_filters(edition)
    talks = Consultation.objects.filter(edition=edition)
    amounts = result["amount_by_currency"]
    amount = sum(
        (converter.to_reporting(total, currency) for currency, total in amounts.items()),
        Decimal(0),
    )
    figures = {}
    for key, count, fig_amount in (
        # the same records as the filter's (kind investment or M&A), counted by conversion()
        ("investment_talks", result["investment_consultations"], None),
        ("invested", talks.filter(filters["invested"]).count(), amount),
    ):
        figures[key] = Figure(
            key=key,
            label=str(FIGURE_LABELS[key][0]),
            korean=FIGURE_LABELS[key][1],
            count=count,
            amount=fig_amount,
            amount_usd=converter.to_usd(fig_amount) if fig_amount is not None else None,
            unconverted=sum(1 for c in amounts if not converter.has_rate(c))
            if fig_amount is not None
            else 0,
            drill={"filter": key},
        )
    return figures


def _rounds(edition) -> list:
    """The edition's rounds, earliest first (a grouped query ignores Meta.ordering)."""
    return list(
        FollowUpRound.objects.filter(edition=edition)
        .annotate(
            task_count=Count("tasks"),
            answered=Count("tasks", filter=Q(tasks__answered_at__isnull=False)),
        )
        .order_by("months_after")
    )


def follow_up_rounds(edition) -> list[dict]:
    """Per round: who answered, and contracts realised after the show by its due date."""
    rounds = _rounds(edition)
    if not rounds:
        return []
    rows = (
        Consultation.objects.filter(edition=edition)
        .values("currency")
        .annotate(**_figure_aggregates(edition, rounds))
        .order_by("currency")
    )
    return _round_rows(Converter(edition), rounds, rows)


def _round_rows(converter, rounds, rows) -> list[dict]:
    """The rounds from rows per currency with ``n_round{i}`` and ``sum_round{i}``."""
    rows = list(rows)
    result = []
    for i, round_ in enumerate(rounds):
        amount = sum(
            (converter.to_reporting(r[f"sum_round{i}"], r["currency"]) for r in rows), Decimal(0)
        )
        result.append(
            {
                "round": round_,
                "tasks": round_.task_count,
                "answered": round_.answered,
                "contracts": sum(r[f"n_round{i}"] for r in rows),
                "amount": amount,
                "amount_usd": converter.to_usd(amount),
                "drill": {"filter": "after_show_contract", "signed_by": round_.due_on.isoformat()},
            }
        )
    return result


@dataclass
class ConsultationResults:
    """Every consultation figure of the report (see :func:`consultation_results`)."""

    figures: dict[str, Figure]
    by_company: dict[int, dict[str, Figure]]
    breakdowns: dict[str, list[dict]]  # by dimension, in DIMENSIONS' order, filter "all"
    funnel: list[dict]
    rounds: list[dict]


# The breakdowns read from one pass: consultation columns, and the partner's.
_OWN_DIMENSIONS = {"kind": "kind", "stage": "stage", "source": "source", "day": "group_day"}
_PARTNER_DIMENSIONS = {"country": "partner__country", "partner_kind": "partner__kind"}


def consultation_results(edition) -> ConsultationResults:
    """The report's consultation figures, per company, every breakdown, the funnel
    and the follow-up rounds, from three passes over the edition's consultations.

    The same figures as :func:`consultation_figures`,
    :func:`consultation_figures_by_company`, :func:`breakdown` (filter "all"),
    :func:`funnel` and :func:`follow_up_rounds` (tests/reports/test_kpis.py
    checks it), which read the table once each:

    1. per company and currency, every figure as a conditional aggregate and the
       contracts after the show by each round's due date: the figures, per
       company, the company breakdown and the rounds;
    2. per kind, stage, source, show day and currency: those four breakdowns
       and the funnel;
    3. per partner country, partner kind and currency: the partners' breakdowns.

    Amounts stay exact sums per currency (``ExactSum``), added up in Python as
    Decimals and converted with the edition's rates, as everywhere in the report.
    """
    converter = Converter(edition)
    consultations = Consultation.objects.filter(edition=edition)
    rounds = _rounds(edition)
    by_company_rows = list(
        consultations.values("currency", "company_id")
        .annotate(**_figure_aggregates(edition, rounds))
        .order_by("currency", "company_id")
    )
    by_company = _figures_from_rows(converter, by_company_rows, "company_id")
    round_fields = [f"{m}_round{i}" for i in range(len(rounds)) for m in ("n", "sum")]
    per_currency = _collapse(by_company_rows, None, [*FIGURE_FIELDS, *round_fields])
    figures = _figures_from_rows(converter, per_currency, None).get(None) or _empty_figures()
    own = list(
        consultations.annotate(group_day=_group(edition, "day"))
        .values(*_OWN_DIMENSIONS.values(), "currency")
        .annotate(**AMOUNT_AGGREGATES)
        .order_by()
    )
    partners = list(
        consultations.values(*_PARTNER_DIMENSIONS.values(), "currency")
        .annotate(**AMOUNT_AGGREGATES)
        .order_by()
    )
    sources = {
        **{d: (own, column) for d, column in _OWN_DIMENSIONS.items()},
        **{d: (partners, column) for d, column in _PARTNER_DIMENSIONS.items()},
    }
    breakdowns = {}
    for dimension in DIMENSIONS:
        if dimension == "company":
            rows = [
                {
                    "key": row["company_id"],
                    "currency": row["currency"],
                    "n": row["n_consultations"],
                    "priced": row["priced_consultations"],
                    "total": row["sum_consultations"],
                }
                for row in by_company_rows
            ]
        else:
            table, column = sources[dimension]
            rows = _collapse(table, column, ["n", "priced", "total"])
        breakdowns[dimension] = _breakdown_rows(converter, dimension, "all", rows)
    stages: dict = defaultdict(int)
    for row in own:
        stages[row["stage"]] += row["n"]
    return ConsultationResults(
        figures=figures,
        by_company=by_company,
        breakdowns=breakdowns,
        funnel=_funnel_steps(stages),
        rounds=_round_rows(converter, rounds, per_currency),
    )
