"""Pages of on-site capture: scanner, devices, badges, visitor counts, leads."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pavilion.accounts import permissions
from pavilion.companies.models import Company
from pavilion.core.spreadsheets import write_csv
from pavilion.scanning import queries, services
from pavilion.scanning.models import Badge, BadgeKind, Interest


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
        rows = rows.filter(Q(name__icontains=q) | Q(company_name__icontains=q) | Q(code=q))
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "scanning/badges.html",
        {"edition": edition, "page": page, "q": q, "kinds": BadgeKind.choices, "errors": errors},
    )


@require_GET
@login_required
def badge_sheet(request, slug):
    """A4 sheets of our badges, eight to a page, for printing."""
    edition = _edition(request, slug)
    if not permissions.can_manage_badges(request.user, edition):
        raise PermissionDenied
    rows = permissions.visible_badges(request.user).filter(
        edition=edition, external=False, erased_at__isnull=True
    )
    if ids := request.GET.get("ids"):
        rows = rows.filter(pk__in=[int(i) for i in ids.split(",") if i.isdigit()])
    cards = [{"badge": b, "qr": qr_svg(b.code, 3)} for b in rows.order_by("name", "pk")[:800]]
    return render(request, "scanning/badge_sheet.html", {"edition": edition, "cards": cards})


@require_GET
def badge_wallet(request, code):
    """One badge, full screen on the visitor's phone. The unguessable code in the
    link is the credential, as it is on the printed badge."""
    badge = get_object_or_404(
        Badge.objects.select_related("edition"), code=code, external=False, erased_at__isnull=True
    )
    return render(request, "scanning/badge_wallet.html", {"badge": badge, "qr": qr_svg(code, 8)})


@require_POST
@login_required
def badge_erase(request, pk):
    badge = get_object_or_404(permissions.visible_badges(request.user), pk=pk)
    services.erase_visitor(actor=request.user, badge=badge)
    messages.success(request, _("The visitor's personal data was erased; the counts stay."))
    return redirect("badge-list", slug=badge.edition.slug)


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
            timezone.localtime(lead.met_at, edition.tzinfo).strftime("%Y-%m-%d %H:%M"),
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
    partners = permissions.visible_partners(request.user).order_by("name")
    return render(
        request,
        "scanning/lead_detail.html",
        {
            "lead": lead,
            "edition": lead.edition,
            "can_edit": can_edit,
            "errors": errors,
            "interests": Interest.choices,
            "partners": partners,
        },
    )


@require_POST
@login_required
def lead_convert(request, pk):
    lead = get_object_or_404(permissions.visible_leads(request.user), pk=pk)
    partner = None
    if partner_id := request.POST.get("partner"):
        partner = permissions.visible_partners(request.user).filter(pk=partner_id).first()
    try:
        consultation = services.convert_lead(
            actor=request.user,
            lead=lead,
            partner=partner,
            currency=request.POST.get("currency") or "USD",
        )
    except ValidationError as exc:
        for problems in exc.message_dict.values():
            for problem in problems:
                messages.error(request, problem)
        return redirect("lead-detail", pk=lead.pk)
    messages.success(request, _("The lead is now a consultation."))
    return redirect("consultation-detail", pk=consultation.pk)
