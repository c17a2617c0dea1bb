"""API schemas. Private fields are None unless the caller may see them."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

# The largest value a primary key (a 64-bit integer on SQLite and PostgreSQL)
# can hold: a bigger number in a body is a 422 naming the field, not a
# database overflow.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _no_default(schema: dict) -> None:
    schema.pop("default", None)


def omittable(**kwargs):
    """A PATCH field that may be left out (it stays as it is) but not sent as null.

    Its column holds text, never NULL; clearing it is "". Declared as the plain
    type (``website: str = omittable()``) so null answers 422 naming the field,
    and the OpenAPI document does not promise that null is accepted.
    """
    return Field(None, json_schema_extra=_no_default, **kwargs)


class ErrorOut(Schema):
    code: str  # stable, for machines: not_found, forbidden, invalid, unauthenticated…
    message: str  # for people, in their language
    fields: dict[str, list[str]]  # field name → messages; "__all__" for the whole record


# The failures every authenticated endpoint may answer.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class Me(Schema):
    id: int
    username: str
    role: str
    organisation_id: int | None
    organisation: str | None
    company_id: int | None
    partner_id: int | None

    @staticmethod
    def resolve_organisation(user) -> str | None:
        return user.organisation.name if user.organisation_id else None


class FxRateOut(Schema):
    currency: str
    rate: Decimal
    fixed_on: date


class PavilionOut(Schema):
    id: int
    name: str
    name_ko: str
    slug: str
    kind: str
    location: str


class EditionOut(Schema):
    id: int
    slug: str
    name: str
    show: str
    year: int
    start_date: date
    end_date: date
    venue: str
    city: str
    time_zone: str
    reporting_currency: str
    stage_agenda_public: bool


class EditionDetail(EditionOut):
    pavilions: list[PavilionOut]
    fx_rates: list[FxRateOut] | None = None  # staff only


class SectorOut(Schema):
    slug: str
    name_en: str
    name_ko: str


class AwardOut(Schema):
    kind: str
    category: str
    product: str
    programme: str


class ParticipationOut(Schema):
    id: int
    company_id: int
    company: str
    edition: str
    pavilion: str | None
    status: str
    booth: str | None
    awards: list[AwardOut]


class CompanyOut(Schema):
    id: int
    name_ko: str
    name_en: str
    region: str
    sectors: list[str]
    listing_status: str
    website: str
    description_en: str
    description_ko: str
    founded_year: int | None
    seeks: str  # the kind of partner it looks for: sales, investment, both or ""
    target_markets: list[str]  # ISO country codes
    # private: the company's members and the organisation's staff
    business_registration_number: str | None = None
    ceo_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    employees: int | None = None
    # the agency's own notes: staff only
    internal_notes: str | None = None


class CompanyPatch(Schema):
    name_ko: str = omittable()
    name_en: str = omittable()
    region: str = omittable()
    sectors: list[str] = omittable()
    listing_status: str = omittable()
    website: str = omittable()
    description_en: str = omittable()
    description_ko: str = omittable()
    founded_year: int | None = None
    seeks: str = omittable()
    target_markets: list[str] = omittable()
    ceo_name: str = omittable()
    contact_email: str = omittable()
    contact_phone: str = omittable()
    employees: int | None = None
    business_registration_number: str = omittable()
    internal_notes: str = omittable()


class ContactOut(Schema):
    id: int
    name: str
    title: str
    email: str
    phone: str


class ContactIn(Schema):
    name: str
    title: str = ""
    email: str = ""
    phone: str = ""


class PartnerOut(Schema):
    id: int
    name: str
    country: str
    kind: str
    website: str
    description: str
    interests: str
    sectors: list[str]
    contacts: list[ContactOut] | None = None  # the partner's own users and staff
    internal_notes: str | None = None  # staff only


class PartnerPatch(Schema):
    name: str = omittable()
    country: str = omittable()
    kind: str = omittable()
    website: str = omittable()
    description: str = omittable()
    interests: str = omittable()
    sectors: list[str] = omittable()
    internal_notes: str = omittable()


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


class TokenCreated(TokenOut):
    key: str  # shown once
