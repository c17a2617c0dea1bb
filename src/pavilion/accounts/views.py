from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pavilion.accounts import forms, permissions, queries, services
from pavilion.accounts.models import INVITATION_VALID_FOR, InvitationRole, PersonInvitation
from pavilion.core.forms import FAILED, save_through


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def api_tokens(request):
    """The user's own API tokens, for scripts and scanning devices."""
    new_key = None
    error = None
    if request.method == "POST":
        try:
            _token, new_key = services.issue_api_token(
                actor=request.user, name=request.POST.get("name", "")
            )
        except ValidationError as exc:
            error = exc.message_dict.get("name", exc.messages)[0]
    tokens = request.user.api_tokens.order_by("revoked", "-created_at")
    return render(
        request,
        "accounts/api_tokens.html",
        {"tokens": tokens, "new_key": new_key, "error": error},
    )


@require_POST
@login_required
def revoke_api_token(request, pk):
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("api-tokens")


# --- people: the operators' users page and invitations ------------------------


def _operator_only(request):
    if not permissions.is_operator(request.user):
        raise PermissionDenied


@require_safe
@login_required
def user_list(request):
    """The organisation's people: role, company or partner, last sign-in,
    verified e-mail, TOTP; and the invitations still open."""
    _operator_only(request)
    return render(
        request,
        "accounts/user_list.html",
        {
            "users": queries.organisation_users(request.user),
            "invitations": queries.open_invitations(request.user),
            "form": forms.InviteForm(
                organisation=request.user.organisation,
                initial={"language": request.LANGUAGE_CODE},
            ),
            "organisation": request.user.organisation,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def invite(request):
    """Invite one person: operators to any role, a company member a colleague."""
    user = request.user
    if permissions.is_operator(user):
        form_class, kwargs = forms.InviteForm, {"organisation": user.organisation}
    elif user.is_exhibitor:
        form_class, kwargs = forms.ColleagueForm, {}
    else:
        raise PermissionDenied
    form = form_class(
        request.POST if request.method == "POST" else None,
        initial={"language": request.LANGUAGE_CODE},
        **kwargs,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if form_class is forms.ColleagueForm:
            call = {
                "role": InvitationRole.EXHIBITOR,
                "organisation": user.company.organisation,
                "company": user.company,
            }
        else:
            call = {
                "role": data["role"],
                "organisation": user.organisation,
                "company": data["company"],
                "partner": data["partner"],
                "edition": data["edition"],
            }
        invitation = save_through(
            form,
            lambda: services.invite_person(
                actor=user,
                email=data["email"],
                language=data["language"],
                **call,
            ),
        )
        if invitation is not FAILED:
            messages.success(
                request,
                _("The invitation was sent to %(email)s; the link works for %(days)s days.")
                % {"email": invitation.email, "days": INVITATION_VALID_FOR.days},
            )
            return redirect("user-list" if permissions.is_operator(user) else "invite-person")
    return render(
        request,
        "accounts/invite.html",
        {"form": form, "colleague": form_class is forms.ColleagueForm},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def bulk_invite(request):
    """Invite the imported companies' or partners' contacts: preview, then send."""
    _operator_only(request)
    organisation = request.user.organisation
    form = forms.BulkInviteForm(request.GET or None, organisation=organisation)
    rows = None
    error = None
    if request.method == "POST":
        form = forms.BulkInviteForm(request.POST, organisation=organisation)
    if form.is_bound and form.is_valid():
        rows = services.bulk_invitation_rows(
            actor=request.user,
            source=form.cleaned_data["source"],
            edition=form.cleaned_data["edition"],
        )
        if request.method == "POST":
            chosen = set(request.POST.getlist("row"))
            picked = [r for r in rows if r.key in chosen and not r.problem]
            if not picked:
                error = _("Tick at least one person to invite.")
            else:
                try:
                    sent = services.invite_people(actor=request.user, rows=picked)
                except ValidationError as exc:
                    error = "; ".join(exc.messages)
                else:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)s invitation was sent.",
                            "%(count)s invitations were sent.",
                            len(sent),
                        )
                        % {"count": len(sent)},
                    )
                    return redirect("user-list")
    return render(
        request,
        "accounts/bulk_invite.html",
        {
            "form": form,
            "rows": rows,
            "error": error,
            "sendable": sum(1 for r in rows or () if not r.problem),
        },
        status=400 if error else 200,
    )


def _invitation_for(request, pk):
    return get_object_or_404(permissions.visible_person_invitations(request.user), pk=pk)


@require_POST
@login_required
def resend_invitation(request, pk):
    # Looked up among the records the user manages: anyone else gets 404.
    invitation = _invitation_for(request, pk)
    try:
        services.resend_invitation(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "The invitation to %(email)s was sent again with a new link; "
                "the old link no longer works."
            )
            % {"email": invitation.email},
        )
    return redirect("user-list")


@require_POST
@login_required
def revoke_invitation(request, pk):
    # Looked up among the records the user manages: anyone else gets 404.
    invitation = _invitation_for(request, pk)
    try:
        services.revoke_invitation(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(
            request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email}
        )
    return redirect("user-list")


@require_POST
@login_required
def deactivate_user(request, pk):
    # Looked up among the records the user manages: anyone else gets 404.
    person = get_object_or_404(permissions.visible_users(request.user), pk=pk)
    try:
        services.deactivate_user(actor=request.user, user=person)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(name)s can no longer sign in; their sessions were ended.")
            % {"name": person.get_full_name() or person.username},
        )
    return redirect("user-list")


@require_POST
@login_required
def reactivate_user(request, pk):
    # Looked up among the records the user manages: anyone else gets 404.
    person = get_object_or_404(permissions.visible_users(request.user), pk=pk)
    services.reactivate_user(actor=request.user, user=person)
    messages.success(
        request,
        _("%(name)s can sign in again.") % {"name": person.get_full_name() or person.username},
    )
    return redirect("user-list")


@require_POST
@login_required
def totp_policy(request):
    _operator_only(request)
    required = request.POST.get("require_totp") == "on"
    services.set_totp_requirement(
        actor=request.user, organisation=request.user.organisation, required=required
    )
    if required:
        messages.success(
            request,
            _(
                "Operators now need an authenticator app; "
                "those without one set it up at their next page."
            ),
        )
    else:
        messages.success(request, _("Operators may sign in without an authenticator app."))
    return redirect("user-list")


@require_http_methods(["GET", "HEAD", "POST"])
def accept_invitation(request, token):
    """The e-mailed link: the invitee sets their name, language and password,
    is signed in and lands on the page of their role."""
    invitation = PersonInvitation.lookup(token)
    if invitation is None or not invitation.is_usable:
        return render(request, "accounts/invitation_invalid.html", status=410)
    if request.user.is_authenticated:
        return render(
            request, "accounts/invitation_signed_in.html", {"invitation": invitation}, status=409
        )
    form = forms.AcceptInvitationForm(
        request.POST if request.method == "POST" else None,
        initial={"language": invitation.language},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = save_through(
            form,
            lambda: services.accept_invitation(
                token=token,
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                language=data["language"],
            ),
        )
        if user is not FAILED:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            response = redirect(services.landing_url(user, invitation))
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language)
            messages.success(request, _("Welcome to Pavilion. Your account is ready."))
            return response
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )
