"""The kinds of e-mail Pavilion sends, and which of them a person may turn off.

A kind is a short code stored on every outbox message. Optional kinds appear on
the person's notification page; the others (account and security mail, decisions
and invitations that need an answer) always go out. A kind that is not
registered is treated as required, so a new caller can never silence mail by
mistake; register it here (or with :func:`register_kind` from an app's
``AppConfig.ready``) to give it a label.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    optional: bool = False
    help: str | Promise = ""


KINDS: dict[str, Kind] = {}


def register_kind(code: str, label, *, optional: bool = False, help="") -> Kind:
    kind = Kind(code=code, label=label, optional=optional, help=help)
    KINDS[code] = kind
    return kind


def get_kind(code: str) -> Kind:
    return KINDS.get(code) or Kind(code=code, label=code, optional=False)


def optional_kinds() -> list[Kind]:
    return [k for k in KINDS.values() if k.optional]


# Meetings: a person may turn these off (the agenda page shows the same).
MEETING_REQUEST_RECEIVED = register_kind(
    "meeting_request_received",
    _("Someone asks to meet you"),
    optional=True,
    help=_("A company or a buyer or investor asks for a meeting."),
).code
MEETING_REQUEST_ANSWERED = register_kind(
    "meeting_request_answered",
    _("Your meeting request is answered"),
    optional=True,
    help=_("The other side accepts or declines your request."),
).code
SCHEDULE_PUBLISHED = register_kind(
    "schedule_published",
    _("The meeting schedule is published"),
    optional=True,
    help=_("Your agenda, with a calendar file to import."),
).code
MEETING_REMINDER = register_kind(
    "meeting_reminder",
    _("Reminder of tomorrow's meetings"),
    optional=True,
    help=_("Sent the day before, in the show's time zone."),
).code
# A meeting moved or cancelled: the person would otherwise go to the wrong table.
MEETING_CHANGED = register_kind("meeting_changed", _("A meeting moved or was cancelled")).code
# The call for participation and the follow-up after the show.
APPLICATION_RECEIVED = register_kind("application_received", _("Application received")).code
APPLICATION_DECIDED = register_kind("application_decided", _("Application decided")).code
PAVILION_INVITATION = register_kind(
    "pavilion_invitation", _("Invitation to join the pavilion")
).code
FOLLOW_UP_ROUND = register_kind("follow_up_round", _("Follow-up round opened")).code
# Accounts (sign-up, verification, invitations, password reset, registrations).
ACCOUNT = register_kind("account", _("Account and security")).code
INVITATION = register_kind("invitation", _("Invitation to Pavilion")).code
REGISTRATION = register_kind("registration", _("Registration and sign-up")).code
