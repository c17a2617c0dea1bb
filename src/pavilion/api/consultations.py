"""API for logging consultations, behind the same service and checks as the log page.

A closed edition answers 409 with code ``edition_closed`` to everyone but its
operators (whose changes are flagged on the report).
"""

from datetime import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from pavilion.accounts import permissions
from pavilion.api import schemas as s
from pavilion.consultations import services
from pavilion.consultations.models import ConsultationKind, Source, Stage

router = Router(tags=["consultations"])
ERRORS = {**s.ERRORS, 409: s.ErrorOut}


class ConsultationIn(Schema):
    company_id: int | None = None  # an exhibitor logs for its own company
    partner_id: int
    kind: ConsultationKind
    occurred_at: datetime
    currency: str = "USD"
    amount: Decimal | None = None
    stage: Stage = Stage.CONSULTED
    source: Source = Source.WALK_IN
    notes: str = ""


class ConsultationOut(Schema):
    id: int
    company_id: int
    partner_id: int
    kind: str
    stage: str
    occurred_at: datetime
    amount: Decimal | None
    currency: str


@router.post(
    "/editions/{slug}/consultations",
    response={201: ConsultationOut, **ERRORS},
    description="Log a consultation (operators for their organisation's companies, "
    "exhibitors for their own). A closed edition answers 409 edition_closed.",
)
def log(request, slug: str, payload: ConsultationIn):
    user = request.auth
    edition = get_object_or_404(permissions.visible_editions(user), slug=slug)
    company_id = user.company_id if user.is_exhibitor else payload.company_id
    company = get_object_or_404(permissions.visible_companies(user), pk=company_id)
    partner = get_object_or_404(permissions.visible_partners(user), pk=payload.partner_id)
    consultation = services.log_consultation(
        actor=user,
        edition=edition,
        company=company,
        partner=partner,
        kind=payload.kind,
        occurred_at=payload.occurred_at,
        currency=payload.currency,
        amount=payload.amount,
        stage=payload.stage,
        source=payload.source,
        notes=payload.notes,
    )
    return Status(201, consultation)
