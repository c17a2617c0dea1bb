"""Targets and costs of an edition (목표 대비 실적): the service that sets them and
the report's section comparing them with the figures.

Achievement is the figure divided by its target, in percent (one decimal).
Costs are the budget lines in KRW; the report divides them by the figures
(cost per consultation, consultation amount per won spent). The rules are
in docs/kpis.md.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.accounts import permissions
from pavilion.core import audit
from pavilion.reports.models import BUDGET_FIELDS, TARGET_FIELDS, EditionPlan

# Label of each target and budget line, in the report's order.
TARGET_LABELS = {
    "target_consultations": (gettext_lazy("Consultations"), "상담건수"),
    "target_consultation_amount": (gettext_lazy("Consultation amount"), "상담액"),
    "target_pursued_amount": (gettext_lazy("Contract-pursued amount"), "계약추진액"),
    "target_onsite_contracts": (gettext_lazy("On-site contracts"), "현장계약 건수"),
    "target_mous": (gettext_lazy("MoUs"), "MOU 체결"),
    "target_visitors": (gettext_lazy("Visitors"), "방문자 수"),
    "target_satisfaction": (gettext_lazy("Satisfaction (1–5)"), "만족도"),
}
BUDGET_LABELS = {
    "budget_booth": (gettext_lazy("Booth rental and build"), "부스 임차·조성"),
    "budget_travel": (gettext_lazy("Travel support"), "항공·숙박 지원"),
    "budget_promotion": (gettext_lazy("Promotion"), "홍보"),
    "budget_other": (gettext_lazy("Other costs"), "기타"),
}
PLAN_FIELDS = (*TARGET_FIELDS, *BUDGET_FIELDS)


def plan_of(edition) -> EditionPlan:
    """The edition's plan, or an unsaved empty one."""
    return EditionPlan.objects.filter(edition=edition).first() or EditionPlan(edition=edition)


@transaction.atomic
def set_edition_plan(*, actor, edition, **values) -> EditionPlan:
    """Set the edition's targets and budget lines (missing keys keep their value,
    None clears one).

    Side effects: the EditionPlan created or saved, one audit entry with the
    old and new values.
    """
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    plan = EditionPlan.objects.select_for_update().filter(edition=edition).first() or EditionPlan(
        edition=edition
    )
    before = {name: getattr(plan, name) for name in values}
    for name, value in values.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    audit.record(
        actor=actor,
        action="edition.plan_set",
        obj=plan,
        organisation=edition.show.organisation,
        edition=edition.pk,
        before={k: None if v is None else str(v) for k, v in before.items()},
        after={k: None if getattr(plan, k) is None else str(getattr(plan, k)) for k in values},
    )
    return plan


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def achievement(actual, target) -> Decimal | None:
    """actual / target in percent, one decimal; None without a positive target or a figure."""
    if target is None or actual is None or Decimal(target) <= 0:
        return None
    return (Decimal(actual) / Decimal(target) * 100).quantize(Decimal("0.1"))


def _to_krw(amount: Decimal | None, report: dict) -> Decimal | None:
    """A report amount (reporting currency) in KRW, with the edition's KRW rate if needed."""
    if amount is None:
        return None
    if report["currency"] == "KRW":
        return amount
    rate = (report.get("fx_rates") or {}).get("KRW")
    return amount / Decimal(rate["rate"]) if rate else None


def _actual(figures: dict, key: str, measure: str) -> Decimal | None:
    figure = figures.get(key) or {}
    return _dec(figure.get(measure))


def plan_json(edition, report: dict) -> dict:
    """The report's targets, budget and cost ratios, from its JSON figures.

    Stored in frozen reports as computed, so they keep the targets as they were.
    """
    plan = plan_of(edition)
    figures = report["figures"]
    targets = []
    for name, (key, measure) in TARGET_FIELDS.items():
        target = getattr(plan, name)
        if target is None:
            continue
        actual = _actual(figures, key, measure)
        if measure == "amount" and key != "satisfaction":
            actual = _to_krw(actual, report)
        targets.append(
            {
                "key": name,
                "figure": key,
                "measure": measure,
                "label": str(TARGET_LABELS[name][0]),
                "korean": TARGET_LABELS[name][1],
                "target": str(target),
                "actual": None
                if actual is None
                else str(actual if measure == "count" else actual.quantize(Decimal("0.01"))),
                "achievement_pct": _str(achievement(actual, target)),
            }
        )
    budget = [
        {
            "key": name,
            "label": str(BUDGET_LABELS[name][0]),
            "korean": BUDGET_LABELS[name][1],
            "amount": str(getattr(plan, name)),
        }
        for name in BUDGET_FIELDS
        if getattr(plan, name) is not None
    ]
    total = plan.budget_total
    consultations = (figures.get("consultations") or {}).get("count") or 0
    amount_krw = _to_krw(_actual(figures, "consultations", "amount"), report)
    return {
        "targets": targets,
        "budget": {
            "lines": budget,
            "total": _str(total),
            "currency": "KRW",
            # Cost per consultation (KRW) and consultation amount per won spent.
            "cost_per_consultation": _str(
                (total / consultations).quantize(Decimal(1)) if total and consultations else None
            ),
            "amount_per_krw": _str(
                (amount_krw / total).quantize(Decimal("0.01"))
                if total and amount_krw is not None
                else None
            ),
        },
    }


def _str(value) -> str | None:
    return None if value is None else str(value)


# The composite score's weights (docs/kpis.md): the mean achievement of the
# consultation targets, of the contract targets, and satisfaction out of 5.
SCORE_WEIGHTS = {
    "consultation": Decimal("0.4"),
    "contract": Decimal("0.4"),
    "satisfaction": Decimal("0.2"),
}
SCORE_PARTS = {
    "consultation": ("target_consultations", "target_consultation_amount"),
    "contract": ("target_pursued_amount", "target_onsite_contracts"),
}
# One overshot target must not hide the others: each achievement counts up to this.
ACHIEVEMENT_CAP = Decimal(150)


def composite_score(report: dict) -> dict:
    """One score per edition (0–140): weighted achievement of the consultation and
    contract targets plus satisfaction (mean rating / 5 × 100). Parts without a
    target (or a survey) are left out and the weights of the others scaled up;
    None when no part is there."""
    achieved = {t["key"]: _dec(t["achievement_pct"]) for t in report.get("targets", [])}
    parts: dict[str, Decimal] = {}
    for part, names in SCORE_PARTS.items():
        values = [min(achieved[n], ACHIEVEMENT_CAP) for n in names if achieved.get(n) is not None]
        if values:
            parts[part] = sum(values, Decimal(0)) / len(values)
    mean = _actual(report["figures"], "satisfaction", "amount")
    if mean is not None:
        parts["satisfaction"] = mean / 5 * 100
    if not parts:
        return {"score": None, "parts": {}}
    weight = sum(SCORE_WEIGHTS[p] for p in parts)
    score = sum(SCORE_WEIGHTS[p] * v for p, v in parts.items()) / weight
    return {
        "score": str(score.quantize(Decimal("0.1"))),
        "parts": {p: str(v.quantize(Decimal("0.1"))) for p, v in parts.items()},
    }
