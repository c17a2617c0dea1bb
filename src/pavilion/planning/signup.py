"""A company without an account applies through the public call (issue #11).

:func:`start_company_sign_up` keeps the form as a :class:`CompanySignUp` and
e-mails a verification link; nothing else exists yet. :func:`confirm_company_sign_up`
(the link) creates, in one transaction, the account (its address verified
for allauth), the company and its draft application — or, when a company
with that business registration number exists, a request to join it (never
a second company). The applicant then submits the application on the
usual apply page. A member of the company or an operator decides a join
request with :func:`decide_join_request`.
"""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.accounts import mail
from pavilion.accounts.models import Role
from pavilion.companies import brn
from pavilion.companies.models import Company, JoinRequest, JoinRequestState, brn_problem
from pavilion.companies.rules import can_decide_join_request
from pavilion.core import audit
from pavilion.planning.models import Application, CompanySignUp
from pavilion.planning.services import APPLICATION_FIELDS

SIGN_UP_SALT = "pavilion.planning.company-sign-up"
SIGN_UP_MAX_AGE = timedelta(days=3)


def sign_up_open(cfp) -> bool:
    edition = cfp.edition
    return bool(edition.public_page and edition.public_call and cfp.is_open())


def _email_taken(email: str) -> bool:
    User = get_user_model()
    if User.objects.filter(email__iexact=email).exists():
        return True
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        return EmailAddress.objects.filter(email__iexact=email).exists()
    return False


def sign_up_token(sign_up: CompanySignUp) -> str:
    return signing.dumps({"s": sign_up.pk, "e": sign_up.email}, salt=SIGN_UP_SALT)


def sign_up_link(sign_up: CompanySignUp) -> str:
    from pavilion.notifications.services import site_url

    return site_url(reverse("public-sign-up-confirm", kwargs={"token": sign_up_token(sign_up)}))


def sign_up_errors(*, cfp, values: dict) -> dict[str, list[str]]:
    """Every problem with a sign-up's fields at once, keyed by field."""
    errors: dict[str, list[str]] = {}
    email = (values.get("email") or "").strip()
    if email and _email_taken(email):
        errors["email"] = [
            _("An account with this e-mail address exists: sign in and apply from your account.")
        ]
    try:
        brn.normalise(values.get("business_registration_number"))
    except brn.InvalidBRN as exc:
        errors["business_registration_number"] = [brn_problem(exc)]
    for name in ("applicant_name", "email", "name_ko", "name_en", "password"):
        if not (values.get(name) or "").strip():
            errors.setdefault(name, []).append(_("This field is required."))
    if values.get("password"):
        User = get_user_model()
        probe = User(email=email, first_name=values.get("applicant_name", ""))
        try:
            validate_password(values["password"], user=probe)
        except ValidationError as exc:
            errors.setdefault("password", []).extend(exc.messages)
    unknown = set(values.get("application", {})) - set(APPLICATION_FIELDS)
    if unknown:
        errors["application"] = [_("This field cannot be set.")]
    return errors


@transaction.atomic
def start_company_sign_up(
    *,
    cfp,
    applicant_name: str,
    email: str,
    password: str,
    language: str,
    name_ko: str,
    name_en: str,
    business_registration_number: str,
    application: dict,
) -> CompanySignUp:
    """Keep a company's sign-up until its e-mail address is verified, and
    e-mail the verification link (valid 3 days, once). Raises PermissionDenied
    when the public call is closed, ValidationError keyed by field for bad
    input. Side effects: one CompanySignUp (password hashed), one e-mail."""
    if not sign_up_open(cfp):
        raise PermissionDenied(_("The call for participation is closed."))
    values = {
        "applicant_name": applicant_name,
        "email": email,
        "password": password,
        "name_ko": name_ko,
        "name_en": name_en,
        "business_registration_number": business_registration_number,
        "application": application,
    }
    errors = sign_up_errors(cfp=cfp, values=values)
    if errors:
        raise ValidationError(errors)
    sign_up = CompanySignUp.objects.create(
        cfp=cfp,
        applicant_name=applicant_name.strip(),
        email=email.strip().lower(),
        password_hash=make_password(password),
        language=language if language in ("en", "ko") else "ko",
        name_ko=name_ko.strip(),
        name_en=name_en.strip(),
        business_registration_number=brn.normalise(business_registration_number),
        application={k: _jsonable(v) for k, v in application.items()},
    )
    mail.send(
        kind="registration",
        to=sign_up.email,
        subject=gettext_lazy("Confirm your e-mail address to apply"),
        template="public/email/sign_up_verify",
        context={"sign_up": sign_up, "link": sign_up_link(sign_up), "edition": cfp.edition},
        language=sign_up.language,
        organisation=cfp.edition.show.organisation,
    )
    return sign_up


def _jsonable(value):
    return str(value) if value is not None and not isinstance(value, bool | int | str) else value


def sign_up_from_token(token: str) -> CompanySignUp:
    """The sign-up a link names; ValidationError for a bad, expired or used link."""
    try:
        data = signing.loads(token, salt=SIGN_UP_SALT, max_age=SIGN_UP_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationError(_("This link has expired: apply again.")) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("This link is not valid.")) from exc
    sign_up = CompanySignUp.objects.filter(pk=data.get("s"), email=data.get("e")).first()
    if sign_up is None:
        raise ValidationError(_("This link is not valid."))
    if sign_up.verified_at is not None:
        raise ValidationError(_("This link has already been used: sign in."))
    return sign_up


def _unique_username(email: str) -> str:
    User = get_user_model()
    base = email[:140]
    name, i = base, 1
    while User.objects.filter(username=name).exists():
        i += 1
        name = f"{base}-{i}"
    return name


@transaction.atomic
def confirm_company_sign_up(*, token: str):
    """Create the account, the company and the draft application together (all
    or nothing), or the account and a request to join the company that has the
    same registration number. Returns ``(user, application or None,
    join_request or None)``. Side effects: User, allauth EmailAddress
    (verified), Company + Application or JoinRequest, e-mails to the company's
    members for a join request, audit entries."""
    sign_up = sign_up_from_token(token)
    sign_up = CompanySignUp.objects.select_for_update().get(pk=sign_up.pk)
    if sign_up.verified_at is not None:
        raise ValidationError(_("This link has already been used: sign in."))
    if _email_taken(sign_up.email):
        raise ValidationError(
            _("An account with this e-mail address exists: sign in and apply from your account.")
        )
    cfp = sign_up.cfp
    organisation = cfp.edition.show.organisation
    User = get_user_model()
    names = sign_up.applicant_name.split(" ", 1)
    user = User(
        username=_unique_username(sign_up.email),
        email=sign_up.email,
        first_name=names[0][:150],
        last_name=(names[1] if len(names) > 1 else "")[:150],
        role=Role.EXHIBITOR,
        organisation=organisation,
        language=sign_up.language,
        password=sign_up.password_hash,
    )
    existing = Company.objects.filter(
        organisation=organisation,
        business_registration_number=sign_up.business_registration_number,
    ).first()
    application = join_request = None
    if existing is None:
        company = Company(
            organisation=organisation,
            name_ko=sign_up.name_ko,
            name_en=sign_up.name_en,
            business_registration_number=sign_up.business_registration_number,
            contact_email=sign_up.email,
        )
        company.full_clean()
        company.save()
        user.company = company
        user.save()
        application = Application(cfp=cfp, company=company)
        for name, value in sign_up.application.items():
            setattr(application, name, value)
        application.full_clean(exclude=["cfp", "company"], validate_constraints=False)
        application.save()
        audit.record(
            actor=user, action="companies.signed_up", obj=company, organisation=organisation
        )
        audit.record(
            actor=user,
            action="planning.application_saved",
            obj=application,
            organisation=organisation,
        )
    else:
        user.save()
        join_request = JoinRequest.objects.create(company=existing, user=user)
        audit.record(
            actor=user,
            action="companies.join_requested",
            obj=join_request,
            organisation=organisation,
        )
        for member in existing.members.filter(is_active=True).exclude(email=""):
            mail.send(
                kind="registration",
                to=member,
                subject=gettext_lazy("Someone asks to join your company on Pavilion"),
                template="public/email/join_requested",
                context={"join_request": join_request, "company": existing, "applicant": user},
                language=member.language,
            )
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    sign_up.verified_at = timezone.now()
    sign_up.save(update_fields=["verified_at"])
    return user, application, join_request


@transaction.atomic
def decide_join_request(*, actor, join_request: JoinRequest, approve: bool) -> JoinRequest:
    """A member of the company or an operator approves (the applicant becomes
    a member) or declines a request to join; the applicant is e-mailed either
    way. Side effects: JoinRequest (and the applicant's user) saved, e-mail, audit."""
    join_request = (
        JoinRequest.objects.select_for_update()
        .select_related("company", "user")
        .get(pk=join_request.pk)
    )
    if not can_decide_join_request(actor, join_request):
        raise PermissionDenied
    if join_request.state != JoinRequestState.PENDING:
        raise ValidationError(_("This request has already been decided."))
    applicant = join_request.user
    join_request.state = JoinRequestState.APPROVED if approve else JoinRequestState.DECLINED
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save()
    if approve:
        if applicant.company_id and applicant.company_id != join_request.company_id:
            raise ValidationError(_("This person already belongs to another company."))
        applicant.company = join_request.company
        applicant.role = Role.EXHIBITOR
        applicant.save(update_fields=["company", "role"])
    mail.send(
        kind="registration",
        to=applicant,
        subject=gettext_lazy("Your request to join a company on Pavilion"),
        template="public/email/join_decided",
        context={
            "join_request": join_request,
            "company": join_request.company,
            "approved": approve,
        },
        language=applicant.language,
        actor=actor,
    )
    audit.record(
        actor=actor,
        action="companies.join_approved" if approve else "companies.join_declined",
        obj=join_request,
        organisation=join_request.company.organisation,
    )
    return join_request
