"""Pavilion's hooks into django-allauth: who may sign up, where people land,
how allauth's own e-mails are sent."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from pavilion.accounts import mail

# A view of a flow that may create accounts (the call's company sign-up, an
# accepted invitation) sets this attribute on the request; everywhere else
# allauth's open sign-up stays closed.
SIGNUP_FLAG = "pavilion_signup_open"


def allow_signup(request) -> None:
    """Let allauth create an account during this request (see SIGNUP_FLAG)."""
    setattr(request, SIGNUP_FLAG, True)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Said the same whether the password typed was right or wrong, so a
        # lock-out tells a guesser nothing.
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts for this account or from this address. "
            "Wait 15 minutes and try again, or reset your password."
        ),
    }

    def is_open_for_signup(self, request) -> bool:
        # Nobody creates an account by themselves except through a flow that
        # says who they are: an invitation or the call for participation.
        return bool(getattr(request, SIGNUP_FLAG, False))

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failures per identifier typed; a person signs in with
        # their username or their e-mail, so count per account when the
        # identifier names one, or a guesser gets twice the tries.
        login = (credentials.get("email") or credentials.get("username") or "").strip()
        matches = list(
            get_user_model()
            .objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
            .values_list("pk", flat=True)[:2]
        )
        if len(matches) == 1:
            return f"user:{matches[0]}"
        return f"login:{login.lower()}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's mails (verification, password reset…) in the recipient's
        language, through Pavilion's mail queue."""
        request = getattr(self, "request", None) or context.get("request")
        user = context.get("user")
        if user is None:
            user = get_user_model().objects.filter(email__iexact=email).first()
        language = getattr(user, "language", None) or translation.get_language()
        ctx = {"email": email, "site_name": "Pavilion", **context}
        if request is not None:
            ctx.setdefault("request", request)
            ctx.setdefault("current_site", _site(request))
        with translation.override(language):
            subject = render_to_string(f"{template_prefix}_subject.txt", ctx)
            subject = self.format_email_subject(" ".join(subject.splitlines()).strip())
        mail.send(
            to=email,
            kind=template_prefix.rsplit("/", 1)[-1],
            subject=subject,
            template=f"{template_prefix}_message",
            context=ctx,
            language=language,
            actor=user if getattr(user, "pk", None) else None,
        )


def _site(request):
    from django.contrib.sites.shortcuts import get_current_site

    return get_current_site(request)


def display_name(user) -> str:
    """How allauth's messages name a person ("Signed in as …"): their name, else
    their username."""
    return user.get_full_name() or user.get_username()
