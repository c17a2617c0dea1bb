"""A company without an account applies through the public call; requests to
join a company. Thin: the rules are :mod:`pavilion.planning.signup`."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pavilion.companies.models import JoinRequestState
from pavilion.companies.rules import can_decide_join_request, visible_join_requests
from pavilion.planning import signup
from pavilion.planning.services import APPLICATION_FIELDS
from pavilion.public.forms import CompanySignUpForm
from pavilion.public.queries import public_editions, published_call

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


@GET_POST
def company_sign_up(request, slug):
    """The public call's form for a company without an account."""
    edition = public_editions().filter(slug=slug).first()
    cfp = published_call(edition) if edition else None
    if cfp is None:
        raise Http404
    if not signup.sign_up_open(cfp):
        # The call is published but not open: say when it opens, or that it closed.
        if request.method == "POST":
            raise PermissionDenied
        return render(
            request,
            "public/call_closed.html",
            {"edition": edition, "cfp": cfp, "not_yet": cfp.opens_at > timezone.now()},
        )
    if request.user.is_authenticated:
        # A signed-in company applies from its account.
        return redirect("cfp-apply", slug=edition.slug)
    # Each post may send an e-mail: allauth's sign-up limit per address applies.
    if request.method == "POST" and (limited := ratelimit.consume_or_429(request, action="signup")):
        return limited
    initial = {"language": "ko" if (get_language() or "").startswith("ko") else "en"}
    form = CompanySignUpForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signup.start_company_sign_up(
                cfp=cfp,
                applicant_name=data["applicant_name"],
                email=data["email"],
                password=data["password"],
                language=data["language"],
                name_ko=data["name_ko"],
                name_en=data["name_en"],
                business_registration_number=data["business_registration_number"],
                application={name: data.get(name) for name in APPLICATION_FIELDS},
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return render(
                request, "public/sign_up_sent.html", {"edition": edition, "email": data["email"]}
            )
    return render(request, "public/sign_up.html", {"edition": edition, "cfp": cfp, "form": form})


@GET_POST
def confirm_sign_up(request, token):
    """The e-mailed link: a button (so a mail scanner opening the link creates
    nothing) that creates the account, company and application, then signs in."""
    problem = None
    try:
        sign_up = signup.sign_up_from_token(token)
    except ValidationError as exc:
        sign_up, problem = None, " ".join(exc.messages)
    if sign_up is not None and request.method == "POST":
        try:
            user, application, _join_request = signup.confirm_company_sign_up(token=token)
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if application is not None:
                messages.success(
                    request,
                    _(
                        "Your e-mail address is verified and your company is registered. "
                        "Check your application and submit it."
                    ),
                )
                return redirect("cfp-apply", slug=application.cfp.edition.slug)
            messages.success(
                request,
                _(
                    "Your e-mail address is verified. A company with this registration number "
                    "exists: you asked to join it, and its members or the organisers decide."
                ),
            )
            return redirect("join-requests")
    return render(
        request,
        "public/sign_up_confirm.html",
        {"sign_up": sign_up, "problem": problem},
        status=400 if problem else 200,
    )


@GET_POST
@login_required
def join_requests(request):
    """Requests to join a company: its members and operators decide; the applicant waits."""
    rows = visible_join_requests(request.user)
    if request.method == "POST":
        join_request = get_object_or_404(rows, pk=request.POST.get("request") or 0)
        if not can_decide_join_request(request.user, join_request):
            raise PermissionDenied
        try:
            signup.decide_join_request(
                actor=request.user,
                join_request=join_request,
                approve=request.POST.get("action") == "approve",
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The request is decided; the applicant is told by e-mail."))
        return redirect("join-requests")
    rows = list(rows.order_by("-created_at")[:200])
    for row in rows:
        row.can_decide = row.state == JoinRequestState.PENDING and can_decide_join_request(
            request.user, row
        )
    return render(request, "companies/join_requests.html", {"rows": rows})
