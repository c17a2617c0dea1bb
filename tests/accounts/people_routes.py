"""The permission matrix's entries for sign-in (django-allauth), the users page
and invitations (issue #11, part A)."""

from datetime import timedelta

from django.utils import timezone

from pavilion.accounts.models import PersonInvitation, Role, User, hash_secret
from tests.accounts.matrix import Route, roles

GONE = roles(410, anonymous=410)


def spare_user(w):
    """A person of the world's organisation whom the matrix may deactivate."""
    user, _ = User.objects.get_or_create(
        username=f"spare-{w.organisation.slug}",
        defaults={"role": Role.OFFICIAL, "organisation": w.organisation},
    )
    return user


def pending_invitation(w):
    invitation, _ = PersonInvitation.objects.get_or_create(
        organisation=w.organisation,
        email=f"invited@{w.organisation.slug}.example",
        defaults={
            "role": "official",
            "token_hash": hash_secret(f"token-{w.organisation.slug}"),
            "expires_at": timezone.now() + timedelta(days=14),
            "invited_by": w.operator,
        },
    )
    return invitation


ROUTES = {
    # django-allauth: sign-in and the account's own pages
    "account_login": Route(get=roles(302, anonymous=200), post=roles(302, anonymous=200)),
    "account_logout": Route(get=roles(200), post=roles("login")),  # back to the sign-in page
    "account_inactive": Route(get=roles(200, anonymous=200)),
    # Open sign-up is closed: the page says so to everyone, and nothing is created.
    "account_signup": Route(get=roles(302, anonymous=200), post=roles(302, anonymous=200)),
    "account_reauthenticate": Route(get=roles(200), post=roles(200)),
    # Codes are off: allauth sends the person back.
    "account_request_reauthentication_code": Route(get=roles(302), post=roles(302)),
    "account_confirm_reauthentication_code": Route(get=roles(302), post=roles(302)),
    "account_email": Route(get=roles(200), post=roles(302)),
    "account_email_verification_sent": Route(get=roles(200, anonymous=200)),
    "account_change_password": Route(get=roles(200), post=roles(200)),
    "account_set_password": Route(get=roles(302), post=roles(302)),
    # 200 on POST: the empty form is refused.
    "account_reset_password": Route(get=roles(200, anonymous=200), post=roles(200, anonymous=200)),
    "account_reset_password_done": Route(get=roles(200, anonymous=200)),
    "account_reset_password_from_key": Route(
        args=lambda w: {"uidb36": "0", "key": "not-a-valid-key"},
        get=roles(200, anonymous=200),
        post=roles(200, anonymous=200),
        scoped=False,
    ),
    "account_reset_password_from_key_done": Route(get=roles(200, anonymous=200)),
    "account_confirm_login_code": Route(get=roles(302), post=roles(302)),
    "account_confirm_email": Route(
        args=lambda w: {"key": "not-a-valid-key"},
        get=roles(200, anonymous=200),
        post=roles(404, anonymous=404),
        scoped=False,
    ),
    # allauth.mfa: TOTP and recovery codes
    "mfa_index": Route(get=roles(200), post=roles(405)),
    "mfa_authenticate": Route(get=roles(302), post=roles(302)),
    "mfa_reauthenticate": Route(get=roles(302), post=roles(302)),
    "mfa_activate_totp": Route(get=roles(302), post=roles(302)),
    "mfa_deactivate_totp": Route(get=roles(404), post=roles(404)),
    "mfa_view_recovery_codes": Route(get=roles(404), post=roles(405)),
    "mfa_generate_recovery_codes": Route(get=roles(302), post=roles(302)),
    "mfa_download_recovery_codes": Route(get=roles(404), post=roles(404)),
    # The operators' users page and invitations
    "user-list": Route(get=roles(403, operator=200)),
    "user-totp-policy": Route(post=roles(403, operator=302)),
    "user-deactivate": Route(
        args=lambda w: {"pk": spare_user(w).pk}, post=roles(404, operator=302)
    ),
    "user-reactivate": Route(
        args=lambda w: {"pk": spare_user(w).pk}, post=roles(404, operator=302)
    ),
    # Operators invite anyone; a company member a colleague (empty form: 400).
    "invite-person": Route(
        get=roles(403, operator=200, exhibitor=200),
        post=roles(403, operator=400, exhibitor=400),
    ),
    "invite-bulk": Route(get=roles(403, operator=200), post=roles(403, operator=200)),
    "invitation-resend": Route(
        args=lambda w: {"pk": pending_invitation(w).pk}, post=roles(404, operator=302)
    ),
    "invitation-revoke": Route(
        args=lambda w: {"pk": pending_invitation(w).pk}, post=roles(404, operator=302)
    ),
    # The e-mailed link: a wrong token is 410 for everyone, signed in or not.
    "invitation-accept": Route(
        args=lambda w: {"token": "not-a-valid-link"}, get=GONE, post=GONE, scoped=False
    ),
}
