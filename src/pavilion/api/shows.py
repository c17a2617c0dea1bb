"""Editions and who takes part in them."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from pavilion.accounts import permissions
from pavilion.api import schemas as s
from pavilion.api.pagination import Pagination
from pavilion.companies.models import Award, ParticipationStatus

router = Router(tags=["shows"])


def edition_out(user, edition) -> dict:
    return {**edition.__dict__, "show": edition.show.name}


@router.get("/editions", response={200: list[s.EditionOut], **s.ERRORS})
@paginate(Pagination, serialize=edition_out)
def list_editions(request):
    return permissions.visible_editions(request.auth).order_by("-start_date", "pk")


@router.get(
    "/editions/{slug}",
    response={200: s.EditionDetail, **s.ERRORS},
    description="An edition with its pavilions; FX rates only for the organisation's staff.",
)
def get_edition(request, slug: str):
    edition = get_object_or_404(permissions.visible_editions(request.auth), slug=slug)
    data = edition_out(request.auth, edition)
    data["pavilions"] = list(edition.pavilions.order_by("name"))
    if permissions.can_view_edition_dashboard(request.auth, edition):
        data["fx_rates"] = list(edition.fx_rates.order_by("currency"))
    return data


class ParticipationFilter(Schema):
    status: ParticipationStatus | None = None


def participation_out(user, p) -> dict:
    return {
        "id": p.pk,
        "company_id": p.company_id,
        "company": p.company.name_en,
        "edition": p.edition.slug,
        "pavilion": p.pavilion.slug if p.pavilion else None,
        "status": p.status,
        "booth": p.booth.number if p.booth else None,
        "awards": list(p.awards.all()),
    }


@router.get(
    "/editions/{slug}/participations",
    response={200: list[s.ParticipationOut], **s.ERRORS},
    description="Companies taking part in the edition. Staff see every status; "
    "exhibitors and partners the catalogue (selected, confirmed) and an exhibitor "
    "also its own company's participation.",
)
@paginate(Pagination, serialize=participation_out)
def list_participations(request, slug: str, filters: Query[ParticipationFilter]):
    edition = get_object_or_404(permissions.visible_editions(request.auth), slug=slug)
    rows = (
        permissions.visible_participations(request.auth)
        .filter(edition=edition)
        .select_related("company", "edition", "pavilion", "booth")
        .prefetch_related(Prefetch("awards", queryset=Award.objects.order_by("category", "pk")))
        .order_by("company__name_en", "pk")
    )
    if filters.status:
        rows = rows.filter(status=filters.status)
    return rows
