"""Buyers and investors (partners) and their contacts."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from pavilion.accounts import permissions
from pavilion.api import schemas as s
from pavilion.api.pagination import Pagination
from pavilion.partners import services
from pavilion.partners.models import Contact
from pavilion.partners.queries import partner_directory

router = Router(tags=["partners"])


def partner_out(user, partner) -> dict:
    """The partner as ``user`` may see it: contacts and notes are None otherwise."""
    data = {
        "id": partner.pk,
        "name": partner.name,
        "country": partner.country.code,
        "kind": partner.kind,
        "website": partner.website,
        "description": partner.description,
        "interests": partner.interests,
        "sectors": [sector.slug for sector in partner.sectors.all()],
    }
    if permissions.can_view_partner_private(user, partner):
        data["contacts"] = list(partner.contacts.all())
    if permissions.can_read_organisation(user, partner.organisation_id):
        data["internal_notes"] = partner.internal_notes
    return data


def _contacts():
    return Prefetch("contacts", queryset=Contact.objects.order_by("name", "pk"))


class PartnerFilter(Schema):
    q: str | None = None
    kind: str | None = None
    country: str | None = None


@router.get(
    "/partners",
    response={200: list[s.PartnerOut], **s.ERRORS},
    description="Buyers and investors the caller may see: staff and exhibitors all of the "
    "organisation's, a partner user only its own. `q` searches name, description and "
    "interests; `kind` and `country` (ISO code) filter.",
)
@paginate(Pagination, serialize=partner_out)
def list_partners(request, filters: Query[PartnerFilter]):
    return partner_directory(
        request.auth, q=filters.q or "", kind=filters.kind or "", country=filters.country or ""
    ).prefetch_related(_contacts())


def _visible_partner(request, partner_id):
    return get_object_or_404(permissions.visible_partners(request.auth), pk=partner_id)


@router.get("/partners/{partner_id}", response={200: s.PartnerOut, **s.ERRORS})
def get_partner(request, partner_id: int):
    return partner_out(request.auth, _visible_partner(request, partner_id))


@router.patch(
    "/partners/{partner_id}",
    response={200: s.PartnerOut, **s.ERRORS},
    description="Change a partner's profile; send only the fields to change, `sectors` as a "
    "list of sector slugs. The partner's own users change kind, website, description, "
    "interests and sectors; the organisation's operators also name, country and "
    "`internal_notes`. A field the caller may not change answers 422 naming it.",
)
def patch_partner(request, partner_id: int, payload: s.PartnerPatch):
    partner = services.update_partner_profile(
        actor=request.auth,
        partner=_visible_partner(request, partner_id),
        data=payload.dict(exclude_unset=True),
    )
    return partner_out(request.auth, partner)


@router.get(
    "/partners/{partner_id}/contacts",
    response={200: list[s.ContactOut], **s.ERRORS},
    description="The partner's people: the organisation's staff and the partner's own users "
    "only (403 for others who may see the partner).",
)
@paginate(Pagination)
def list_contacts(request, partner_id: int):
    partner = _visible_partner(request, partner_id)
    if not permissions.can_view_partner_private(request.auth, partner):
        raise PermissionDenied
    return permissions.visible_contacts(request.auth).filter(partner=partner).order_by("name", "pk")


@router.post(
    "/partners/{partner_id}/contacts",
    response={201: s.ContactOut, **s.ERRORS},
    description="Add a person to a partner: its operators and the partner's own users.",
)
def add_contact(request, partner_id: int, payload: s.ContactIn):
    contact = services.add_contact(
        actor=request.auth, partner=_visible_partner(request, partner_id), data=payload.dict()
    )
    return Status(201, contact)
