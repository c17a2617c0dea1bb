"""The city investment agency's funds: figures, commitments and investments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from pavilion.accounts import permissions
from pavilion.api import schemas as s
from pavilion.api.pagination import Pagination
from pavilion.consultations.models import Consultation
from pavilion.funds import figures, services
from pavilion.funds.models import Fund, Instrument, InvestmentStatus, Round

router = Router(tags=["funds"])


class FundOut(Schema):
    slug: str
    name: str
    manager: str
    currency: str
    target_size: Decimal
    vintage: int
    stages: str
    local_multiple: Decimal
    sectors: list[str]


class CommitmentIn(Schema):
    limited_partner: str
    is_city: bool = False
    amount: Decimal = Field(..., ge=0)
    currency: str
    rate: Decimal | None = Field(
        None,
        gt=0,
        description="to the fund's currency on that day; leave it out for the fund's own currency",
    )
    committed_on: date
    called: Decimal = Field(Decimal(0), ge=0)


class CommitmentOut(CommitmentIn):
    id: int


class InvestmentIn(Schema):
    company_id: s.Id
    invested_on: date
    round: Round
    instrument: Instrument
    amount: Decimal = Field(..., ge=0)
    currency: str
    rate: Decimal | None = Field(
        None,
        gt=0,
        description="to the fund's currency on that day; leave it out for the fund's own currency",
    )
    ownership: Decimal | None = Field(None, ge=0, le=100, description="percent")
    post_money: Decimal | None = None
    qualifies_locally: bool = True
    status: InvestmentStatus = InvestmentStatus.ACTIVE
    closed_on: date | None = None
    exit_proceeds: Decimal | None = None
    notes: str = ""
    consultation_ids: list[s.Id] = Field(
        default_factory=list, description="the pavilion consultations it grew from"
    )


class InvestmentPatch(Schema):
    status: InvestmentStatus = s.omittable()
    closed_on: date | None = None
    exit_proceeds: Decimal | None = None
    ownership: Decimal | None = Field(None, ge=0, le=100)
    post_money: Decimal | None = None
    qualifies_locally: bool = s.omittable()
    notes: str = s.omittable()
    consultation_ids: list[s.Id] = s.omittable()


class InvestmentOut(Schema):
    id: int
    fund: str
    company_id: int
    company: str
    invested_on: date
    round: str
    instrument: str
    amount: Decimal
    currency: str
    rate: Decimal
    ownership: Decimal | None
    post_money: Decimal | None
    qualifies_locally: bool
    status: str
    closed_on: date | None
    exit_proceeds: Decimal | None
    origin_edition: str | None
    consultation_ids: list[int]
    notes: str | None = Field(None, description="the agency's own; null for the company")


def fund_out(fund: Fund) -> dict:
    return {
        **{name: getattr(fund, name) for name in FundOut.model_fields if name != "sectors"},
        "sectors": [sector.slug for sector in fund.sectors.all()],
    }


def investment_out(user, investment) -> dict:
    origin = figures.origin_of(investment)
    data = {
        name: getattr(investment, name)
        for name in InvestmentOut.model_fields
        if name not in {"fund", "company", "origin_edition", "consultation_ids", "notes"}
    }
    data.update(
        fund=investment.fund.slug,
        company=investment.company.name_en,
        origin_edition=origin.slug if origin else None,
        consultation_ids=sorted(c.pk for c in investment.consultations.all()),
        notes=investment.notes if permissions.can_view_investment_notes(user, investment) else None,
    )
    return data


def _fund(request, fund_slug) -> Fund:
    return get_object_or_404(permissions.visible_funds(request.auth), slug=fund_slug)


def _cited(fund, ids):
    found = list(
        Consultation.objects.filter(pk__in=ids, edition__show__organisation=fund.organisation)
    )
    missing = sorted(set(ids) - {c.pk for c in found})
    if missing:
        raise ValidationError(
            {
                "consultation_ids": _("Unknown consultations: %(ids)s")
                % {"ids": ", ".join(map(str, missing))}
            }
        )
    return found


@router.get(
    "/funds",
    response={200: list[FundOut], **s.ERRORS},
    description="The organisation's funds: the investment agency's users and operators "
    "granted `funds.view_fund`; an empty list for everyone else.",
)
@paginate(Pagination, serialize=lambda user, fund: fund_out(fund))
def list_funds(request):
    return permissions.visible_funds(request.auth).prefetch_related("sectors").order_by("slug")


@router.get(
    "/funds/{fund_slug}/figures",
    response={200: dict, **s.ERRORS},
    description="Raised vs target, called, deployed vs plan, the local obligation, breakdowns "
    "by stage, sector, edition of origin and status, the conversion from pavilion "
    "consultations, commitments and investments — the same data as the fund page and "
    "`pavilion report --fund`. Amounts are strings in the fund's currency.",
)
def fund_figures(request, fund_slug: str):
    return figures.fund_report(_fund(request, fund_slug))


@router.get("/funds/{fund_slug}/commitments", response={200: list[CommitmentOut], **s.ERRORS})
@paginate(Pagination)
def list_commitments(request, fund_slug: str):
    return _fund(request, fund_slug).commitments.order_by("committed_on", "pk")


@router.post(
    "/funds/{fund_slug}/commitments",
    response={201: CommitmentOut, **s.ERRORS},
    description="A limited partner's commitment; the agency's users and operators granted "
    "`funds.change_fund`.",
)
def add_commitment(request, fund_slug: str, payload: CommitmentIn):
    commitment = services.add_commitment(
        actor=request.auth, fund=_fund(request, fund_slug), data=payload.dict()
    )
    return Status(201, commitment)


@router.get(
    "/investments",
    response={200: list[InvestmentOut], **s.ERRORS},
    description="Investments the caller may see: fund readers all of the organisation's, a "
    "company's members those in their company. `fund` filters by the fund's slug.",
)
@paginate(Pagination, serialize=investment_out)
def list_investments(request, fund: str | None = None):
    rows = (
        permissions.visible_investments(request.auth)
        .select_related("fund", "company")
        .prefetch_related("consultations__edition")
        .order_by("invested_on", "pk")
    )
    return rows.filter(fund__slug=fund) if fund else rows


@router.post(
    "/funds/{fund_slug}/investments",
    response={201: InvestmentOut, **s.ERRORS},
    description="Record an investment; `consultation_ids` cite the company's pavilion "
    "consultations it grew from. A follow-on round is a new investment.",
)
def record_investment(request, fund_slug: str, payload: InvestmentIn):
    fund = _fund(request, fund_slug)
    if not permissions.can_manage_fund(request.auth, fund):
        raise PermissionDenied
    data = payload.dict()
    cited = _cited(fund, data.pop("consultation_ids"))
    company_id = data.pop("company_id")
    data["company"] = get_object_or_404(permissions.visible_companies(request.auth), pk=company_id)
    investment = services.record_investment(
        actor=request.auth, fund=fund, data=data, consultations=cited
    )
    return Status(201, investment_out(request.auth, investment))


def _investment(request, investment_id):
    return get_object_or_404(
        permissions.visible_investments(request.auth).select_related("fund", "company"),
        pk=investment_id,
    )


@router.get("/investments/{investment_id}", response={200: InvestmentOut, **s.ERRORS})
def get_investment(request, investment_id: int):
    return investment_out(request.auth, _investment(request, investment_id))


@router.patch(
    "/investments/{investment_id}",
    response={200: InvestmentOut, **s.ERRORS},
    description="Record an exit or a write-off (status, closed_on, exit_proceeds), correct "
    "ownership or valuation, or change the cited consultations. Send only what changes.",
)
def patch_investment(request, investment_id: int, payload: InvestmentPatch):
    investment = _investment(request, investment_id)
    if not permissions.can_manage_fund(request.auth, investment.fund):
        raise PermissionDenied
    data = payload.dict(exclude_unset=True)
    ids = data.pop("consultation_ids", None)
    cited = _cited(investment.fund, ids) if ids is not None else None
    investment = services.update_investment(
        actor=request.auth, investment=investment, data=data, consultations=cited
    )
    return investment_out(request.auth, investment)
