"""Writes about shows and editions."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from pavilion.accounts import permissions
from pavilion.core import audit

PUBLICITY_FIELDS = (
    "public_page",
    "public_companies",
    "public_awards",
    "stage_agenda_public",
    "public_call",
    "partner_registration_open",
)


@transaction.atomic
def set_publicity(*, actor, edition, **values):
    """Choose what the edition's public page shows (each a yes/no).

    Raises PermissionDenied unless ``actor`` manages the edition; ignores
    nothing silently: an unknown key is a TypeError. Side effects: the
    edition saved, audit ``edition.publicity_changed`` with the new values.
    """
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    unknown = set(values) - set(PUBLICITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown publicity settings: {sorted(unknown)}")
    for name, value in values.items():
        setattr(edition, name, bool(value))
    edition.save(update_fields=list(values))
    audit.record(
        actor=actor,
        action="edition.publicity_changed",
        obj=edition,
        organisation=edition.show.organisation,
        **{k: bool(v) for k, v in values.items()},
    )
    return edition
