"""Writes about funds: the fund, its commitments, plan and investments.

One transaction each, audited; the permission check comes first, so a
refused or invalid write leaves nothing behind.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.accounts import permissions
from pavilion.consultations.models import Consultation
from pavilion.core import audit
from pavilion.core.profiles import apply_profile, save_fields
from pavilion.funds.models import Commitment, DeploymentPlan, Fund, Investment

FUND_FIELDS = (
    "name",
    "slug",
    "manager",
    "currency",
    "target_size",
    "vintage",
    "sectors",
    "stages",
    "local_multiple",
)
COMMITMENT_FIELDS = (
    "limited_partner",
    "is_city",
    "amount",
    "currency",
    "rate",
    "committed_on",
    "called",
)
INVESTMENT_FIELDS = (
    "company",
    "invested_on",
    "round",
    "instrument",
    "amount",
    "currency",
    "rate",
    "ownership",
    "post_money",
    "qualifies_locally",
    "status",
    "closed_on",
    "exit_proceeds",
    "notes",
)


def _require(allowed: bool):
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def create_fund(*, actor, data: dict) -> Fund:
    """A new fund of the actor's organisation. Side effects: one Fund, one audit entry."""
    _require(permissions.can_manage_funds(actor))
    if Fund.objects.filter(organisation_id=actor.organisation_id, slug=data.get("slug")).exists():
        raise ValidationError({"slug": _("Another fund already has this short name.")})
    values = {k: v for k, v in data.items() if k != "sectors"}
    fund = save_fields(Fund(organisation_id=actor.organisation_id), values, allowed=FUND_FIELDS)
    if "sectors" in data:
        fund, _fields = apply_profile(fund, {"sectors": data["sectors"]}, allowed=FUND_FIELDS)
    audit.record(actor=actor, action="fund.created", obj=fund, organisation=fund.organisation)
    return fund


@transaction.atomic
def update_fund(*, actor, fund: Fund, data: dict) -> Fund:
    _require(permissions.can_manage_fund(actor, fund))
    slug = data.get("slug")
    if (
        slug
        and Fund.objects.filter(organisation_id=fund.organisation_id, slug=slug)
        .exclude(pk=fund.pk)
        .exists()
    ):
        raise ValidationError({"slug": _("Another fund already has this short name.")})
    fund, changed = apply_profile(fund, data, allowed=FUND_FIELDS)
    audit.record(
        actor=actor, action="fund.changed", obj=fund, organisation=fund.organisation, fields=changed
    )
    return fund


@transaction.atomic
def set_plan(*, actor, fund: Fund, plan: dict[int, Decimal]) -> list[DeploymentPlan]:
    """Replace the fund's yearly deployment plan. Side effects: its plan rows, one audit entry."""
    _require(permissions.can_manage_fund(actor, fund))
    errors = {}
    for year, amount in plan.items():
        if not 1990 <= int(year) <= 2100:
            errors[f"year {year}"] = _("Give a year between 1990 and 2100.")
        elif amount is None or Decimal(amount) < 0:
            errors[f"year {year}"] = _("Give an amount of 0 or more.")
    if errors:
        raise ValidationError(errors)
    fund.plan.all().delete()
    rows = DeploymentPlan.objects.bulk_create(
        DeploymentPlan(fund=fund, year=int(year), amount=Decimal(amount))
        for year, amount in sorted(plan.items())
    )
    audit.record(
        actor=actor,
        action="fund.plan_set",
        obj=fund,
        organisation=fund.organisation,
        plan={str(year): amount for year, amount in plan.items()},
    )
    return rows


def _with_rate(data: dict, fund: Fund, record=None) -> dict:
    """A rate left empty is 1 in the fund's own currency; in any other it stays
    wanting (0), so the record's check names the field instead of "cannot be null"."""
    if "rate" not in data or data["rate"] is not None:
        return data
    currency = data.get("currency", getattr(record, "currency", None))
    return {**data, "rate": Decimal(1) if currency == fund.currency else Decimal(0)}


@transaction.atomic
def add_commitment(*, actor, fund: Fund, data: dict) -> Commitment:
    _require(permissions.can_manage_fund(actor, fund))
    data = _with_rate(data, fund)
    commitment = save_fields(Commitment(fund=fund), data, allowed=COMMITMENT_FIELDS)
    audit.record(
        actor=actor,
        action="fund.commitment_added",
        obj=commitment,
        organisation=fund.organisation,
        amount=commitment.amount,
        currency=commitment.currency,
    )
    return commitment


@transaction.atomic
def update_commitment(*, actor, commitment: Commitment, data: dict) -> Commitment:
    _require(permissions.can_manage_fund(actor, commitment.fund))
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    data = _with_rate(data, commitment.fund, commitment)
    commitment = save_fields(commitment, data, allowed=COMMITMENT_FIELDS)
    audit.record(
        actor=actor,
        action="fund.commitment_changed",
        obj=commitment,
        organisation=commitment.fund.organisation,
        fields=sorted(data),
    )
    return commitment


def citable_consultations(fund: Fund, company):
    """Consultations an investment in ``company`` may cite: that company's, in the
    fund's organisation (any kind: an export talk can also lead to an investment)."""
    if company is None:
        return Consultation.objects.none()
    return Consultation.objects.filter(
        company=company, edition__show__organisation_id=fund.organisation_id
    ).select_related("edition", "partner")


def _check_investment(fund: Fund, data: dict, consultations) -> dict:
    errors = {}
    company = data.get("company")
    if company is not None and company.organisation_id != fund.organisation_id:
        errors["company"] = _("The company is not one of this organisation's.")
    if consultations is not None and company is not None:
        allowed = set(citable_consultations(fund, company).values_list("pk", flat=True))
        foreign = [c.pk for c in consultations if c.pk not in allowed]
        if foreign:
            errors["consultations"] = _(
                "Consultations %(ids)s are not this company's in this organisation."
            ) % {"ids": ", ".join(map(str, foreign))}
    return errors


@transaction.atomic
def record_investment(*, actor, fund: Fund, data: dict, consultations=()) -> Investment:
    """Record an investment, citing the consultations it grew from.

    Side effects: one Investment with its links, one audit entry.
    """
    _require(permissions.can_manage_fund(actor, fund))
    consultations = list(consultations)
    data = _with_rate(data, fund)
    errors = _check_investment(fund, data, consultations)
    investment = save_fields(
        Investment(fund=fund), data, allowed=INVESTMENT_FIELDS, extra_errors=errors
    )
    investment.consultations.set(consultations)
    audit.record(
        actor=actor,
        action="fund.investment_recorded",
        obj=investment,
        organisation=fund.organisation,
        company=investment.company_id,
        amount=investment.amount,
        currency=investment.currency,
        consultations=[c.pk for c in consultations],
    )
    return investment


@transaction.atomic
def update_investment(
    *, actor, investment: Investment, data: dict, consultations=None
) -> Investment:
    """Change an investment (a follow-on is a new investment; an exit or
    write-off changes the status with its date)."""
    fund = investment.fund
    _require(permissions.can_manage_fund(actor, fund))
    investment = Investment.objects.select_for_update().get(pk=investment.pk)
    consultations = list(consultations) if consultations is not None else None
    errors = _check_investment(
        fund, {"company": data.get("company", investment.company)}, consultations
    )
    data = _with_rate(data, investment.fund, investment)
    investment = save_fields(investment, data, allowed=INVESTMENT_FIELDS, extra_errors=errors)
    if consultations is not None:
        investment.consultations.set(consultations)
    audit.record(
        actor=actor,
        action="fund.investment_changed",
        obj=investment,
        organisation=fund.organisation,
        fields=sorted(data) + (["consultations"] if consultations is not None else []),
    )
    return investment
