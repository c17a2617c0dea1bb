"""The public registration form for buyers and investors, and the operators' queue."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pavilion.accounts import permissions
from pavilion.partners import registration
from pavilion.partners.models import Contact
from pavilion.public.forms import PartnerRegistrationForm
from pavilion.public.queries import public_editions

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


@GET_POST
def register(request, slug):
    """A buyer or investor registers from the edition's public page (no sign-in)."""
    edition = public_editions().filter(slug=slug).first()
    if edition is None:
        raise Http404
    is_open = registration.registration_open(edition)
    if request.method == "POST" and not is_open:
        raise PermissionDenied
    # Each post may send an e-mail: allauth's sign-up limit per address applies.
    if request.method == "POST" and (limited := ratelimit.consume_or_429(request, action="signup")):
        return limited
    initial = {"language": "ko" if (get_language() or "").startswith("ko") else "en"}
    form = PartnerRegistrationForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["sectors"] = [s.slug for s in data["sectors"]]
        try:
            registration.register_partner(edition=edition, **data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return render(request, "public/registered.html", {"edition": edition})
    return render(
        request,
        "public/register.html",
        {"edition": edition, "form": form, "is_open": is_open},
    )


@GET_POST
@login_required
def registration_queue(request):
    """Operators approve, merge or decline the buyers and investors who registered."""
    if not permissions.is_operator(request.user):
        raise PermissionDenied
    queue = registration.registration_queue(request.user)
    if request.method == "POST":
        partner = get_object_or_404(queue, pk=request.POST.get("registration") or 0)
        action = request.POST.get("action")
        try:
            if action == "approve":
                registration.approve_registration(actor=request.user, partner=partner)
                messages.success(
                    request,
                    _("%(name)s is approved; its contact gets a sign-in link by e-mail.")
                    % {"name": partner.name},
                )
            elif action == "merge":
                into = get_object_or_404(
                    permissions.visible_partners(request.user), pk=request.POST.get("into") or 0
                )
                registration.merge_registration(actor=request.user, partner=partner, into=into)
                messages.success(
                    request,
                    _("The contact joins %(name)s and gets a sign-in link by e-mail.")
                    % {"name": into.name},
                )
            elif action == "decline":
                registration.decline_registration(actor=request.user, partner=partner)
                messages.success(request, _("%(name)s is declined.") % {"name": partner.name})
            else:
                messages.error(request, _("Choose approve, merge or decline."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("partner-registrations")
    rows = []
    for partner in queue:
        contact = Contact.all_contacts.filter(partner=partner).order_by("pk").first()
        rows.append(
            {
                "partner": partner,
                "contact": contact,
                "duplicates": registration.likely_duplicates(partner),
            }
        )
    return render(request, "partners/registrations.html", {"rows": rows})
