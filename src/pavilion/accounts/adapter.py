"""Pavilion's hooks into django-allauth: who may sign up, where people land,
how allauth's own e-mails are sent."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import translation

from pavilion.accounts import mail

# A view of a flow that may create accounts (the call's company sign-up, an
# accepted invitation) sets this attribute on the request; everywhere else
# allauth's open sign-up stays closed.
SIGNUP_FLAG = "pavilion_signup_open"


def allow_signup(request) -> None:
    """Let allauth create an account during this request (see SIGNUP_FLAG)."""
    setattr(request, SIGNUP_FLAG, True)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Nobody creates an account by themselves except through a flow that
        # says who they are: an invitation or the call for participation.
        return bool(getattr(request, SIGNUP_FLAG, False))

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
