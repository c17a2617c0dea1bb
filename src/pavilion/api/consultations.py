"""Consultations (상담) and their follow-ups, and visitor tallies: what an integration cites.

Reads go through the consultation list's own query and filters
(consultations.queries), writes through the services the pages use, so the
API and the pages cannot drift: staff read their organisation's, an exhibitor
its company's, a partner user those it took part in; operators log and
correct any of their organisation's, an exhibitor its own company's.
"""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from pavilion.accounts import permissions
from pavilion.api import schemas as s
from pavilion.api.pagination import Pagination
from pavilion.companies.models import Company
from pavilion.consultations import queries, services, tallies
from pavilion.consultations.models import (
    ConsultationKind,
    FollowUp,
    FollowUpKind,
    Source,
    Stage,
    Tally,
)
from pavilion.partners.models import Contact, Partner

router = Router(tags=["consultations"])
# A closed edition refuses exhibitors' writes with 409 edition_closed (api/errors.py).
WRITE_ERRORS = {**s.ERRORS, 409: s.ErrorOut}


class ConsultationOut(Schema):
    id: int
    edition: str
    company_id: int
    company: str
    partner_id: int
    partner: str
    contact_id: int | None
    contact: str | None
    occurred_at: datetime
    kind: str
    amount: Decimal | None
    currency: str
    stage: str
    source: str
    notes: str
    mou_signed_on: date | None
    contract_signed_on: date | None


class ConsultationIn(Schema):
    company_id: s.Id | None = None  # an exhibitor logs for its own company
    partner_id: s.Id
    contact_id: s.Id | None = None
    kind: ConsultationKind
    occurred_at: datetime
    currency: str | None = Field(None, max_length=3)  # default: the edition's usual one
    amount: Decimal | None = Field(None, ge=0)
    stage: Stage = Stage.CONSULTED
    source: Source = Source.WALK_IN
    notes: str = ""


class ConsultationPatch(Schema):
    partner_id: s.Id = s.omittable()
    contact_id: s.Id | None = None
    kind: ConsultationKind = s.omittable()
    occurred_at: datetime = s.omittable()
    currency: str = s.omittable(max_length=3)
    amount: Decimal | None = Field(None, ge=0)
    source: Source = s.omittable()
    notes: str = s.omittable()


class FollowUpOut(Schema):
    id: int
    consultation_id: int
    date: date
    kind: str
    outcome: str
    stage_before: str
    stage_after: str
    amount: Decimal | None
    currency: str
    next_step: str


class FollowUpIn(Schema):
    date: date
    kind: FollowUpKind
    outcome: str = ""
    stage: Stage | None = None
    amount: Decimal | None = Field(None, ge=0)
    next_step: str = Field("", max_length=300)


class ConsultationFilter(Schema):
    """The consultation list page's parameters (the report's drill-down names)."""

    filter: str | None = None
    kind: str | None = None
    stage: str | None = None
    country: str | None = None
    partner_kind: str | None = None
    company: str | None = None
    source: str | None = None
    day: str | None = None
    signed_by: str | None = None
    reached: str | None = None


def consultation_out(c) -> dict:
    return {
        "id": c.pk,
        "edition": c.edition.slug,
        "company_id": c.company_id,
        "company": c.company.name_en,
        "partner_id": c.partner_id,
        "partner": c.partner.name,
        "contact_id": c.contact_id,
        "contact": c.contact.name if c.contact_id else None,
        **{
            name: getattr(c, name)
            for name in (
                "occurred_at",
                "kind",
                "amount",
                "currency",
                "stage",
                "source",
                "notes",
                "mou_signed_on",
                "contract_signed_on",
            )
        },
    }


def _edition(request, slug):
    return get_object_or_404(permissions.visible_editions(request.auth), slug=slug)


def _consultation(request, consultation_id):
    rows = queries.visible_consultations(request.auth).select_related(
        "edition__show", "company", "partner", "contact"
    )
    return get_object_or_404(rows, pk=consultation_id)


def _parties(edition, *, partner_id=None, contact_id=None, company_id=None):
    """Look the parties up in the edition's organisation; unknown ids answer 422."""
    org = edition.show.organisation_id
    found, errors = {}, {}
    lookups = (
        ("company", company_id, Company.objects.filter(organisation_id=org), _("No such company.")),
        (
            "partner",
            partner_id,
            Partner.objects.filter(organisation_id=org),
            _("No such buyer or investor."),
        ),
        (
            "contact",
            contact_id,
            Contact.objects.filter(partner__organisation_id=org),
            _("No such contact."),
        ),
    )
    for name, pk, rows, unknown in lookups:
        if pk is not None:
            found[name] = rows.filter(pk=pk).first()
            if found[name] is None:
                errors[f"{name}_id"] = unknown
    if errors:
        raise ValidationError(errors)
    return found


@router.get(
    "/editions/{slug}/consultations",
    response={200: list[ConsultationOut], **s.ERRORS},
    description="The edition's consultations the caller may see, newest first. The filters "
    "are the consultation list page's: `filter` a report figure (pursued, mou, contract, "
    "onsite_contract, after_show_contract, lost, open, investment_talks, invested), `kind`, "
    "`stage`, `country`, `partner_kind`, `company` (an id), `source`, `day` and `signed_by` "
    "(dates), `reached` (a funnel stage). An unknown value answers 422 naming it.",
)
@paginate(Pagination, serialize=lambda user, c: consultation_out(c))
def list_consultations(request, slug: str, filters: Query[ConsultationFilter]):
    edition = _edition(request, slug)
    params = {k: v for k, v in filters.dict().items() if v is not None}
    found = queries.list_filters(edition, params)
    return queries.consultation_list(request.auth, edition, found).select_related("edition")


@router.post(
    "/editions/{slug}/consultations",
    response={201: ConsultationOut, **WRITE_ERRORS},
    description="Log a consultation. Operators for any company of their organisation, an "
    "exhibitor for its own company (`company_id` may be left out); `occurred_at` must fall "
    "on a day of the show; `currency` defaults to the edition's usual one. A closed edition "
    "answers 409 edition_closed to everyone but its operators.",
)
def log_consultation(request, slug: str, payload: ConsultationIn):
    edition = _edition(request, slug)
    data = payload.dict()
    company_id = data.pop("company_id")
    if request.auth.is_exhibitor:
        company_id = company_id or request.auth.company_id
    elif company_id is None:
        raise ValidationError({"company_id": _("Choose the company.")})
    data["currency"] = data["currency"] or services.default_currency(edition)
    parties = _parties(
        edition,
        company_id=company_id,
        partner_id=data.pop("partner_id"),
        contact_id=data.pop("contact_id"),
    )
    consultation = services.log_consultation(actor=request.auth, edition=edition, **parties, **data)
    return 201, consultation_out(consultation)


@router.get("/consultations/{consultation_id}", response={200: ConsultationOut, **s.ERRORS})
def get_consultation(request, consultation_id: int):
    return consultation_out(_consultation(request, consultation_id))


@router.patch(
    "/consultations/{consultation_id}",
    response={200: ConsultationOut, **WRITE_ERRORS},
    description="Correct a consultation's facts; send only the fields to change. The stage "
    "moves with follow-ups (POST …/follow-ups), not here.",
)
def correct_consultation(request, consultation_id: int, payload: ConsultationPatch):
    consultation = _consultation(request, consultation_id)
    changes = payload.dict(exclude_unset=True)
    ids = {name: changes.pop(name) for name in ("partner_id", "contact_id") if name in changes}
    changes.update(_parties(consultation.edition, **{k: v for k, v in ids.items() if v}))
    if "contact_id" in ids and ids["contact_id"] is None:
        changes["contact"] = None
    consultation = services.correct_consultation(
        actor=request.auth, consultation=consultation, **changes
    )
    return consultation_out(consultation)


@router.get(
    "/consultations/{consultation_id}/follow-ups",
    response={200: list[FollowUpOut], **s.ERRORS},
)
@paginate(Pagination)
def list_follow_ups(request, consultation_id: int):
    consultation = _consultation(request, consultation_id)
    return FollowUp.objects.filter(consultation=consultation).order_by("date", "id")


@router.post(
    "/consultations/{consultation_id}/follow-ups",
    response={201: FollowUpOut, **WRITE_ERRORS},
    description="Add a dated follow-up (its real date); it moves the consultation's stage "
    "(`stage`, or the signing a kind `mou_signed` / `contract_signed` records) and amount.",
)
def add_follow_up(request, consultation_id: int, payload: FollowUpIn):
    consultation = _consultation(request, consultation_id)
    follow_up = services.add_follow_up(
        actor=request.auth, consultation=consultation, **payload.dict()
    )
    return 201, follow_up


# --- visitor tallies -------------------------------------------------------------
# Hand counts of visitors at a place on a show day, for those no badge scan
# counted. Staff of the organisation read them (the visitors page's figures);
# its operators record and correct them.


class TallyOut(Schema):
    id: int
    edition: str
    day: date
    place: str
    count: int
    note: str


class TallyIn(Schema):
    day: date
    place: str = Field(..., min_length=1, max_length=100)
    count: int = Field(..., ge=0, le=tallies.MAX_COUNT)
    note: str = Field("", max_length=300)


class TallyPatch(Schema):
    day: date = s.omittable()
    place: str = s.omittable(min_length=1, max_length=100)
    count: int = s.omittable(ge=0, le=tallies.MAX_COUNT)
    note: str = s.omittable(max_length=300)


def tally_out(t) -> dict:
    return {
        "id": t.pk,
        "edition": t.edition.slug,
        **{name: getattr(t, name) for name in ("day", "place", "count", "note")},
    }


def _staff_edition(request, slug):
    edition = _edition(request, slug)
    if not permissions.can_view_edition_dashboard(request.auth, edition):
        raise PermissionDenied
    return edition


@router.get(
    "/editions/{slug}/tallies",
    response={200: list[TallyOut], **s.ERRORS},
    description="The edition's visitor tallies (hand counts), by day and place. Staff of "
    "the organisation only.",
)
@paginate(Pagination, serialize=lambda user, t: tally_out(t))
def list_tallies(request, slug: str):
    edition = _staff_edition(request, slug)
    return (
        Tally.objects.filter(edition=edition)
        .select_related("edition")
        .order_by("day", "place", "pk")
    )


@router.post(
    "/editions/{slug}/tallies",
    response={200: TallyOut, 201: TallyOut, **s.ERRORS},
    description="Set the count of a place on a show day. A place and day already counted "
    "gets the new count (answer 200), as entering it again on the visitors page does; a "
    "new one answers 201. Operators only.",
)
def record_tally(request, slug: str, payload: TallyIn):
    edition = _staff_edition(request, slug)
    existed = Tally.objects.filter(
        edition=edition, day=payload.day, place=payload.place.strip()
    ).exists()
    tally = tallies.record_tally(actor=request.auth, edition=edition, **payload.dict())
    return (200 if existed else 201), tally_out(tally)


@router.patch(
    "/tallies/{tally_id}",
    response={200: TallyOut, **s.ERRORS},
    description="Correct a tally; send only the fields to change. Operators only.",
)
def correct_tally(request, tally_id: int, payload: TallyPatch):
    visible = Tally.objects.filter(
        edition__in=permissions.visible_editions(request.auth)
    ).select_related("edition__show")
    tally = get_object_or_404(visible, pk=tally_id)
    if not permissions.can_view_edition_dashboard(request.auth, tally.edition):
        raise PermissionDenied
    tally = tallies.correct_tally(
        actor=request.auth, tally=tally, **payload.dict(exclude_unset=True)
    )
    return tally_out(tally)
