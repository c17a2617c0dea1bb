"""Companies (the exhibitors' profiles) and the sectors they are filed under."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from pavilion.accounts import permissions
from pavilion.api import schemas as s
from pavilion.api.pagination import Pagination
from pavilion.companies import services
from pavilion.companies.models import Award, Sector

router = Router(tags=["companies"])

# Shown to the company's own members and the organisation's staff only.
PRIVATE_FIELDS = ("ceo_name", "contact_email", "contact_phone", "employees")


def company_out(user, company) -> dict:
    """The company as ``user`` may see it: private fields are None otherwise."""
    data = {name: getattr(company, name) for name in s.CompanyOut.model_fields if name != "sectors"}
    data["sectors"] = [sector.slug for sector in company.sectors.all()]
    data["target_markets"] = [country.code for country in company.target_markets]
    if permissions.can_view_company_private(user, company):
        data["business_registration_number"] = company.brn_display
    else:
        data.update(dict.fromkeys(PRIVATE_FIELDS))
        data["business_registration_number"] = None
    if not permissions.can_read_organisation(user, company.organisation_id):
        data["internal_notes"] = None
    return data


class CompanyFilter(Schema):
    q: str | None = None
    sector: str | None = None
    edition: str | None = None
    award: bool | None = None
    has_booth: bool | None = None


@router.get(
    "/companies",
    response={200: list[s.CompanyOut], **s.ERRORS},
    description="Companies the caller may see. `q` searches the English and Korean names; "
    "`sector` is a sector slug; `edition` an edition slug (companies taking part in it); "
    "`award` and `has_booth` look at the participations the caller may see.",
)
@paginate(Pagination, serialize=company_out)
def list_companies(request, filters: Query[CompanyFilter]):
    user = request.auth
    rows = permissions.visible_companies(user).prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.order_by("slug"))
    )
    # Awards and booths only count through participations the caller may see,
    # so a filter cannot reveal an applied company's booth to an outsider.
    parts = permissions.visible_participations(user)
    if filters.edition:
        parts = parts.filter(edition__slug=filters.edition)
        rows = rows.filter(Exists(parts.filter(company=OuterRef("pk"))))
    if filters.q:
        rows = rows.filter(Q(name_en__icontains=filters.q) | Q(name_ko__icontains=filters.q))
    if filters.sector:
        rows = rows.filter(
            Exists(Sector.objects.filter(companies=OuterRef("pk"), slug=filters.sector))
        )
    if filters.award is not None:
        has_award = Exists(
            Award.objects.filter(participation__in=parts, participation__company=OuterRef("pk"))
        )
        rows = rows.filter(has_award if filters.award else ~has_award)
    if filters.has_booth is not None:
        booked = Exists(parts.filter(company=OuterRef("pk"), booth__isnull=False))
        rows = rows.filter(booked if filters.has_booth else ~booked)
    return rows.order_by("name_en", "pk")


@router.get("/companies/{company_id}", response={200: s.CompanyOut, **s.ERRORS})
def get_company(request, company_id: int):
    company = get_object_or_404(permissions.visible_companies(request.auth), pk=company_id)
    return company_out(request.auth, company)


@router.patch(
    "/companies/{company_id}",
    response={200: s.CompanyOut, **s.ERRORS},
    description="Change a company's profile; send only the fields to change, `sectors` as a "
    "list of sector slugs. The company's own members (exhibitors) change the profile and "
    "contact fields; the organisation's operators may also change "
    "`business_registration_number` and `internal_notes`. A field the caller may not "
    "change answers 422 naming it. Officials and partners may not change companies (403).",
)
def patch_company(request, company_id: int, payload: s.CompanyPatch):
    company = get_object_or_404(permissions.visible_companies(request.auth), pk=company_id)
    company = services.update_company_profile(
        actor=request.auth, company=company, data=payload.dict(exclude_unset=True)
    )
    return company_out(request.auth, company)


@router.get("/sectors", response={200: list[s.SectorOut], **s.ERRORS})
@paginate(Pagination)
def list_sectors(request):
    # Sectors are a shared vocabulary, not any organisation's records.
    return Sector.objects.order_by("slug")
