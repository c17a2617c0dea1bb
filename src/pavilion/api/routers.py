"""The /api/v1/ endpoints. Every read goes through accounts.permissions; writes call
the same services as the pages."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from pavilion.accounts import permissions
from pavilion.accounts import services as account_services
from pavilion.api import schemas as s
from pavilion.companies import services as company_services
from pavilion.companies.models import Award, Sector
from pavilion.partners import services as partner_services

router = Router()
ERRORS = {401: s.ErrorOut, 403: s.ErrorOut, 404: s.ErrorOut, 422: s.ErrorOut}


@router.get("/me", response={200: s.Me, **ERRORS}, tags=["accounts"])
def me(request):
    return request.auth


# --- editions ----------------------------------------------------------------


def _edition_out(edition) -> dict:
    return {**edition.__dict__, "show": edition.show.name}


@router.get("/editions", response=list[s.EditionOut], tags=["shows"])
def list_editions(request):
    return [_edition_out(e) for e in permissions.visible_editions(request.auth)]


@router.get("/editions/{slug}", response={200: s.EditionDetail, **ERRORS}, tags=["shows"])
def get_edition(request, slug: str):
    edition = get_object_or_404(permissions.visible_editions(request.auth), slug=slug)
    data = _edition_out(edition)
    data["pavilions"] = list(edition.pavilions.all())
    if permissions.can_view_edition_dashboard(request.auth, edition):
        data["fx_rates"] = list(edition.fx_rates.all())
    return data


class ParticipationFilter(Schema):
    status: str | None = None


@router.get(
    "/editions/{slug}/participations",
    response={200: list[s.ParticipationOut], **ERRORS},
    tags=["shows"],
)
@paginate(LimitOffsetPagination)
def list_participations(request, slug: str, filters: Query[ParticipationFilter]):
    edition = get_object_or_404(permissions.visible_editions(request.auth), slug=slug)
    rows = (
        permissions.visible_participations(request.auth)
        .filter(edition=edition)
        .select_related("company", "edition", "pavilion", "booth")
        .prefetch_related(Prefetch("awards", queryset=Award.objects.order_by("category")))
        .order_by("company__name_en")
    )
    if filters.status:
        rows = rows.filter(status=filters.status)
    return [
        {
            "id": p.pk,
            "company_id": p.company_id,
            "company": p.company.name_en,
            "edition": p.edition.slug,
            "pavilion": p.pavilion.slug if p.pavilion else None,
            "status": p.status,
            "booth": p.booth.number if p.booth else None,
            "awards": list(p.awards.all()),
        }
        for p in rows
    ]


# --- companies ---------------------------------------------------------------

PRIVATE_COMPANY_FIELDS = ("ceo_name", "contact_email", "contact_phone", "employees")


def company_out(user, company) -> dict:
    data = {f: getattr(company, f) for f in s.CompanyOut.model_fields if hasattr(company, f)}
    data["sectors"] = [sector.slug for sector in company.sectors.all()]
    if permissions.can_view_company_private(user, company):
        data["business_registration_number"] = company.brn_display
    else:
        for name in PRIVATE_COMPANY_FIELDS:
            data[name] = None
        data["business_registration_number"] = None
    if not permissions.is_staff_reader(user):
        data["internal_notes"] = None
    return data


class CompanyFilter(Schema):
    q: str | None = None
    sector: str | None = None
    edition: str | None = None
    award: bool | None = None
    has_booth: bool | None = None


@router.get("/companies", response=list[s.CompanyOut], tags=["companies"])
@paginate(LimitOffsetPagination)
def list_companies(request, filters: Query[CompanyFilter]):
    user = request.auth
    rows = permissions.visible_companies(user).prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.order_by("slug"))
    )
    parts = permissions.visible_participations(user)
    if filters.edition:
        parts = parts.filter(edition__slug=filters.edition)
        rows = rows.filter(Exists(parts.filter(company=OuterRef("pk"))))
    if filters.q:
        rows = rows.filter(Q(name_en__icontains=filters.q) | Q(name_ko__icontains=filters.q))
    if filters.sector:
        in_sector = Sector.objects.filter(companies=OuterRef("pk"), slug=filters.sector)
        rows = rows.filter(Exists(in_sector))
    if filters.award is not None:
        has_award = Exists(
            Award.objects.filter(participation__in=parts, participation__company=OuterRef("pk"))
        )
        rows = rows.filter(has_award if filters.award else ~has_award)
    if filters.has_booth is not None:
        booked = Exists(parts.filter(company=OuterRef("pk"), booth__isnull=False))
        rows = rows.filter(booked if filters.has_booth else ~booked)
    return [company_out(user, c) for c in rows.order_by("name_en", "pk")]


@router.get("/companies/{company_id}", response={200: s.CompanyOut, **ERRORS}, tags=["companies"])
def get_company(request, company_id: int):
    company = get_object_or_404(permissions.visible_companies(request.auth), pk=company_id)
    return company_out(request.auth, company)


@router.patch(
    "/companies/{company_id}",
    response={200: s.CompanyOut, **ERRORS},
    tags=["companies"],
    description="Exhibitors change their own company's profile; operators may also change "
    "the registration number and internal notes. Officials and partners may not change it.",
)
def patch_company(request, company_id: int, payload: s.CompanyPatch):
    company = get_object_or_404(permissions.visible_companies(request.auth), pk=company_id)
    company = company_services.update_company_profile(
        actor=request.auth, company=company, data=payload.dict(exclude_unset=True)
    )
    return company_out(request.auth, company)


# --- partners ----------------------------------------------------------------


def partner_out(user, partner) -> dict:
    data = {
        "id": partner.pk,
        "name": partner.name,
        "country": partner.country.code,
        "kind": partner.kind,
        "website": partner.website,
        "description": partner.description,
        "interests": partner.interests,
        "sectors": [sector.slug for sector in partner.sectors.all()],
    }
    if permissions.can_view_partner_private(user, partner):
        data["contacts"] = list(partner.contacts.all())
    if permissions.is_staff_reader(user):
        data["internal_notes"] = partner.internal_notes
    return data


class PartnerFilter(Schema):
    q: str | None = None
    kind: str | None = None
    country: str | None = None


@router.get("/partners", response=list[s.PartnerOut], tags=["partners"])
@paginate(LimitOffsetPagination)
def list_partners(request, filters: Query[PartnerFilter]):
    from pavilion.partners.queries import partner_directory

    rows = partner_directory(
        request.auth, q=filters.q or "", kind=filters.kind or "", country=filters.country or ""
    ).prefetch_related("contacts")
    return [partner_out(request.auth, p) for p in rows]


@router.get("/partners/{partner_id}", response={200: s.PartnerOut, **ERRORS}, tags=["partners"])
def get_partner(request, partner_id: int):
    partner = get_object_or_404(permissions.visible_partners(request.auth), pk=partner_id)
    return partner_out(request.auth, partner)


@router.patch("/partners/{partner_id}", response={200: s.PartnerOut, **ERRORS}, tags=["partners"])
def patch_partner(request, partner_id: int, payload: s.PartnerPatch):
    partner = get_object_or_404(permissions.visible_partners(request.auth), pk=partner_id)
    partner = partner_services.update_partner_profile(
        actor=request.auth, partner=partner, data=payload.dict(exclude_unset=True)
    )
    return partner_out(request.auth, partner)


@router.get(
    "/partners/{partner_id}/contacts",
    response={200: list[s.ContactOut], **ERRORS},
    tags=["partners"],
)
def list_contacts(request, partner_id: int):
    partner = get_object_or_404(permissions.visible_partners(request.auth), pk=partner_id)
    return list(permissions.visible_contacts(request.auth).filter(partner=partner))


@router.post(
    "/partners/{partner_id}/contacts",
    response={201: s.ContactOut, **ERRORS},
    tags=["partners"],
)
def add_contact(request, partner_id: int, payload: s.ContactIn):
    partner = get_object_or_404(permissions.visible_partners(request.auth), pk=partner_id)
    contact = partner_services.add_contact(actor=request.auth, partner=partner, data=payload.dict())
    return Status(201, contact)


@router.get("/sectors", response=list[s.SectorOut], tags=["companies"])
def list_sectors(request):
    return list(Sector.objects.order_by("slug"))


# --- tokens ------------------------------------------------------------------


@router.get("/tokens", response=list[s.TokenOut], tags=["accounts"])
def list_tokens(request):
    return list(request.auth.api_tokens.order_by("-created_at"))


@router.post("/tokens", response={201: s.TokenCreated, **ERRORS}, tags=["accounts"])
def create_token(request, payload: s.TokenIn):
    token, raw = account_services.issue_api_token(actor=request.auth, name=payload.name)
    return Status(201, {**token.__dict__, "key": raw})


@router.delete("/tokens/{token_id}", response={204: None, **ERRORS}, tags=["accounts"])
def revoke_token(request, token_id: int):
    token = get_object_or_404(request.auth.api_tokens, pk=token_id)
    account_services.revoke_api_token(actor=request.auth, token=token)
    return Status(204, None)
