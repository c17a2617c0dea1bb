"""Writes about consultations: log, correct, follow up. One transaction each, audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from pavilion.accounts import permissions
from pavilion.consultations.models import (
    FUNNEL,
    Consultation,
    ConsultationKind,
    FollowUp,
    FollowUpKind,
    Stage,
)
from pavilion.core import audit, datetimes, money

# A follow-up of these kinds moves the deal to this stage at least.
KIND_STAGE = {
    FollowUpKind.MOU_SIGNED: Stage.MOU,
    FollowUpKind.CONTRACT_SIGNED: Stage.CONTRACT,
}


def can_log_consultation(user, *, company, edition) -> bool:
    """Operators for any company of their organisation; exhibitors for their own."""
    if permissions.can_manage_organisation(user, edition.show.organisation_id):
        return company.organisation_id == edition.show.organisation_id
    return bool(
        user.is_authenticated
        and user.is_exhibitor
        and user.company_id == company.pk
        and company.organisation_id == edition.show.organisation_id
    )


def can_change_consultation(user, consultation: Consultation) -> bool:
    return can_log_consultation(user, company=consultation.company, edition=consultation.edition)


def closed_edition_problem(user, edition) -> str | None:
    """Why ``user`` may not log or change consultations of a closed edition.

    Closing freezes what exhibitors report; the organisation's operators may
    still correct, and each such change is flagged on the report.
    """
    if edition.closed_at is None:
        return None
    if permissions.can_manage_organisation(user, edition.show.organisation_id):
        return None
    return _(
        "%(edition)s is closed: its results are final, so consultations can no longer be "
        "logged or changed. Ask the pavilion's operators for a correction."
    ) % {"edition": edition.name}


def _refuse_if_closed(user, edition) -> dict:
    """Raise the closed-edition refusal; else the audit details of a change after closing."""
    problem = closed_edition_problem(user, edition)
    if problem:
        raise ValidationError(problem, code="edition_closed")
    return {"closed_edition": edition.pk} if edition.closed_at is not None else {}


def _check_parties(*, company, partner, contact, edition):
    errors = {}
    org = edition.show.organisation_id
    if company.organisation_id != org:
        errors["company"] = _("The company is not one of this organisation's.")
    if partner.organisation_id != org:
        errors["partner"] = _("The buyer or investor is not one of this organisation's.")
    if contact is not None and contact.partner_id != partner.pk:
        errors["contact"] = _("The contact works for another buyer or investor.")
    if errors:
        raise ValidationError(errors)


# The largest amount every database we run on stores exactly: SQLite keeps 15
# significant digits of a decimal (PostgreSQL's numeric(20, 2) keeps more), so
# 13 digits before the point and 2 after. Larger figures would be rounded.
MAX_AMOUNT = Decimal("9999999999999.99")


def amount_too_large() -> str:
    return _("The amount is too large: at most %(max)s.") % {"max": f"{MAX_AMOUNT:,}"}


def amount_problem(amount: Decimal | None) -> str | None:
    """Why an amount cannot be stored: negative, or larger than the field keeps exactly."""
    if amount is None:
        return None
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return _("The amount is not a number.")
    if amount < 0:
        return _("The amount cannot be negative.")
    if amount > MAX_AMOUNT:
        return amount_too_large()
    return None


def check_consultation_from(
    *,
    partner,
    kind: str,
    amount,
    currency: str,
    default_kind: str,
    default_currency: str,
    partner_missing: str | None = None,
) -> tuple[str, Decimal | None, str]:
    """Check what was sent to record a consultation from something else (a booth
    lead, a pitch): the buyer or investor (required, never guessed), the kind, an
    optional amount (text as typed, or a Decimal) and its currency.

    Empty ``kind`` and ``currency`` take the defaults. Returns ``(kind, amount,
    currency)`` cleaned; raises every problem at once, by field, otherwise.
    """
    errors = {}
    if partner is None:
        errors["partner"] = partner_missing or _("Choose the buyer or investor.")
    kind = kind or default_kind
    if kind not in ConsultationKind.values:
        errors["kind"] = _("Choose a kind of consultation from the list.")
    currency = (currency or default_currency).strip().upper()
    if currency not in money.CURRENCIES:
        errors["currency"] = _("Choose a currency from the list.")
    if amount in (None, ""):
        amount = None
    elif not isinstance(amount, Decimal):
        try:
            amount = money.parse_amount(amount)
        except money.MoneyError:
            errors["amount"] = _("Give the amount as a number, e.g. 250000, or leave it empty.")
            amount = None
    if problem := amount_problem(amount):
        errors["amount"] = problem
    if errors:
        raise ValidationError(errors)
    return kind, amount, currency


def default_currency(edition) -> str:
    """The currency a new consultation starts in, on every form: the one most
    used in the edition's consultations so far (at CES, dollars), else the
    edition's reporting currency."""
    top = (
        Consultation.objects.filter(edition=edition)
        .values("currency")
        .annotate(n=Count("id"))
        .order_by("-n", "currency")
        .first()
    )
    return top["currency"] if top else edition.reporting_currency


def follow_up_date_problem(consultation: Consultation, day) -> str | None:
    """Why a follow-up's date is refused: a follow-up records what happened
    after the consultation, so it lies between the consultation's day and
    today, both in the show's time zone. (A contract dated before its talk
    would count in neither the on-site nor the after-show results.)"""
    if day is None:
        return None
    zone = consultation.edition.tzinfo
    first = timezone.localtime(consultation.occurred_at, zone).date()
    if day < first:
        return _("A follow-up cannot be dated before its consultation (%(date)s).") % {
            "date": first.isoformat()
        }
    if day > timezone.localdate(timezone=zone):
        return _("A follow-up records what happened: %(date)s is still to come.") % {
            "date": day.isoformat()
        }
    return None


def duplicate_problem(consultation: Consultation) -> str | None:
    """Why ``consultation`` cannot be stored: another one of the same edition,
    company, buyer or investor, time and kind (the natural key) is logged.

    Names what clashes, in the reader's language, instead of the database
    constraint's generic message."""
    c = consultation
    if not (c.edition_id and c.company_id and c.partner_id and c.occurred_at and c.kind):
        return None
    same = Consultation.objects.filter(
        edition_id=c.edition_id,
        company_id=c.company_id,
        partner_id=c.partner_id,
        occurred_at=c.occurred_at,
        kind=c.kind,
    )
    if c.pk is not None:
        same = same.exclude(pk=c.pk)
    if not same.exists():
        return None
    return _(
        "%(company)s and %(partner)s already have a consultation of the kind "
        "“%(kind)s” logged at %(when)s. Correct that one, or give this one another "
        "time or kind."
    ) % {
        "company": c.company.name,
        "kind": c.get_kind_display(),
        "partner": c.partner.name,
        "when": datetimes.format_when(c.occurred_at, c.edition),
    }


def _save_consultation(consultation: Consultation) -> None:
    """Save; a twin stored meanwhile by a concurrent request is refused by the
    database's unique constraint, and answered with the same human message."""
    try:
        with transaction.atomic():
            consultation.save()
    except IntegrityError:
        if problem := duplicate_problem(consultation):
            raise ValidationError({"occurred_at": problem}, code="duplicate") from None
        raise


def _clean(record, problems: dict[str, str | bool | None]) -> None:
    """``full_clean`` the record, adding our own problems by field; raise them all at once.

    Our message replaces the model's for the same field (one clear reason each).
    A consultation's natural key is checked by ``duplicate_problem`` (the
    model's own check would name the constraint's fields, not the clash).
    """
    errors = {name: [message] for name, message in problems.items() if message}
    is_consultation = isinstance(record, Consultation)
    if is_consultation and "occurred_at" not in errors and (problem := duplicate_problem(record)):
        errors["occurred_at"] = [problem]
    try:
        record.full_clean(validate_constraints=not is_consultation)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)


def stamp_signatures(consultation: Consultation, on: date):
    """Record when the deal reached MoU or contract (first time only), and take a
    signature back when a correction moves the deal to a live stage before it:
    a contract set by mistake must not stay counted as signed. A lost deal keeps
    its dates (it was signed, then fell through)."""
    if consultation.stage == Stage.MOU and consultation.mou_signed_on is None:
        consultation.mou_signed_on = on
    if consultation.stage == Stage.CONTRACT and consultation.contract_signed_on is None:
        consultation.contract_signed_on = on
    if consultation.stage in FUNNEL:
        reached = FUNNEL.index(consultation.stage)
        if reached < FUNNEL.index(Stage.CONTRACT):
            consultation.contract_signed_on = None
        if reached < FUNNEL.index(Stage.MOU):
            consultation.mou_signed_on = None


def plan_follow_up(
    consultation: Consultation,
    *,
    date,
    kind: str,
    outcome: str = "",
    stage: str | None = None,
    amount: Decimal | None = None,
    next_step: str = "",
    round=None,
    created_by=None,
) -> tuple[FollowUp, dict[str, str]]:
    """The follow-up that would move ``consultation`` (not saved), and what is wrong
    with it by field: one rule for the pages, the API, the rounds and imports.

    Signing an MoU or a contract moves the stage there (at least); the follow-up
    keeps the stage and amount before it, so the history is complete."""
    new_stage = stage or KIND_STAGE.get(kind) or consultation.stage
    problems = {}
    if kind in KIND_STAGE and new_stage == Stage.LOST:
        problems["stage"] = _("A signed deal cannot be marked lost at once.")
    if problem := follow_up_date_problem(consultation, date):
        problems["date"] = problem
    follow_up = FollowUp(
        consultation=consultation,
        date=date,
        kind=kind,
        outcome=outcome,
        stage_before=consultation.stage,
        stage_after=new_stage,
        amount_before=consultation.amount,
        amount=amount,
        currency=consultation.currency,
        next_step=next_step,
        round=round,
        created_by=created_by,
    )
    return follow_up, problems


def apply_follow_up(consultation: Consultation, follow_up: FollowUp) -> None:
    """Move the consultation as the follow-up says: stage, amount, signing dates."""
    consultation.stage = follow_up.stage_after
    if follow_up.amount is not None:
        consultation.amount = follow_up.amount
    if follow_up.kind == FollowUpKind.MOU_SIGNED and consultation.mou_signed_on is None:
        consultation.mou_signed_on = follow_up.date
    stamp_signatures(consultation, follow_up.date)


@transaction.atomic
def log_consultation(
    *,
    actor,
    edition,
    company,
    partner,
    kind: str,
    occurred_at,
    currency: str,
    amount: Decimal | None = None,
    contact=None,
    stage: str = Stage.CONSULTED,
    source: str = "walk_in",
    notes: str = "",
) -> Consultation:
    """Log a consultation. Side effects: one Consultation, one audit entry."""
    if not can_log_consultation(actor, company=company, edition=edition):
        raise PermissionDenied
    after_closing = _refuse_if_closed(actor, edition)
    _check_parties(company=company, partner=partner, contact=contact, edition=edition)
    consultation = Consultation(
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
        created_by=actor if actor.is_authenticated else None,
    )
    if occurred_at is not None:
        stamp_signatures(consultation, timezone.localtime(occurred_at, edition.tzinfo).date())
    _clean(
        consultation,
        {
            "occurred_at": edition.show_day_problem(occurred_at),
            "amount": amount_problem(amount),
        },
    )
    _save_consultation(consultation)
    audit.record(
        actor=actor,
        action="consultation.logged",
        obj=consultation,
        organisation=company.organisation,
        stage=stage,
        amount=amount,
        currency=currency,
        **after_closing,
    )
    return consultation


CORRECTABLE = ("partner", "contact", "kind", "occurred_at", "amount", "currency", "source", "notes")


@transaction.atomic
def correct_consultation(*, actor, consultation: Consultation, **changes) -> Consultation:
    """Correct a consultation's facts (not its stage: that moves with follow-ups).

    Side effects: save, one audit entry listing the old and new values.
    """
    if not can_change_consultation(actor, consultation):
        raise PermissionDenied
    after_closing = _refuse_if_closed(actor, consultation.edition)
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    before = {name: getattr(consultation, name) for name in changes}
    for name, value in changes.items():
        setattr(consultation, name, value)
    _check_parties(
        company=consultation.company,
        partner=consultation.partner,
        contact=consultation.contact,
        edition=consultation.edition,
    )
    _clean(
        consultation,
        {
            "occurred_at": "occurred_at" in changes
            and consultation.edition.show_day_problem(changes["occurred_at"]),
            "amount": "amount" in changes and amount_problem(changes["amount"]),
        },
    )
    _save_consultation(consultation)
    audit.record(
        actor=actor,
        action="consultation.corrected",
        obj=consultation,
        organisation=consultation.company.organisation,
        before={k: str(v) for k, v in before.items()},
        after={k: str(getattr(consultation, k)) for k in changes},
        **after_closing,
    )
    return consultation


@transaction.atomic
def add_follow_up(
    *,
    actor,
    consultation: Consultation,
    date: date,
    kind: str,
    outcome: str = "",
    stage: str | None = None,
    amount: Decimal | None = None,
    next_step: str = "",
    round=None,
) -> FollowUp:
    """Add a dated follow-up; move the consultation's stage and amount with it.

    Signing an MoU or a contract moves the stage there (at least). The
    consultation's amount becomes the follow-up's amount when one is given;
    the follow-up keeps the previous stage and amount, so history is complete.
    Side effects: one FollowUp, the consultation saved, one audit entry.
    """
    if not can_change_consultation(actor, consultation):
        raise PermissionDenied
    after_closing = _refuse_if_closed(actor, consultation.edition)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    follow_up, problems = plan_follow_up(
        consultation,
        date=date,
        kind=kind,
        outcome=outcome,
        stage=stage,
        amount=amount,
        next_step=next_step,
        round=round,
        created_by=actor if actor.is_authenticated else None,
    )
    _clean(follow_up, {**problems, "amount": amount_problem(amount)})
    follow_up.save()
    apply_follow_up(consultation, follow_up)
    new_stage = follow_up.stage_after
    consultation.full_clean()
    consultation.save()
    audit.record(
        actor=actor,
        action="consultation.followed_up",
        obj=consultation,
        organisation=consultation.company.organisation,
        kind=kind,
        stage_before=follow_up.stage_before,
        stage_after=new_stage,
        amount=amount,
        **after_closing,
    )
    return follow_up
