"""Spreadsheet spec for consultations (see docs/imports.md).

Natural key: edition + company + buyer/investor + date and time + kind, so
re-importing a file updates its consultations instead of adding them again.
Rows go through the same services as the pages: a new row is logged, a
changed row is corrected, and a changed stage becomes a follow-up entry.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.companies.models import Company
from pavilion.companies.transfer import BRN, read_brn, read_edition
from pavilion.consultations import services
from pavilion.consultations.models import Consultation, ConsultationKind, Source, Stage
from pavilion.core import datetimes
from pavilion.core.money import CURRENCIES, MoneyError, parse_amount
from pavilion.core.transfer import (
    CREATE,
    UNCHANGED,
    UPDATE,
    Column,
    Context,
    RowProblems,
    Spec,
    check_duplicate,
    register,
)
from pavilion.core.transfer_fields import RowReader
from pavilion.partners.models import Contact, Partner

COLUMNS = [
    Column("edition", "전시회", required=True),
    BRN,
    Column("partner_name", "바이어명", required=True),
    Column("partner_country", "바이어국가", required=True),
    Column("contact_email", "담당자이메일"),
    Column("occurred_at", "상담일시", required=True),
    Column("kind", "상담유형", required=True),
    Column("amount", "상담금액"),
    Column("currency", "통화", required=True),
    Column("stage", "진행단계"),
    Column("source", "경로"),
    Column("notes", "비고"),
]


def _when(reader: RowReader, edition):
    """A date ("2024-01-10") or date and time ("2024-01-10 14:30"), in the show's time zone."""
    text = reader.text("occurred_at", required=True)
    if not text or edition is None:
        return None
    try:
        value = datetime.fromisoformat(text.replace("T", " "))
    except ValueError:
        try:
            value = datetime.combine(date.fromisoformat(text), time(12, 0))
        except ValueError:
            reader.problem(
                "occurred_at", _("%(value)s is not a date (2024-01-10 14:30)") % {"value": text}
            )
            return None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=edition.tzinfo)
    return value


def import_consultation(ctx: Context, values: dict, row: int):
    reader = RowReader(values)
    edition = read_edition(ctx, reader)
    number = read_brn(reader)
    company = None
    if number:
        company = Company.objects.filter(
            organisation_id=ctx.organisation_id, business_registration_number=number
        ).first()
        if company is None:
            reader.problem(BRN.name, _("no company with this number: import the company first"))
    name = reader.text("partner_name", required=True)
    country = reader.text("partner_country", required=True).upper()
    partner = None
    if name and country:
        partner = Partner.objects.filter(
            organisation_id=ctx.organisation_id, name__iexact=name, country=country
        ).first()
        if partner is None:
            reader.problem(
                "partner_name",
                _("no buyer or investor %(name)s (%(country)s): import the partners first")
                % {"name": name, "country": country},
            )
    contact = None
    if (email := reader.text("contact_email")) and partner is not None:
        contact = Contact.objects.filter(partner=partner, email__iexact=email).first()
        if contact is None:
            reader.problem("contact_email", _("no contact with this email at the partner"))
    occurred_at = _when(reader, edition)
    if occurred_at is not None and (problem := edition.show_day_problem(occurred_at)):
        reader.problem("occurred_at", problem)
    kind = reader.choice("kind", ConsultationKind.choices, required=True)
    currency = reader.text("currency", required=True).upper()
    if currency and currency not in CURRENCIES:
        reader.problem("currency", _("%(value)s is not a currency we know") % {"value": currency})
    amount = None
    if text := reader.text("amount"):
        try:
            amount = parse_amount(text)
        except MoneyError:
            reader.problem("amount", _("%(value)s is not an amount") % {"value": text})
        else:
            if problem := services.amount_problem(amount):
                reader.problem("amount", problem)
    stage = reader.choice("stage", Stage.choices, default=Stage.CONSULTED)
    source = reader.choice("source", Source.choices, default=Source.WALK_IN)
    notes = reader.text("notes")
    reader.raise_if_problems()
    key = (edition.pk, company.pk, partner.pk, occurred_at, kind)
    check_duplicate(ctx, ("consultation", *key), row)
    existing = Consultation.objects.filter(
        edition=edition, company=company, partner=partner, occurred_at=occurred_at, kind=kind
    ).first()
    label = f"{company.name_en} × {partner.name}"
    if existing is None:
        services.log_consultation(
            actor=ctx.actor,
            edition=edition,
            company=company,
            partner=partner,
            contact=contact,
            kind=kind,
            occurred_at=occurred_at,
            currency=currency,
            amount=amount,
            stage=stage,
            source=source,
            notes=notes,
        )
        return label, CREATE
    # A column left out of the file keeps the consultation's value (docs/imports.md);
    # a column given but empty clears it.
    given = {
        "contact": "contact_email" in ctx.columns,
        "amount": "amount" in ctx.columns,
        "currency": True,
        "source": "source" in ctx.columns,
        "notes": "notes" in ctx.columns,
    }
    changes = {
        name: value
        for name, value in {
            "contact": contact,
            "amount": amount,
            "currency": currency,
            "source": source,
            "notes": notes,
        }.items()
        if given[name] and getattr(existing, name) != value
    }
    if changes:
        services.correct_consultation(actor=ctx.actor, consultation=existing, **changes)
    if "stage" not in ctx.columns:
        stage = existing.stage
    if stage != existing.stage:
        if stage == Stage.LOST and existing.stage in (Stage.MOU, Stage.CONTRACT):
            raise RowProblems([("stage", _("A signed deal cannot be marked lost at once."))])
        services.add_follow_up(
            actor=ctx.actor,
            consultation=existing,
            date=timezone.localdate(timezone=edition.tzinfo),
            kind="email",
            stage=stage,
            outcome=_("Stage changed by a spreadsheet import"),
        )
    return label, UPDATE if changes or stage != existing.stage else UNCHANGED


def export_consultations(ctx: Context, edition):
    rows = Consultation.objects.filter(
        edition__show__organisation_id=ctx.organisation_id
    ).select_related("edition", "company", "partner", "contact")
    if edition is not None:
        rows = rows.filter(edition=edition)
    for c in rows.order_by("edition__start_date", "occurred_at", "pk"):
        yield [
            c.edition.slug,
            c.company.brn_display,
            c.partner.name,
            c.partner.country.code,
            c.contact.email if c.contact else "",
            # To the second (and below, if a scan gave it): the natural key must
            # match when the export is imported back.
            datetimes.local(c.occurred_at, c.edition).replace(tzinfo=None).isoformat(sep=" "),
            c.kind,
            c.amount,
            c.currency,
            c.stage,
            c.source,
            c.notes,
        ]


register(
    Spec(
        "consultations",
        gettext_lazy("Consultations"),
        COLUMNS,
        import_consultation,
        export_consultations,
    )
)
