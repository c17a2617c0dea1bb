"""Closing an edition: its results become final (services, and the report's list of
changes made after closing).

A closed edition refuses new consultations and changes from exhibitors
(consultations.services.closed_edition_problem); its operators may still
correct, each change audited with the edition's id so the report can flag it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pavilion.accounts import permissions
from pavilion.consultations.models import FollowUpRound
from pavilion.core import audit
from pavilion.core.models import AuditEntry
from pavilion.shows.models import Edition


def closing_problem(edition) -> str | None:
    """Why the edition cannot be closed yet: its last follow-up round is still to
    come (or, without rounds, the show is not over). None when it can."""
    if edition.closed_at is not None:
        return _("%(edition)s is already closed.") % {"edition": edition.name}
    today = timezone.localdate(timezone=edition.tzinfo)
    last = FollowUpRound.objects.filter(edition=edition).order_by("-due_on").first()
    if last is not None and last.due_on > today:
        return _(
            "%(edition)s can be closed after its last follow-up round "
            "(%(months)s months, due %(date)s)."
        ) % {"edition": edition.name, "months": last.months_after, "date": last.due_on.isoformat()}
    if last is None and edition.end_date >= today:
        return _("%(edition)s can be closed once the show is over (last day %(date)s).") % {
            "edition": edition.name,
            "date": edition.end_date.isoformat(),
        }
    return None


@transaction.atomic
def close_edition(*, actor, edition: Edition) -> Edition:
    """Close the edition after its last follow-up round.

    Side effects: the edition's closed_at/closed_by saved, one audit entry.
    """
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    problem = closing_problem(edition)
    if problem:
        raise ValidationError(problem)
    edition.closed_at = timezone.now()
    edition.closed_by = actor
    edition.save(update_fields=["closed_at", "closed_by"])
    audit.record(
        actor=actor, action="edition.closed", obj=edition, organisation=edition.show.organisation
    )
    return edition


@transaction.atomic
def reopen_edition(*, actor, edition: Edition) -> Edition:
    """Reopen a closed edition (exhibitors may report again).

    Side effects: closed_at/closed_by cleared, one audit entry keeping when it was closed.
    """
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.closed_at is None:
        raise ValidationError(_("%(edition)s is not closed.") % {"edition": edition.name})
    closed_at = edition.closed_at
    edition.closed_at = None
    edition.closed_by = None
    edition.save(update_fields=["closed_at", "closed_by"])
    audit.record(
        actor=actor,
        action="edition.reopened",
        obj=edition,
        organisation=edition.show.organisation,
        closed_at=closed_at.isoformat(),
    )
    return edition


# Audit actions of consultation writes, as the report names them.
CHANGE_ACTIONS = {
    "consultation.logged": "logged",
    "consultation.corrected": "corrected",
    "consultation.followed_up": "followed_up",
}


def changes_after_closing(edition) -> list[dict]:
    """Operators' changes to the edition's consultations made while it was closed,
    oldest first, with what changed (from the audit entries)."""
    entries = (
        AuditEntry.objects.filter(
            organisation_id=edition.show.organisation_id,
            action__in=list(CHANGE_ACTIONS),
            data__closed_edition=edition.pk,
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    result = []
    for entry in entries:
        data = dict(entry.data)
        data.pop("closed_edition", None)
        result.append(
            {
                "at": entry.created_at.isoformat(),
                "by": entry.actor.get_full_name() or entry.actor.username if entry.actor else "",
                "action": CHANGE_ACTIONS[entry.action],
                "consultation_id": int(entry.object_id) if entry.object_id.isdigit() else None,
                "details": data,
            }
        )
    return result


def closing_json(edition) -> dict:
    """The report's closing section: whether closed, when, and changes made since."""
    return {
        "closed_at": edition.closed_at.isoformat() if edition.closed_at else None,
        "changes_after_closing": changes_after_closing(edition),
    }
