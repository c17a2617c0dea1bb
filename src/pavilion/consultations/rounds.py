"""Post-show follow-up rounds: each company updates its consultations 1, 3, 6 and 12 months on.

An operator opens a round; every confirmed company gets a task and an email
with a sign-in link; the company answers by updating the stage and realised
amount of each of its consultations; the report shows the results by round.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.accounts import permissions
from pavilion.companies.models import Participation, ParticipationStatus
from pavilion.consultations import services
from pavilion.consultations.models import (
    Consultation,
    FollowUpKind,
    FollowUpRound,
    FollowUpTask,
    Stage,
)
from pavilion.core import audit
from pavilion.notifications import kinds
from pavilion.notifications.services import send_email, site_url

DEFAULT_MONTHS = (1, 3, 6, 12)
LINK_MAX_AGE = 60 * 60 * 24 * 30  # a sign-in link works for 30 days…
_SALT = "pavilion.follow-up-sign-in"  # …and only until the person next signs in


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@transaction.atomic
def plan_default_rounds(*, actor, edition) -> list[FollowUpRound]:
    """Create the 1/3/6/12-month rounds that do not exist yet. Side effects: rows, audit."""
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    rounds = []
    for months in DEFAULT_MONTHS:
        round_, created = FollowUpRound.objects.get_or_create(
            edition=edition,
            months_after=months,
            defaults={"due_on": add_months(edition.end_date, months)},
        )
        if created:
            rounds.append(round_)
    if rounds:
        audit.record(
            actor=actor,
            action="follow_up.rounds_planned",
            obj=edition,
            organisation=edition.show.organisation,
            months=[r.months_after for r in rounds],
        )
    return rounds


def sign_in_link(user, task: FollowUpTask) -> str:
    """A link that signs ``user`` in and opens the task. It stops working once they sign in."""
    value = f"{user.pk}:{task.pk}:{user.last_login.isoformat() if user.last_login else ''}"
    token = signing.TimestampSigner(salt=_SALT).sign(value)
    return reverse("follow-up-sign-in", args=[token])


def user_for_link(token: str):
    """The (user, task) a sign-in link is for, or raise signing.BadSignature."""
    value = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=LINK_MAX_AGE)
    user_id, task_id, last_login = value.split(":", 2)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    task = FollowUpTask.objects.filter(pk=task_id).select_related("round__edition").first()
    if user is None or task is None or user.company_id != task.company_id:
        raise signing.BadSignature("unknown user or task")
    if (user.last_login.isoformat() if user.last_login else "") != last_login:
        raise signing.BadSignature("the link was already used")
    return user, task


@transaction.atomic
def open_round(*, actor, round_: FollowUpRound, base_url: str | None = None) -> int:
    """Give every confirmed company a task and email its members a sign-in link.

    Re-opening a round notifies only companies not notified yet. Returns the
    number of emails sent. Side effects: tasks, emails (after commit), audit.
    """
    edition = round_.edition
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    companies = [
        p.company
        for p in Participation.objects.filter(
            edition=edition, status=ParticipationStatus.CONFIRMED
        ).select_related("company")
    ]
    now = timezone.now()
    sent = 0
    for company in companies:
        task, _created = FollowUpTask.objects.get_or_create(round=round_, company=company)
        if task.notified_at:
            continue
        for member in company.members.filter(is_active=True).exclude(email=""):
            path = sign_in_link(member, task)
            # Queued in the outbox; the worker sends it after the commit, so every
            # link points at a committed task.
            send_email(
                to=member,
                kind=kinds.FOLLOW_UP_ROUND,
                subject=gettext_lazy("%(edition)s: %(months)s-month follow-up"),
                template="notifications/email/follow_up_round",
                context={
                    "edition": edition,
                    "company": company,
                    "months": round_.months_after,
                    "action_url": site_url(path, base_url),
                    "action_label": gettext_lazy("Answer the follow-up"),
                },
                actor=actor,
                organisation=edition.show.organisation,
            )
            sent += 1
        task.notified_at = now
        task.save(update_fields=["notified_at"])
    round_.opened_at = round_.opened_at or now
    round_.save(update_fields=["opened_at"])
    audit.record(
        actor=actor,
        action="follow_up.round_opened",
        obj=round_,
        organisation=edition.show.organisation,
        emails=sent,
    )
    return sent


def can_answer(user, task: FollowUpTask) -> bool:
    return bool(
        user.is_authenticated
        and (
            (user.is_exhibitor and user.company_id == task.company_id)
            or permissions.can_manage_edition(user, task.round.edition)
        )
    )


@transaction.atomic
def answer_task(*, actor, task: FollowUpTask, answers: dict[int, dict]) -> int:
    """Record a company's answer: ``answers`` maps consultation id → {stage, amount, date, note}.

    Each change becomes a follow-up entry of the round (history kept); an
    unchanged consultation is left alone. Returns the number of changes.
    Side effects: follow-ups, consultations saved, the task marked answered, audit.
    """
    if not can_answer(actor, task):
        raise PermissionDenied
    consultations = {
        c.pk: c
        for c in Consultation.objects.filter(edition=task.round.edition, company_id=task.company_id)
    }
    unknown = set(answers) - set(consultations)
    if unknown:
        raise ValidationError(_("These consultations are not the company's: %s") % sorted(unknown))
    changes = 0
    for pk, answer in answers.items():
        consultation = consultations[pk]
        stage = answer.get("stage") or consultation.stage
        amount = answer.get("amount")
        if stage == consultation.stage and (amount is None or amount == consultation.amount):
            continue
        if stage not in Stage.values:
            raise ValidationError({"stage": _("Unknown stage.")})
        kind = (
            FollowUpKind.CONTRACT_SIGNED if stage == Stage.CONTRACT else FollowUpKind.ROUND_ANSWER
        )
        if stage == Stage.MOU and consultation.stage != Stage.MOU:
            kind = FollowUpKind.MOU_SIGNED
        services.add_follow_up(
            actor=actor,
            consultation=consultation,
            date=answer.get("date") or timezone.localdate(timezone=task.round.edition.tzinfo),
            kind=kind,
            stage=stage,
            amount=Decimal(amount) if amount is not None else None,
            outcome=answer.get("note", ""),
            round=task.round,
        )
        changes += 1
    task.answered_at = timezone.now()
    task.answered_by = actor
    task.save(update_fields=["answered_at", "answered_by"])
    audit.record(
        actor=actor,
        action="follow_up.answered",
        obj=task,
        organisation=task.round.edition.show.organisation,
        changes=changes,
    )
    return changes
