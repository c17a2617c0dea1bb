"""Spreadsheet spec for buyers and investors and their contacts.

One row per contact; a partner with several contacts takes several rows that
repeat its own columns, and a partner without contacts one row with the
contact columns empty. That is what the export writes, so it re-imports.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from pavilion.companies.queries import sector_lookup
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
    upsert,
)
from pavilion.core.transfer_fields import RowReader, sectors_from
from pavilion.partners.models import Contact, Partner, PartnerKind

# Everyday names that differ from the ISO names ("United States of America").
SHORT_NAMES = {
    "united states": "US",
    "usa": "US",
    "uk": "GB",
    "korea": "KR",
    "south korea": "KR",
    "vietnam": "VN",
    "미국": "US",
    "영국": "GB",
    "한국": "KR",
}

PARTNER_COLUMNS = [
    Column("name", "기관명", required=True),
    Column("country", "국가", required=True),
    Column("kind", "유형", required=True),
    Column("website", "웹사이트"),
    Column("description", "소개"),
    Column("sectors", "관심분야"),
    Column("interests", "관심사항"),
    Column("contact_name", "담당자"),
    Column("contact_title", "직함"),
    Column("contact_email", "담당자이메일"),
    Column("contact_phone", "담당자전화"),
]


def _country(reader: RowReader) -> str | None:
    value = reader.text("country", required=True)
    if not value:
        return None
    code = (
        countries.alpha2(value)
        or countries.by_name(value)
        or countries.by_name(value, language="ko")
        or SHORT_NAMES.get(value.lower(), "")
    )
    if code:
        return code
    reader.problem(
        "country", _("%(value)s is not a country (use a code like US, JP, DE)") % {"value": value}
    )
    return None


def _contact(partner, contact: dict):
    """The same person found again: by email (any case), else by name.

    With an email in the row, a namesake is only taken when they have no
    email yet: two people of one name at a partner stay two people.
    """
    contacts = Contact.objects.filter(partner=partner).order_by("pk")
    if not contact["email"]:
        return contacts.filter(name=contact["name"]).first()
    return (
        contacts.filter(email__iexact=contact["email"]).first()
        or contacts.filter(name=contact["name"], email="").first()
    )


def _check_same_partner(ctx: Context, key, details, row: int):
    """Rows of one partner must agree on its columns: otherwise which row wins is a guess."""
    first_row, first = ctx.seen.setdefault(("partner details", *key), (row, details))
    if first_row != row and first != details:
        raise RowProblems(
            [("", _("the partner's columns differ from row %(row)s") % {"row": first_row})]
        )


def import_partner(ctx: Context, values: dict, row: int):
    reader = RowReader(values)
    name = reader.text("name", required=True, max_length=200)
    country = _country(reader)
    kind = reader.choice("kind", PartnerKind.choices, required=True)
    fields = {
        "kind": kind,
        "website": reader.url("website"),
        "description": reader.text("description"),
        "interests": reader.text("interests"),
    }
    sectors = None
    if reader.has("sectors"):
        sectors = sectors_from(reader, "sectors", ctx.cached("sectors", sector_lookup))
    contact = {
        "name": reader.text("contact_name", max_length=200),
        "title": reader.text("contact_title", max_length=200),
        "email": reader.email("contact_email"),
        "phone": reader.text("contact_phone", max_length=40),
    }
    if any(contact.values()) and not contact["name"]:
        reader.problem("contact_name", _("is required when other contact columns are given"))
    reader.raise_if_problems()
    person = (contact["email"] or contact["name"]).lower()
    check_duplicate(ctx, ("partner", name.lower(), country, person), row)
    fields = {k: v for k, v in fields.items() if k == "kind" or reader.has(k)}
    sector_ids = None if sectors is None else frozenset(s.pk for s in sectors)
    _check_same_partner(ctx, (name.lower(), country), (fields, sector_ids), row)
    partner, action = upsert(
        Partner,
        {"organisation_id": ctx.organisation_id, "name": name, "country": country},
        fields,
        m2m={"sectors": sectors} if sectors is not None else None,
    )
    if contact["name"]:
        existing = _contact(partner, contact)
        # Absent contact columns keep the person's stored details.
        values = {k: v for k, v in contact.items() if k == "name" or reader.has(f"contact_{k}")}
        # A new person is matched by nothing: filtering on pk=None finds no row.
        lookup = {"partner": partner, "pk": existing.pk if existing else None}
        _c, contact_action = upsert(
            Contact,
            lookup,
            values,
            columns={f: f"contact_{f}" for f in ("name", "title", "email", "phone")},
        )
        if action == UNCHANGED and contact_action in (CREATE, UPDATE):
            action = UPDATE
    return f"{name} ({country})", action


def export_partners(ctx: Context, edition):
    partners = (
        Partner.objects.filter(organisation_id=ctx.organisation_id)
        .prefetch_related("sectors", "contacts")
        .order_by("name", "country")
    )
    for p in partners:
        own = [
            p.name,
            p.country.code,
            p.kind,
            p.website,
            p.description,
            ";".join(s.slug for s in p.sectors.all()),
            p.interests,
        ]
        contacts = sorted(p.contacts.all(), key=lambda c: c.pk)
        for c in contacts:
            yield [*own, c.name, c.title, c.email, c.phone]
        if not contacts:
            yield [*own, "", "", "", ""]


register(
    Spec(
        "partners",
        gettext_lazy("Buyers and investors"),
        PARTNER_COLUMNS,
        import_partner,
        export_partners,
    )
)
