"""Spreadsheet spec for buyers and investors, one row per partner with its main contact."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from pavilion.core.transfer import (
    CREATE,
    UNCHANGED,
    UPDATE,
    Column,
    Context,
    Spec,
    check_duplicate,
    register,
    upsert,
)
from pavilion.core.transfer_fields import RowReader, sector_lookup, sectors_from
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


def import_partner(ctx: Context, values: dict, row: int):
    reader = RowReader(values)
    name = reader.text("name", required=True, max_length=200)
    country = _country(reader)
    kind = reader.choice("kind", PartnerKind.choices, required=True)
    fields = {
        "kind": kind,
        "website": reader.text("website", max_length=200),
        "description": reader.text("description"),
        "interests": reader.text("interests"),
    }
    sectors = sectors_from(reader, "sectors", sector_lookup()) if reader.has("sectors") else None
    contact = {
        "name": reader.text("contact_name", max_length=200),
        "title": reader.text("contact_title", max_length=200),
        "email": reader.text("contact_email", max_length=254),
        "phone": reader.text("contact_phone", max_length=40),
    }
    if any(contact.values()) and not contact["name"]:
        reader.problem("contact_name", _("is required when other contact columns are given"))
    reader.raise_if_problems()
    check_duplicate(ctx, ("partner", name.lower(), country), row)
    fields = {k: v for k, v in fields.items() if k == "kind" or reader.has(k)}
    partner, action = upsert(
        Partner,
        {"organisation_id": ctx.organisation_id, "name": name, "country": country},
        fields,
        m2m={"sectors": sectors} if sectors is not None else None,
    )
    if contact["name"]:
        # The same person is found again by email, or by name when there is none.
        lookup = {"email": contact["email"]} if contact["email"] else {"name": contact["name"]}
        _contact, contact_action = upsert(Contact, {"partner": partner, **lookup}, contact)
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
        contact = min(p.contacts.all(), key=lambda c: c.pk, default=None)
        yield [
            p.name,
            p.country.code,
            p.kind,
            p.website,
            p.description,
            ";".join(s.slug for s in p.sectors.all()),
            p.interests,
            contact.name if contact else "",
            contact.title if contact else "",
            contact.email if contact else "",
            contact.phone if contact else "",
        ]


register(
    Spec(
        "partners",
        gettext_lazy("Buyers and investors"),
        PARTNER_COLUMNS,
        import_partner,
        export_partners,
    )
)
