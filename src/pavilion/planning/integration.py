"""The integrated pavilion: the show's exhibitor list, matched to our companies, and
invitations to those exhibiting elsewhere to join the pavilion.

The list is imported through the import registry (kind ``exhibitors``: all
or nothing, errors by row and column); each row is matched as it is
imported (:mod:`pavilion.planning.matching`). Uncertain matches wait for a
person to confirm or reject them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.accounts import permissions
from pavilion.companies import brn as brn_rules
from pavilion.companies.models import Company, Participation, ParticipationStatus, brn_problem
from pavilion.core import audit
from pavilion.core.transfer import Column, Context, Spec, check_duplicate, register, upsert
from pavilion.core.transfer_fields import RowReader
from pavilion.planning import matching, notify
from pavilion.planning.models import (
    ExhibitorListEntry,
    Invitation,
    InvitationState,
    MatchState,
)
from pavilion.shows.models import Edition, PavilionKind

# --- the list's filters ------------------------------------------------------

# key → (match states, label). A match a person rejected is no match. The one
# source of the page's words for a match state: the filter chips and the table's
# cells both say these labels.
ENTRY_FILTERS = {
    "matched": ((MatchState.MATCHED,), gettext_lazy("Matched")),
    "uncertain": ((MatchState.UNCERTAIN,), gettext_lazy("To review")),
    "none": ((MatchState.NONE, MatchState.REJECTED), gettext_lazy("No match")),
}


def entry_state_label(state: str) -> str:
    """The label of a match state on the exhibitor list (that of its filter)."""
    for states, label in ENTRY_FILTERS.values():
        if state in states:
            return str(label)
    return str(MatchState(state).label)


def entry_filter(params) -> str:
    """The ``state`` query parameter: a key of :data:`ENTRY_FILTERS`, or "" for all.

    Raises ValidationError naming the parameter for a value the list does not know
    (or a parameter it does not have), instead of quietly showing everything.
    """
    errors = {}
    for param in params:
        if param != "state":
            errors[param] = _("%(param)s is not a filter of this list.") % {"param": param}
    state = (params.get("state") or "").strip()
    if state and state not in ENTRY_FILTERS:
        errors["state"] = _("%(value)s is not a valid value for %(label)s.") % {
            "value": state,
            "label": _("Match"),
        }
    if errors:
        raise ValidationError(errors)
    return state


COLUMNS = [
    Column("edition", "전시회", required=True),
    Column("name", "참가사명", required=True),
    Column("business_registration_number", "사업자등록번호"),
    Column("country", "국가"),
    Column("booth", "부스"),
    Column("website", "웹사이트"),
]


def candidates_of(organisation_id) -> list[matching.Candidate]:
    return [
        matching.Candidate(c.pk, (c.name_ko, c.name_en), c.business_registration_number)
        for c in Company.objects.filter(organisation_id=organisation_id)
    ]


def import_entry(ctx: Context, values: dict, row: int):
    reader = RowReader(values)
    slug = reader.text("edition", required=True)
    edition = None
    if slug:
        edition = Edition.objects.filter(
            show__organisation_id=ctx.organisation_id, slug=slug
        ).first()
        if edition is None:
            reader.problem("edition", _("unknown edition %(slug)s") % {"slug": slug})
    name = reader.text("name", required=True, max_length=200)
    number = reader.text("business_registration_number")
    if number:
        try:
            number = brn_rules.normalise(number)
        except brn_rules.InvalidBRN as exc:
            reader.problem("business_registration_number", f"{number}: {brn_problem(exc)}")
    country = reader.text("country", max_length=100)
    booth = reader.text("booth", max_length=100)
    website = reader.text("website", max_length=300)
    reader.raise_if_problems()
    check_duplicate(ctx, ("exhibitor", edition.pk, name.casefold(), booth), row)
    found = matching.match_exhibitor(
        name, number, ctx.cached("candidates", lambda: candidates_of(ctx.organisation_id))
    )
    match = {
        "company_id": found.company_id,
        "match_state": found.state,
        "match_score": found.score,
        "match_reason": found.reason,
    }
    reviewed = (
        ExhibitorListEntry.objects.filter(edition=edition, name=name, booth_label=booth)
        .exclude(match_state__in=[MatchState.NONE, MatchState.UNCERTAIN])
        .first()
    )
    if reviewed is not None and reviewed.business_registration_number == number:
        match = {}  # a reviewer's decision stands while the entry says the same
    entry, action = upsert(
        ExhibitorListEntry,
        {"edition": edition, "name": name, "booth_label": booth},
        {
            "business_registration_number": number,
            "country": country,
            "website": website,
            **match,
        },
        columns={"booth_label": "booth"},
        given=ctx.columns | set(match),
    )
    return entry.name, action


def export_entries(ctx: Context, edition):
    entries = ExhibitorListEntry.objects.filter(edition__show__organisation_id=ctx.organisation_id)
    if edition is not None:
        entries = entries.filter(edition=edition)
    for e in entries.select_related("edition").order_by("edition__slug", "name"):
        yield [
            e.edition.slug,
            e.name,
            brn_rules.format_brn(e.business_registration_number)
            if e.business_registration_number
            else "",
            e.country,
            e.booth_label,
            e.website,
        ]


SPEC = register(
    Spec(
        kind="exhibitors",
        label=gettext_lazy("Show's exhibitor list"),
        columns=COLUMNS,
        import_row=import_entry,
        export_rows=export_entries,
    )
)


def exhibiting_elsewhere(edition):
    """Matched entries whose company is not (yet) in one of our pavilions at the edition."""
    ours = Participation.objects.filter(
        edition=edition,
        pavilion__isnull=False,
        status__in=[ParticipationStatus.SELECTED, ParticipationStatus.CONFIRMED],
    ).values("company_id")
    return (
        ExhibitorListEntry.objects.filter(edition=edition, match_state=MatchState.MATCHED)
        .exclude(company_id__in=ours)
        .select_related("company")
    )


@transaction.atomic
def review_match(*, actor, entry, confirm: bool, company=None) -> ExhibitorListEntry:
    """Confirm an uncertain match (optionally naming another company) or reject it."""
    if not permissions.can_manage_edition(actor, entry.edition):
        raise PermissionDenied
    if confirm:
        company = company or entry.company
        if company is None or company.organisation_id != entry.edition.show.organisation_id:
            raise ValidationError({"company": _("Choose one of your companies.")})
        entry.company, entry.match_state = company, MatchState.MATCHED
    else:
        entry.company, entry.match_state = None, MatchState.REJECTED
    entry.save(update_fields=["company", "match_state"])
    audit.record(
        actor=actor,
        action="planning.match_reviewed",
        obj=entry,
        organisation=entry.edition.show.organisation,
        confirmed=confirm,
    )
    return entry


@transaction.atomic
def invite(*, actor, entry, base_url: str | None = None) -> Invitation:
    """Invite a matched company to join the edition's integrated pavilion.

    Side effects: an Invitation, emails to the company's members in their
    language (after commit), audit.
    """
    edition = entry.edition
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    if entry.match_state != MatchState.MATCHED or entry.company is None:
        raise ValidationError({"entry": _("Confirm the match before inviting the company.")})
    # The integrated pavilion when there is one, else the call's (or the only) pavilion.
    cfp = getattr(edition, "cfp", None)
    pavilion = edition.pavilions.filter(kind=PavilionKind.INTEGRATED).first() or (
        cfp.pavilion if cfp else edition.pavilions.first()
    )
    if pavilion is None:
        raise ValidationError({"pavilion": _("The edition has no pavilion.")})
    invitation, created = Invitation.objects.get_or_create(
        edition=edition, company=entry.company, defaults={"pavilion": pavilion, "entry": entry}
    )
    if not created:
        raise ValidationError({"entry": _("This company has already been invited.")})
    # Queued in the outbox; the worker sends them after the commit.
    sent = notify.invited(actor=actor, invitation=invitation, entry=entry, base_url=base_url)
    audit.record(
        actor=actor,
        action="planning.invited",
        obj=invitation,
        organisation=edition.show.organisation,
        emails=sent,
    )
    return invitation


@transaction.atomic
def answer_invitation(*, actor, invitation, accept: bool) -> Invitation:
    """The company accepts (a confirmed participation in the pavilion) or declines."""
    own = (
        actor.is_authenticated and actor.is_exhibitor and actor.company_id == invitation.company_id
    )
    if not (own or permissions.can_manage_edition(actor, invitation.edition)):
        raise PermissionDenied
    if invitation.state != InvitationState.SENT:
        raise ValidationError({"state": _("This invitation has already been answered.")})
    invitation.state = InvitationState.ACCEPTED if accept else InvitationState.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["state", "answered_at"])
    if accept:
        Participation.objects.update_or_create(
            company=invitation.company,
            edition=invitation.edition,
            defaults={"pavilion": invitation.pavilion, "status": ParticipationStatus.CONFIRMED},
        )
    audit.record(
        actor=actor,
        action="planning.invitation_answered",
        obj=invitation,
        organisation=invitation.edition.show.organisation,
        accepted=accept,
    )
    return invitation
