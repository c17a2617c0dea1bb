"""Spreadsheet specs for companies, participations and awards (see docs/imports.md)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.companies import brn
from pavilion.companies.models import (
    Award,
    AwardKind,
    Company,
    ListingStatus,
    Participation,
    ParticipationStatus,
    brn_problem,
)
from pavilion.companies.queries import sector_lookup
from pavilion.core.transfer import (
    Column,
    Context,
    Spec,
    check_duplicate,
    register,
    upsert,
)
from pavilion.core.transfer_fields import RowReader, sectors_from
from pavilion.shows.models import Booth, Edition, Pavilion

BRN = Column("business_registration_number", "사업자등록번호", required=True)

COMPANY_COLUMNS = [
    BRN,
    Column("name_ko", "기업명(국문)", required=True),
    Column("name_en", "기업명(영문)", required=True),
    Column("region", "지역"),
    Column("sectors", "분야"),
    Column("listing_status", "상장구분"),
    Column("website", "웹사이트"),
    Column("description_en", "소개(영문)"),
    Column("description_ko", "소개(국문)"),
    Column("founded_year", "설립연도"),
    Column("ceo_name", "대표자"),
    Column("contact_email", "이메일"),
    Column("contact_phone", "전화번호"),
    Column("employees", "직원수"),
]
TEXT_FIELDS = [
    ("name_ko", 200),
    ("name_en", 200),
    ("region", 100),
    ("description_en", None),
    ("description_ko", None),
    ("ceo_name", 100),
    ("contact_phone", 40),
]


def read_brn(reader: RowReader) -> str | None:
    value = reader.text(BRN.name, required=True)
    if not value:
        return None
    try:
        return brn.normalise(value)
    except brn.InvalidBRN as exc:
        reader.problem(BRN.name, f"{value}: {brn_problem(exc)}")
        return None


def import_company(ctx: Context, values: dict, row: int):
    reader = RowReader(values)
    number = read_brn(reader)
    required = {c.name for c in COMPANY_COLUMNS if c.required}
    fields = {
        name: reader.text(name, max_length=n, required=name in required) for name, n in TEXT_FIELDS
    }
    fields["website"] = reader.url("website")
    fields["contact_email"] = reader.email("contact_email")
    fields["listing_status"] = reader.choice(
        "listing_status", ListingStatus.choices, default=ListingStatus.UNLISTED
    )
    fields["founded_year"] = reader.integer("founded_year", minimum=1800, maximum=2100)
    fields["employees"] = reader.integer("employees", minimum=0)
    sectors = None
    if reader.has("sectors"):
        sectors = sectors_from(reader, "sectors", ctx.cached("sectors", sector_lookup))
    reader.raise_if_problems()
    check_duplicate(ctx, ("company", number), row)
    # Columns absent from the file keep their stored values.
    fields = {k: v for k, v in fields.items() if reader.has(k)}
    company, action = upsert(
        Company,
        {"organisation_id": ctx.organisation_id, "business_registration_number": number},
        fields,
        m2m={"sectors": sectors} if sectors is not None else None,
    )
    return company.name_en, action


def export_companies(ctx: Context, edition):
    companies = Company.objects.filter(organisation_id=ctx.organisation_id).prefetch_related(
        "sectors"
    )
    if edition is not None:
        companies = companies.filter(participations__edition=edition)
    for c in companies.order_by("name_en"):
        yield [
            brn.format_brn(c.business_registration_number),
            c.name_ko,
            c.name_en,
            c.region,
            ";".join(s.slug for s in c.sectors.all()),
            c.listing_status,
            c.website,
            c.description_en,
            c.description_ko,
            c.founded_year,
            c.ceo_name,
            c.contact_email,
            c.contact_phone,
            c.employees,
        ]


def _company(ctx: Context, reader: RowReader, number):
    if number is None:
        return None
    company = Company.objects.filter(
        organisation_id=ctx.organisation_id, business_registration_number=number
    ).first()
    if company is None:
        reader.problem(BRN.name, _("no company with this number: import the company first"))
    return company


def read_edition(ctx: Context, reader: RowReader):
    slug = reader.text("edition", required=True)
    if not slug:
        return None
    edition = Edition.objects.filter(show__organisation_id=ctx.organisation_id, slug=slug).first()
    if edition is None:
        reader.problem("edition", _("unknown edition %(slug)s") % {"slug": slug})
    return edition


PARTICIPATION_COLUMNS = [
    BRN,
    Column("edition", "전시회", required=True),
    Column("pavilion", "관"),
    Column("status", "참가상태"),
    Column("booth", "부스번호"),
    Column("notes", "비고"),
]


def _pavilion(reader: RowReader, edition, existing):
    """The named pavilion; else the one the company already has, or the edition's only one."""
    slug = reader.text("pavilion")
    pavilions = Pavilion.objects.filter(edition=edition)
    if slug:
        pavilion = pavilions.filter(slug=slug).first()
        if pavilion is None:
            reader.problem("pavilion", _("unknown pavilion %(slug)s") % {"slug": slug})
        return pavilion
    if existing is not None and existing.pavilion_id:
        return existing.pavilion
    only = list(pavilions[:2])
    return only[0] if len(only) == 1 else None


def import_participation(ctx: Context, values: dict, row: int):
    reader = RowReader(values)
    company = _company(ctx, reader, read_brn(reader))
    edition = read_edition(ctx, reader)
    status = reader.choice("status", ParticipationStatus.choices)
    booth_number = reader.text("booth")
    notes = reader.text("notes")
    existing = pavilion = booth = None
    if edition is not None:
        if company is not None:
            existing = Participation.objects.filter(company=company, edition=edition).first()
        pavilion = _pavilion(reader, edition, existing)
        if booth_number and pavilion is not None:
            booth = Booth.objects.filter(pavilion=pavilion, number=booth_number).first()
            if booth is None:
                reader.problem(
                    "booth", _("no booth %(number)s in this pavilion") % {"number": booth_number}
                )
        elif booth_number and not reader.text("pavilion"):
            reader.problem("booth", _("name the pavilion of the booth"))
    reader.raise_if_problems()
    check_duplicate(ctx, ("participation", company.pk, edition.pk), row)
    fields = {"pavilion": pavilion, "status": status, "booth": booth, "notes": notes}
    # Columns absent from the file keep their stored values (status: confirmed when new).
    fields = {k: v for k, v in fields.items() if k == "pavilion" or reader.has(k)}
    if status is None:
        fields.pop("status", None)
    _part, action = upsert(
        Participation,
        {"company": company, "edition": edition},
        fields,
        defaults={"status": ParticipationStatus.CONFIRMED},
        columns={"company": BRN.name},
    )
    return f"{company.name_en} @ {edition.name}", action


def export_participations(ctx: Context, edition):
    rows = Participation.objects.filter(
        company__organisation_id=ctx.organisation_id
    ).select_related("company", "edition", "pavilion", "booth")
    if edition is not None:
        rows = rows.filter(edition=edition)
    for p in rows.order_by("edition__start_date", "company__name_en"):
        yield [
            brn.format_brn(p.company.business_registration_number),
            p.edition.slug,
            p.pavilion.slug if p.pavilion else "",
            p.status,
            p.booth.number if p.booth else "",
            p.notes,
        ]


AWARD_COLUMNS = [
    BRN,
    Column("edition", "전시회", required=True),
    Column("category", "부문", required=True),
    Column("product", "제품", required=True),
    Column("kind", "수상등급"),
    Column("programme", "시상"),
]


def import_award(ctx: Context, values: dict, row: int):
    reader = RowReader(values)
    company = _company(ctx, reader, read_brn(reader))
    edition = read_edition(ctx, reader)
    category = reader.text("category", required=True, max_length=100)
    product = reader.text("product", required=True, max_length=200)
    kind = reader.choice("kind", AwardKind.choices)
    programme = reader.text("programme", max_length=100)
    participation = None
    if company is not None and edition is not None:
        participation = Participation.objects.filter(company=company, edition=edition).first()
        if participation is None:
            reader.problem("edition", _("the company does not take part in this edition"))
    reader.raise_if_problems()
    check_duplicate(ctx, ("award", participation.pk, category, product), row)
    # An empty or absent kind/programme keeps the stored one (the model's default when new).
    fields = {k: v for k, v in {"kind": kind, "programme": programme}.items() if v}
    _award, action = upsert(
        Award,
        {"participation": participation, "category": category, "product": product},
        fields,
        columns={"participation": "edition"},
    )
    return f"{company.name_en}: {product}", action


def export_awards(ctx: Context, edition):
    rows = Award.objects.filter(
        participation__company__organisation_id=ctx.organisation_id
    ).select_related("participation__company", "participation__edition")
    if edition is not None:
        rows = rows.filter(participation__edition=edition)
    for a in rows.order_by("participation__edition__start_date", "participation__company__name_en"):
        yield [
            brn.format_brn(a.participation.company.business_registration_number),
            a.participation.edition.slug,
            a.category,
            a.product,
            a.kind,
            a.programme,
        ]


register(
    Spec("companies", gettext_lazy("Companies"), COMPANY_COLUMNS, import_company, export_companies)
)
register(
    Spec(
        "participations",
        gettext_lazy("Participations"),
        PARTICIPATION_COLUMNS,
        import_participation,
        export_participations,
    )
)
register(Spec("awards", gettext_lazy("Awards"), AWARD_COLUMNS, import_award, export_awards))
