"""Pages of on-site capture: scanner, devices, badges, visitor counts, leads."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pavilion.accounts import permissions
from pavilion.companies.models import Company
from pavilion.consultations import services as consultation_services
from pavilion.consultations.forms import consultation_from_fields, read_consultation_from
from pavilion.consultations.models import ConsultationKind
from pavilion.core import datetimes
from pavilion.core.spreadsheets import write_csv
from pavilion.scanning import queries, services
from pavilion.scanning.models import Badge, BadgeKind, Interest

BADGES_PER_PAGE = 8  # 2 × 4 on A4 (see badge_sheet.html)
SHEET_SIZE = 100 * BADGES_PER_PAGE  # badges on one sheet (page of the web page), whole A4 pages


def _edition(request, slug):
    return get_object_or_404(permissions.visible_editions(request.user), slug=slug)


def qr_svg(code: str, scale: int = 4) -> str:
    """The badge's QR code as inline SVG; it carries the opaque code and nothing else."""
    return segno.make(code, error="m", micro=False).svg_inline(scale=scale, border=2)


@require_GET
def scanner(request):
    """The phone scanner: a static page; its script keeps the device key and a queue."""
    texts = {
        "online": _("Online"),
        "offline": _("Offline: scans are kept on this phone"),
        "syncing": _("Sending…"),
        "synced": _("All sent"),
        "pending": _("waiting"),
        "sent": _("sent"),
        "refused": _("refused"),
        "failed": _("Not sent yet; will retry"),
        "noKey": _("This phone is not registered as a scanning device yet."),
        "hasKey": _("This phone is registered as a scanning device."),
        "badKey": _("The device key was refused; register the phone again."),
        "revoked": _(
            "This phone is no longer registered as a scanning device (it was revoked). "
            "Its scans stay on this phone; enter a new device key to send them."
        ),
        "stopped": _("Not sending: this phone is not registered. The waiting scans are kept."),
        "noCode": _("Type or scan a badge code: nothing was recorded."),
        "recorded": _("Recorded"),
        "notRegistered": _("Not sending: this phone is not registered yet."),
        "keptUnregistered": _(
            "Kept on this phone but not sent: register the phone with a device key first."
        ),
        "nothingToSend": _("Nothing to send"),
        "waitingToSend": _("Scans are waiting to be sent"),
        "noCamera": _("The camera cannot read codes in this browser; type the code."),
    }
    return render(request, "scanning/scanner.html", {"texts": texts})


@require_GET
def scanner_service_worker(request):
    """Served under /scan/ so it may control the scanner page (offline start)."""
    from django.conf import settings

    response = render(
        request,
        "scanning/scanner_sw.js",
        {"static_prefix": settings.STATIC_URL},
        content_type="text/javascript",
    )
    response["Cache-Control"] = "no-cache"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def devices(request, slug):
    edition = _edition(request, slug)
    user = request.user
    companies = []
    if user.is_operator:
        companies = list(Company.objects.filter(participations__edition=edition).distinct())
    elif user.is_exhibitor:
        companies = [user.company]
    else:
        raise PermissionDenied
    new_key = None
    errors = {}
    if request.method == "POST":
        company = None
        if user.is_exhibitor:
            company = user.company
        elif request.POST.get("company"):
            company = next((c for c in companies if str(c.pk) == request.POST["company"]), None)
            if company is None:
                errors["company"] = [_("Choose a company of this edition.")]
        if not errors:
            try:
                _device, new_key = services.register_scan_device(
                    actor=user, edition=edition, name=request.POST.get("name", ""), company=company
                )
            except ValidationError as exc:
                errors = exc.message_dict
    rows = (
        permissions.visible_scan_devices(user)
        .filter(edition=edition)
        .select_related("company")
        .annotate(n_scans=Count("scans"))
    )
    return render(
        request,
        "scanning/devices.html",
        {
            "edition": edition,
            "rows": rows,
            "companies": companies,
            "new_key": new_key,
            "errors": errors,
        },
    )


@require_POST
@login_required
def device_revoke(request, pk):
    device = get_object_or_404(permissions.visible_scan_devices(request.user), pk=pk)
    services.revoke_scan_device(actor=request.user, device=device)
    messages.success(request, _("The device was revoked; it can no longer send scans."))
    return redirect("scan-devices", slug=device.edition.slug)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def badges(request, slug):
    edition = _edition(request, slug)
    if not permissions.can_manage_badges(request.user, edition):
        raise PermissionDenied
    errors = {}
    if request.method == "POST":
        try:
            badge = services.issue_badge(
                actor=request.user,
                edition=edition,
                name=request.POST.get("name", ""),
                company_name=request.POST.get("company_name", ""),
                email=request.POST.get("email", ""),
                country=request.POST.get("country", ""),
                kind=request.POST.get("kind", BadgeKind.VISITOR),
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("Badge issued for %(name)s.") % {"name": badge.name})
            return redirect("badge-list", slug=edition.slug)
    rows = (
        permissions.visible_badges(request.user)
        .filter(edition=edition)
        .annotate(n_scans=Count("scans"))
        .order_by("-pk")
    )
    q = request.GET.get("q", "").strip()
    if q:
        rows = queries.search_badges(rows, q)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    for badge in page:
        badge.erasable = services.has_personal_data(badge)
    return render(
        request,
        "scanning/badges.html",
        {"edition": edition, "page": page, "q": q, "kinds": BadgeKind.choices, "errors": errors},
    )


@require_GET
@login_required
def badge_sheet(request, slug):
    """A4 sheets of our badges, eight to a page, for printing, SHEET_SIZE badges a
    sheet (the rest on the next sheets, linked from the header). Takes the badges
    list's search (``q``) and a list of badge ids (``ids``), kept in the links."""
    edition = _edition(request, slug)
    if not permissions.can_manage_badges(request.user, edition):
        raise PermissionDenied
    rows = permissions.visible_badges(request.user).filter(
        edition=edition, external=False, erased_at__isnull=True
    )
    kept = {}
    if ids := request.GET.get("ids", "").strip():
        rows = rows.filter(pk__in=[int(i) for i in ids.split(",") if i.isdigit()])
        kept["ids"] = ids
    if q := request.GET.get("q", "").strip():
        rows = queries.search_badges(rows, q)
        kept["q"] = q
    page = Paginator(rows.order_by("name", "pk"), SHEET_SIZE).get_page(request.GET.get("page"))
    cards = [{"badge": b} for b in page]
    # One block per printed page (its CSS ends each in a page break).
    sheets = [cards[i : i + BADGES_PER_PAGE] for i in range(0, len(cards), BADGES_PER_PAGE)]
    url = reverse("badge-sheet", args=[slug])
    others = [
        {
            "number": n,
            "url": f"{url}?{urlencode({**kept, 'page': n})}",
            "first": number_format((n - 1) * SHEET_SIZE + 1, force_grouping=True),
            "last": number_format(min(n * SHEET_SIZE, page.paginator.count), force_grouping=True),
            "current": n == page.number,
        }
        for n in page.paginator.page_range
    ]
    return render(
        request,
        "scanning/badge_sheet.html",
        {
            "edition": edition,
            "cards": cards,
            "sheets": sheets,
            "page": page,
            "first": number_format(page.start_index(), force_grouping=True),
            "last": number_format(page.end_index(), force_grouping=True),
            "total": number_format(page.paginator.count, force_grouping=True),
            "others": others if page.paginator.num_pages > 1 else [],
        },
    )


@require_GET
def badge_wallet(request, code):
    """One badge, full screen on the visitor's phone. The unguessable code in the
    link is the credential, as it is on the printed badge."""
    badge = get_object_or_404(
        Badge.objects.select_related("edition"), code=code, external=False, erased_at__isnull=True
    )
    return render(request, "scanning/badge_wallet.html", {"badge": badge, "qr": qr_svg(code, 8)})


@require_GET
def badge_qr(request, code):
    """A badge's QR code as an SVG file. The sheet links one per badge, so its page
    answers at once and the browser fetches (and keeps) the images in parallel:
    encoding 800 codes inline took seconds. Like the wallet, the code is the credential."""
    if not Badge.objects.filter(code=code, external=False, erased_at__isnull=True).exists():
        raise Http404
    buffer = io.BytesIO()
    segno.make(code, error="m", micro=False).save(
        buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, nl=False
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    # The picture of a code never changes; only this browser keeps it.
    response["Cache-Control"] = "private, max-age=604800, immutable"
    return response


def _badge_list_url(slug, q: str, page: str) -> str:
    """The badges list as it was (its search and page), to come back to."""
    url = reverse("badge-list", args=[slug])
    query = {k: v for k, v in (("q", q.strip()), ("page", page)) if v}
    return f"{url}?{urlencode(query)}" if query else url


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def badge_erase(request, pk):
    """Erase a visitor's personal data, after a confirmation (a checkbox: no script needed)."""
    badge = get_object_or_404(
        permissions.visible_badges(request.user).select_related("edition", "contact__partner"),
        pk=pk,
    )
    if not permissions.can_erase_visitor(request.user, badge):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    q, page = data.get("q", ""), data.get("page", "")
    back = _badge_list_url(badge.edition.slug, q, page if page.isdigit() else "")
    errors = {}
    if request.method == "POST":
        try:
            services.erase_visitor(
                actor=request.user, badge=badge, confirmed=request.POST.get("confirm") == "yes"
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The visitor's personal data was erased; the counts stay."))
            return redirect(back)
    return render(
        request,
        "scanning/badge_erase.html",
        {
            "badge": badge,
            "edition": badge.edition,
            "erasable": services.can_be_erased(badge),
            "errors": errors,
            "general_errors": errors.get("__all__", []),
            "q": q,
            "page": page,
            "back": back,
        },
    )


@require_GET
@login_required
def visitor_counts(request, slug):
    edition = _edition(request, slug)
    if not permissions.can_view_edition_dashboard(request.user, edition):
        raise PermissionDenied
    return render(
        request,
        "scanning/visitor_counts.html",
        {
            "edition": edition,
            "stats": queries.visitor_stats(edition),
            "can_see_badges": permissions.can_manage_badges(request.user, edition),
        },
    )


def _leads(request, edition):
    if not (request.user.is_operator or request.user.is_exhibitor):
        raise PermissionDenied
    return (
        permissions.visible_leads(request.user)
        .filter(edition=edition)
        .select_related("badge", "company")
    )


@require_GET
@login_required
def lead_list(request, slug):
    edition = _edition(request, slug)
    rows = _leads(request, edition)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "scanning/leads.html", {"edition": edition, "page": page})


@require_GET
@login_required
def lead_export(request, slug):
    edition = _edition(request, slug)
    header = [
        _("Company"),
        _("Met at (%(zone)s)") % {"zone": edition.time_zone},
        _("Name"),
        _("Visitor's company"),
        _("Email"),
        _("Country"),
        _("Kind"),
        _("Rating"),
        _("Interest"),
        _("Notes"),
    ]
    rows = [
        [
            lead.company.name_en,
            datetimes.for_export(lead.met_at, edition),
            lead.badge.name,
            lead.badge.company_name,
            lead.badge.email,
            lead.badge.country.code or "",
            lead.badge.get_kind_display(),
            lead.rating or "",
            lead.get_interest_display(),
            lead.notes,
        ]
        for lead in _leads(request, edition).order_by("met_at", "pk")
    ]
    response = HttpResponse(write_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="leads-{edition.slug}.csv"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def lead_detail(request, pk):
    lead = get_object_or_404(
        permissions.visible_leads(request.user).select_related("badge", "company", "edition"),
        pk=pk,
    )
    can_edit = permissions.can_edit_lead(request.user, lead)
    errors = {}
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        rating = request.POST.get("rating", "")
        try:
            services.update_lead(
                actor=request.user,
                lead=lead,
                rating=int(rating) if rating.isdigit() else None,
                interest=request.POST.get("interest", ""),
                notes=request.POST.get("notes", "")[:5000],
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The lead was saved."))
            return redirect("lead-detail", pk=lead.pk)
    return _lead_page(request, lead, can_edit=can_edit, errors=errors)


def _lead_page(request, lead, *, can_edit, errors=None, convert=None, convert_errors=None):
    """The lead page; ``convert`` holds what was sent to make it a consultation."""
    edition = lead.edition
    contact_partner = lead.badge.contact.partner if lead.badge.contact_id else None
    return render(
        request,
        "scanning/lead_detail.html",
        {
            "lead": lead,
            "edition": edition,
            "can_edit": can_edit,
            "errors": errors or {},
            "interests": Interest.choices,
            "convert": consultation_from_fields(
                partners=permissions.visible_partners(request.user).order_by("name"),
                # Preselected only when the badge is a known contact's: never a guess.
                chosen_partner=str(contact_partner.pk) if contact_partner else "",
                default_kind=services.INTEREST_KIND.get(lead.interest, ConsultationKind.OTHER),
                default_currency=consultation_services.default_currency(edition),
                sent=convert,
                errors=convert_errors,
            ),
            "convert_errors": convert_errors or {},
        },
    )


@require_POST
@login_required
def lead_convert(request, pk):
    lead = get_object_or_404(
        permissions.visible_leads(request.user).select_related(
            "badge__contact", "company", "edition"
        ),
        pk=pk,
    )
    sent, partner = read_consultation_from(request)
    try:
        consultation = services.convert_lead(
            actor=request.user,
            lead=lead,
            partner=partner,
            kind=sent["kind"],
            amount=sent["amount"],
            currency=sent["currency"],
        )
    except ValidationError as exc:
        if "__all__" in exc.message_dict:  # already converted
            for problem in exc.message_dict["__all__"]:
                messages.error(request, problem)
            return redirect("lead-detail", pk=lead.pk)
        can_edit = permissions.can_edit_lead(request.user, lead)
        return _lead_page(
            request, lead, can_edit=can_edit, convert=sent, convert_errors=exc.message_dict
        )
    messages.success(request, _("The lead is now a consultation."))
    return redirect("consultation-detail", pk=consultation.pk)
