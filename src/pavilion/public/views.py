"""The public page of an edition (no sign-in) and the operators' choice of
what it shows. Thin: the reads are :mod:`pavilion.public.queries`."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from pavilion.accounts import permissions
from pavilion.partners.registration import registration_open
from pavilion.public import queries
from pavilion.public.forms import PublicityForm
from pavilion.shows.queries import landing_edition

# JSON-LD is data, not script; still, "</script>" inside it would end the
# element, so the characters HTML gives meaning to are escaped (as json_script does).
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _event_json_ld(edition, canonical, description, pavilions) -> str:
    location = {"@type": "Place", "name": edition.venue or edition.city}
    address = {
        k: v
        for k, v in (("addressLocality", edition.city), ("addressCountry", edition.country))
        if v
    }
    if address:
        location["address"] = {"@type": "PostalAddress", **address}
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": " · ".join([*[p.display_name for p in pavilions][:1], edition.name]),
        "startDate": edition.start_date.isoformat(),
        "endDate": edition.end_date.isoformat(),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": location,
        "organizer": {"@type": "Organization", "name": edition.show.organisation.name},
        "url": canonical,
        "description": description,
    }
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308


def _public_edition(request, slug):
    edition = queries.public_editions().filter(slug=slug).first()
    if edition is None:
        # Operators preview their own edition's page before making it public.
        edition = get_object_or_404(permissions.visible_editions(request.user), slug=slug)
        if not permissions.can_manage_edition(request.user, edition):
            raise Http404
    return edition


def render_edition_page(request, edition):
    pavilions = list(edition.pavilions.all())
    canonical = request.build_absolute_uri(reverse("public-edition", args=[edition.slug]))
    pavilion_names = ", ".join(p.display_name for p in pavilions) or edition.show.organisation.name
    description = _(
        "%(pavilion)s at %(edition)s, %(first)s to %(last)s%(venue)s: the companies, "
        "award winners, pitching stage and how to take part."
    ) % {
        "pavilion": pavilion_names,
        "edition": edition.name,
        "first": edition.start_date.isoformat(),
        "last": edition.end_date.isoformat(),
        "venue": f", {edition.venue}" if edition.venue else "",
    }
    context = {
        "edition": edition,
        "organisation": edition.show.organisation,
        "pavilions": pavilions,
        "pavilion_names": pavilion_names,
        "companies": queries.public_companies(edition),
        "awards": queries.public_awards(edition),
        "pitches": queries.public_pitches(edition),
        "cfp": queries.public_call(edition),
        "published_call": queries.published_call(edition),
        "registration_open": registration_open(edition),
        "canonical": canonical,
        "description": description,
        "json_ld": _event_json_ld(edition, canonical, description, pavilions),
        "preview": not edition.public_page,
        "now": timezone.now(),
    }
    return render(request, "public/edition.html", context)


@require_safe
def edition_page(request, slug):
    return render_edition_page(request, _public_edition(request, slug))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def publicity(request, slug):
    """Operators choose what the edition's public page shows."""
    edition = get_object_or_404(permissions.visible_editions(request.user), slug=slug)
    if not permissions.can_manage_edition(request.user, edition):
        raise PermissionDenied
    form = PublicityForm(request.POST if request.method == "POST" else None, instance=edition)
    if request.method == "POST" and form.is_valid():
        from pavilion.shows.services import set_publicity

        set_publicity(actor=request.user, edition=edition, **form.cleaned_data)
        messages.success(request, _("The public page's settings are saved."))
        return redirect("edition-publicity", slug=edition.slug)
    public_url = request.build_absolute_uri(reverse("public-edition", args=[edition.slug]))
    return render(
        request,
        "public/publicity.html",
        {"edition": edition, "form": form, "public_url": public_url},
    )


@require_safe
def home(request):
    """Send each role to the page it works from. An anonymous visitor sees the
    most recent edition whose public page is on (else the sign-in page)."""
    if not request.user.is_authenticated:
        return _anonymous_home(request)
    return _signed_in_home(request)


def _anonymous_home(request):
    edition = queries.latest_public_edition()
    if edition is None:
        return redirect_to_login(request.get_full_path())
    return render_edition_page(request, edition)


@login_required
def _signed_in_home(request):
    user = request.user
    if permissions.is_staff_reader(user):
        edition = landing_edition(user)
        if edition is not None:
            return redirect("edition-dashboard", slug=edition.slug)
        return redirect("edition-list")
    if user.is_exhibitor:
        return redirect("company-detail", pk=user.company_id)
    if user.is_agency:
        return redirect("fund-list")
    return redirect("company-catalogue")
