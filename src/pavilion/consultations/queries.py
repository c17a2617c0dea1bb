"""Reads about consultations shared by pages, the API and the KPI service.

The named filters below are the single definition of each funnel figure:
the report computes its KPIs with them and its links drill into the list
of consultations with the same names, so a figure and the records behind it
can never disagree.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet

from pavilion.accounts import permissions
from pavilion.consultations.models import Consultation, ConsultationKind, Stage, stages_from


def named_filters(edition) -> dict[str, Q]:
    """The filters a report figure can drill into, by name."""
    return {
        "all": Q(),
        "pursued": Q(stage__in=stages_from(Stage.NEGOTIATING)),
        "mou": Q(mou_signed_on__isnull=False),
        "contract": Q(contract_signed_on__isnull=False),
        "onsite_contract": Q(
            contract_signed_on__gte=edition.start_date, contract_signed_on__lte=edition.end_date
        ),
        "after_show_contract": Q(contract_signed_on__gt=edition.end_date),
        "lost": Q(stage=Stage.LOST),
        "open": ~Q(stage__in=[Stage.LOST, Stage.CONTRACT]),
        "investment_talks": Q(kind__in=[ConsultationKind.INVESTMENT, ConsultationKind.MNA]),
        # cited by a fund's investment (pavilion.funds): what grew out of the show
        "invested": Q(pk__in=Consultation.investments.through.objects.values("consultation_id")),
    }


def visible_consultations(user) -> QuerySet[Consultation]:
    """Staff read their organisation's consultations; an exhibitor its company's;
    a partner user those it took part in."""
    return permissions.visible_between_parties(
        user, Consultation.objects.all(), organisation_path="edition__show__organisation_id"
    )


def consultation_list(user, edition, params) -> QuerySet[Consultation]:
    """Consultations of an edition, filtered by the query parameters a report links with.

    ``filter`` is one of :func:`named_filters`; the other parameters narrow
    by a breakdown dimension (kind, stage, country, partner_kind, company, day).
    """
    rows = (
        visible_consultations(user)
        .filter(edition=edition)
        .select_related("company", "partner", "contact")
        .order_by("-occurred_at", "-id")
    )
    filters = named_filters(edition)
    if (name := params.get("filter")) in filters:
        rows = rows.filter(filters[name])
    for param, field in DIMENSION_FIELDS.items():
        value = params.get(param)
        if value:
            rows = rows.filter(**{field: value})
    if day := _parse_day(params.get("day")):
        start, end = day_bounds(edition, day)
        rows = rows.filter(occurred_at__gte=start, occurred_at__lt=end)
    return rows


def _parse_day(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def day_bounds(edition, day: date) -> tuple[datetime, datetime]:
    """A show day runs midnight to midnight in the show's own time zone."""
    start = datetime.combine(day, time.min, tzinfo=edition.tzinfo)
    return start, start + timedelta(days=1)


# Breakdown dimension → the field it groups on.
DIMENSION_FIELDS = {
    "kind": "kind",
    "stage": "stage",
    "country": "partner__country",
    "partner_kind": "partner__kind",
    "company": "company_id",
    "source": "source",
}
