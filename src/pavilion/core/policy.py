"""Who may do what, as ``core`` asks it, without importing the apps that decide.

``core`` sits below every domain app (see the layers section of the
architecture notes), yet its import/export pages and its admin scoping must
ask "may this user import?". The accounts app answers: it registers its
predicates here from its ``AppConfig.ready()``, and core calls them by name.
"""

from __future__ import annotations

from collections.abc import Callable

_ANSWERS: dict[str, Callable] = {}

#: What core asks. A missing answer is a start-up bug, not a "no".
QUESTIONS = (
    "can_import",  # (user) → bool
    "can_export",  # (user) → bool
    "can_export_everything",  # (user) → bool: the whole organisation in one ZIP
    "is_operator",  # (user) → bool
    "visible_editions",  # (user) → QuerySet of the editions the user may read
    "active_operators",  # () → QuerySet of the active operator accounts
)


def register(**answers: Callable) -> None:
    unknown = set(answers) - set(QUESTIONS)
    if unknown:
        raise ValueError(f"core asks no such question: {', '.join(sorted(unknown))}")
    _ANSWERS.update(answers)


def ask(question: str, *args, **kwargs):
    try:
        answer = _ANSWERS[question]
    except KeyError:
        raise LookupError(f"nothing answers {question!r}: is the accounts app installed?") from None
    return answer(*args, **kwargs)


def can_import(user) -> bool:
    return bool(ask("can_import", user))


def can_export(user) -> bool:
    return bool(ask("can_export", user))


def can_export_everything(user) -> bool:
    return bool(ask("can_export_everything", user))


def is_operator(user) -> bool:
    return bool(ask("is_operator", user))


def visible_editions(user):
    return ask("visible_editions", user)


def active_operators():
    return ask("active_operators")
