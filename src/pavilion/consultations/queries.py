"""Reads about consultations shared by pages, the API and the KPI service.

The named filters below are the single definition of each funnel figure:
the report computes its KPIs with them and its links drill into the list
of consultations with the same names, so a figure and the records behind it
can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from pavilion.accounts import permissions
from pavilion.consultations.models import (
    FUNNEL,
    Consultation,
    ConsultationKind,
    Source,
    Stage,
    stages_from,
)
from pavilion.core import datetimes
from pavilion.partners.models import PartnerKind


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


# The list's filter parameters and their labels, in the reader's language.
FILTER_LABELS = {
    "all": _("All consultations"),
    "pursued": _("Contract-pursued"),
    "mou": _("MoUs"),
    "contract": _("Contracts"),
    "onsite_contract": _("On-site contracts"),
    "after_show_contract": _("Follow-up results"),
    "lost": _("Lost"),
    "open": _("Open deals"),
    "investment_talks": _("Investment and M&A consultations"),
    "invested": _("Consultations that led to an investment"),
}
PARAM_LABELS = {
    "filter": _("Figure"),
    "kind": _("Kind"),
    "stage": _("Stage"),
    "country": _("Country"),
    "partner_kind": _("Partner kind"),
    "company": _("Company"),
    "source": _("Source"),
    "day": _("Day"),
    "signed_by": _("Contract signed by"),
    "reached": _("Reached the stage"),
}
CHOICES = {
    "kind": ConsultationKind,
    "stage": Stage,
    "source": Source,
    "partner_kind": PartnerKind,
}


@dataclass
class ListFilter:
    """One filter of the consultation list: its parameter, value and their labels."""

    param: str
    value: object  # what the query filters on (a date for ``day``)
    label: str
    value_label: str


def list_filters(edition, params) -> list[ListFilter]:
    """Read the list's query parameters (the report's drill-down links).

    Raises ValidationError naming each parameter that is unknown or whose
    value is not one the list knows, instead of quietly showing everything.
    ``page`` belongs to the pagination and is left alone; empty values are absent.
    """
    found, errors = [], {}
    for param in params:
        if param == "page":
            continue
        text = (params.get(param) or "").strip()
        if param not in PARAM_LABELS:
            errors[param] = _("%(param)s is not a filter of this list.") % {"param": param}
            continue
        if not text:
            continue
        try:
            value, value_label = _read_filter(edition, param, text)
        except ValueError:
            errors[param] = _("%(value)s is not a valid value for %(label)s.") % {
                "value": text,
                "label": PARAM_LABELS[param],
            }
            continue
        found.append(ListFilter(param, value, str(PARAM_LABELS[param]), str(value_label)))
    if errors:
        raise ValidationError(errors)
    order = list(PARAM_LABELS)
    return sorted(found, key=lambda f: order.index(f.param))


def _read_filter(edition, param: str, text: str):
    """(value, label) of one parameter's text; ValueError when it is not one we know."""
    if param == "filter":
        if text not in FILTER_LABELS or text not in named_filters(edition):
            raise ValueError(text)
        return text, FILTER_LABELS[text]
    if param == "reached":  # a funnel step: live deals at this stage or beyond
        if text not in FUNNEL:
            raise ValueError(text)
        return text, Stage(text).label
    if param in CHOICES:
        return text, CHOICES[param](text).label  # ValueError for an unknown choice
    if param == "country":
        code = text.upper()
        name = countries.name(code)
        if not name:
            raise ValueError(text)
        return code, name
    if param == "company":
        from pavilion.companies.models import Company

        if not text.isdigit() or len(text) > 18:
            raise ValueError(text)
        company = Company.objects.filter(
            pk=int(text), organisation_id=edition.show.organisation_id
        ).first()
        if company is None:
            raise ValueError(text)
        return company.pk, company.name
    day = date.fromisoformat(text)  # "day" and "signed_by"
    return day, datetimes.format_date(day)


def consultation_list(user, edition, filters: list[ListFilter]) -> QuerySet[Consultation]:
    """Consultations of an edition, narrowed by :func:`list_filters`.

    ``filter`` is one of :func:`named_filters`; the other parameters narrow
    by a breakdown dimension (kind, stage, country, partner_kind, company, day).
    """
    rows = (
        visible_consultations(user)
        .filter(edition=edition)
        .select_related("company", "partner", "contact")
        .order_by("-occurred_at", "-id")
    )
    for f in filters:
        if f.param == "filter":
            rows = rows.filter(named_filters(edition)[f.value])
        elif f.param == "day":
            start, end = day_bounds(edition, f.value)
            rows = rows.filter(occurred_at__gte=start, occurred_at__lt=end)
        elif f.param == "reached":
            rows = rows.filter(stage__in=stages_from(f.value))
        elif f.param == "signed_by":  # a follow-up round's contracts, by its due date
            rows = rows.filter(contract_signed_on__lte=f.value)
        else:
            rows = rows.filter(**{DIMENSION_FIELDS[f.param]: f.value})
    return rows


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
