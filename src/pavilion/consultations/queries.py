"""Reads about consultations shared by pages, the API and the KPI service.

The named filters below are the single definition of each funnel figure:
the report computes its KPIs with them and its links drill into the list
of consultations with the same names, so a figure and the records behind it
can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

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
    ``page`` (pagination) and ``sort`` (:func:`list_order`) are left alone;
    empty values are absent.
    """
    found, errors = [], {}
    for param in params:
        if param in ("page", "sort"):
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


# The list's sort orders: ``sort`` parameter → label. The amount sorts by the
# amount converted at the edition's rates, so USD and KRW deals compare.
SORTS = {
    "-when": _("Newest first"),
    "when": _("Oldest first"),
    "-amount": _("Largest amount first"),
    "amount": _("Smallest amount first"),
    "company": _("Company"),
    "partner": _("Buyer or investor"),
    "stage": _("Stage"),
}


def list_order(sort: str | None) -> str:
    """The sort order named by the list's ``sort`` parameter (newest first by default);
    ValidationError for one the list does not know."""
    if not sort:
        return "-when"
    if sort not in SORTS:
        raise ValidationError(
            {
                "sort": _("%(value)s is not a valid value for %(label)s.")
                % {"value": sort, "label": _("Sort")}
            }
        )
    return sort


def _ordered(rows: QuerySet[Consultation], edition, order: str) -> QuerySet[Consultation]:
    from django.db.models import Case, DecimalField, F, Value, When

    descending = order.startswith("-")
    field = order.lstrip("-")
    if field == "amount":
        from pavilion.shows.fx import Converter

        rates = Converter(edition).rates
        converted = Case(
            *[
                When(currency=code, then=F("amount") * Value(rate))
                for code, rate in sorted(rates.items())
            ],
            default=None,
            output_field=DecimalField(max_digits=40, decimal_places=10),
        )
        rows = rows.annotate(converted_amount=converted)
        key = F("converted_amount")
        key = key.desc(nulls_last=True) if descending else key.asc(nulls_last=True)
        return rows.order_by(key, "-occurred_at", "-id")
    keys = {
        "when": ["occurred_at", "id"],
        "company": ["company__name_en", "occurred_at", "id"],
        "partner": ["partner__name", "occurred_at", "id"],
        "stage": ["stage", "occurred_at", "id"],
    }[field]
    if descending:
        keys = [f"-{k}" for k in keys]
    return rows.order_by(*keys)


def consultation_list(
    user, edition, filters: list[ListFilter], *, order: str = "-when"
) -> QuerySet[Consultation]:
    """Consultations of an edition, narrowed by :func:`list_filters`, in ``order``
    (:func:`list_order`).

    ``filter`` is one of :func:`named_filters`; the other parameters narrow
    by a breakdown dimension (kind, stage, country, partner_kind, company, day).
    """
    rows = _ordered(
        visible_consultations(user)
        .filter(edition=edition)
        .select_related("company", "partner", "contact"),
        edition,
        order,
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


@dataclass
class ConvertedTotal:
    """The total row of a record list: what the report figure of the same filter shows."""

    count: int
    amount: Decimal  # in the reporting currency, full precision
    amount_usd: Decimal | None
    unconverted: int  # amounts in a currency the edition has no rate for
    currency: str


def converted_amounts(edition, rows: QuerySet[Consultation]):
    """Each record's amount in the edition's reporting currency and in USD, and the total.

    Returns ({pk: (amount_reporting, amount_usd)}, ConvertedTotal). The
    per-record amounts are rounded to each currency's minor unit by largest
    remainder, so the printed rows add up to the printed total, and the total
    (full precision) equals the report's figure for the same filter.
    """
    from pavilion.core.money import apportion, minor_unit
    from pavilion.shows.fx import Converter

    converter = Converter(edition)
    pks, reporting, unconverted = [], [], 0
    for pk, amount, currency in rows.order_by().values_list("pk", "amount", "currency"):
        if amount is not None and not converter.has_rate(currency):
            unconverted += 1
            continue
        pks.append(pk)
        reporting.append(converter.to_reporting(amount, currency))
    amount = sum(reporting, Decimal(0))
    amount_usd = converter.to_usd(amount)
    rounded = apportion(reporting, amount, minor_unit(converter.currency))
    if amount_usd is None:
        usd = [None] * len(pks)
    else:
        usd = apportion(
            [converter.to_usd(value) for value in reporting], amount_usd, minor_unit("USD")
        )
    total = ConvertedTotal(
        count=len(pks) + unconverted,
        amount=amount,
        amount_usd=amount_usd,
        unconverted=unconverted,
        currency=converter.currency,
    )
    return dict(zip(pks, zip(rounded, usd, strict=True), strict=True)), total


def filter_choices(user, edition) -> dict[str, list[tuple[str, str]]]:
    """The options of the list's filter form: (value, label) per parameter. Companies
    and countries are those of the consultations the user may see."""
    from pavilion.companies.models import Company

    visible = visible_consultations(user).filter(edition=edition)
    company_ids = visible.values("company_id")
    companies = Company.objects.filter(pk__in=company_ids).order_by("name_en")
    codes = sorted({c for c in visible.values_list("partner__country", flat=True).distinct() if c})
    return {
        "filter": [(k, str(v)) for k, v in FILTER_LABELS.items()],
        "stage": [(k, str(v)) for k, v in Stage.choices],
        "kind": [(k, str(v)) for k, v in ConsultationKind.choices],
        "country": sorted(((c, str(countries.name(c) or c)) for c in codes), key=lambda o: o[1]),
        "company": [(str(c.pk), c.name) for c in companies],
        "source": [(k, str(v)) for k, v in Source.choices],
        "day": [(d.isoformat(), datetimes.format_date(d)) for d in edition.days],
    }
