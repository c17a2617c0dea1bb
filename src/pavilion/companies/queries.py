"""Reads about companies shared by pages, the API and reports."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from pavilion.accounts import permissions
from pavilion.companies.models import Award, Participation, Sector


@dataclass(frozen=True)
class CatalogueFilter:
    q: str = ""
    sector: str = ""
    award: bool = False
    booth: str = ""  # "yes", "no" or a booth number
    status: str = ""  # staff only

    @classmethod
    def from_query(cls, params) -> CatalogueFilter:
        return cls(
            q=params.get("q", "").strip()[:100],
            sector=params.get("sector", "").strip(),
            award=params.get("award") in {"1", "yes", "on", "true"},
            booth=params.get("booth", "").strip()[:20],
            status=params.get("status", "").strip(),
        )


def catalogue(user, edition, filters: CatalogueFilter) -> QuerySet[Participation]:
    """The companies of an edition a user may browse: one participation row per company.

    Goes through permissions.visible_participations, so exhibitors and partners
    only ever see selected/confirmed companies of their own organisation.
    """
    rows = (
        permissions.visible_participations(user)
        .filter(edition=edition)
        .select_related("company", "booth", "pavilion")
        .prefetch_related(
            Prefetch("company__sectors", queryset=Sector.objects.order_by("name_en")),
            Prefetch("awards", queryset=Award.objects.order_by("category")),
        )
        .annotate(has_award=Exists(Award.objects.filter(participation=OuterRef("pk"))))
    )
    if filters.q:
        rows = rows.filter(
            Q(company__name_en__icontains=filters.q)
            | Q(company__name_ko__icontains=filters.q)
            | Q(company__description_en__icontains=filters.q)
            | Q(company__description_ko__icontains=filters.q)
            | Q(booth__number__iexact=filters.q)
        )
    if filters.sector:
        rows = rows.filter(
            Exists(Sector.objects.filter(companies=OuterRef("company_id"), slug=filters.sector))
        )
    if filters.award:
        rows = rows.filter(has_award=True)
    if filters.booth == "yes":
        rows = rows.filter(booth__isnull=False)
    elif filters.booth == "no":
        rows = rows.filter(booth__isnull=True)
    elif filters.booth:
        rows = rows.filter(booth__number__iexact=filters.booth)
    if filters.status and permissions.is_staff_reader(user):
        rows = rows.filter(status=filters.status)
    return rows.order_by("company__name_en")


def sectors_in_edition(edition) -> QuerySet[Sector]:
    return Sector.objects.filter(companies__participations__edition=edition).distinct()


def sector_lookup() -> dict[str, Sector]:
    """Every sector by its code, English and Korean name (lower case): a sheet names them."""
    lookup = {}
    for sector in Sector.objects.all():
        for key in (sector.slug, sector.name_en, sector.name_ko):
            lookup[key.lower()] = sector
    return lookup
