"""The outbox (operators) and each person's notification settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from pavilion.notifications import rules, services
from pavilion.notifications.forms import OutboxFilter
from pavilion.notifications.kinds import KINDS, optional_kinds
from pavilion.notifications.models import MutedKind


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def notification_settings(request):
    """Turn the optional e-mails on or off; the required ones are listed as such."""
    user = request.user
    optional = optional_kinds()
    if request.method == "POST":
        wanted = set(request.POST.getlist("on"))
        try:
            services.set_muted_kinds(
                actor=user, user=user, muted={k.code for k in optional} - wanted
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your notification settings are saved."))
        return redirect("notification-settings")
    muted = set(MutedKind.objects.filter(user=user).values_list("kind", flat=True))
    return render(
        request,
        "notifications/settings.html",
        {
            "optional": [(k, k.code not in muted) for k in optional],
            "required": [k for k in KINDS.values() if not k.optional],
        },
    )


@require_safe
@login_required
def outbox(request):
    if not rules.can_view_outbox(request.user):
        raise PermissionDenied
    form = OutboxFilter(request.GET or None)
    rows = rules.visible_outbox(request.user).select_related("recipient")
    if form.is_bound and form.is_valid():
        if state := form.cleaned_data["state"]:
            rows = rows.filter(state=state)
        if kind := form.cleaned_data["kind"]:
            rows = rows.filter(kind=kind)
    elif form.is_bound:
        rows = rows.none()
    page = Paginator(rows.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "notifications/outbox.html",
        {"form": form, "page": page, "params": params.urlencode()},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def outbox_detail(request, pk):
    message = get_object_or_404(rules.visible_outbox(request.user), pk=pk)
    if request.method == "POST":
        try:
            services.resend(actor=request.user, message=message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The e-mail is queued to be sent again."))
        return redirect("outbox-detail", pk=message.pk)
    return render(
        request,
        "notifications/outbox_detail.html",
        {
            "message": message,
            "can_resend": message.state in ("failed", "skipped")
            and rules.can_manage_outbox_message(request.user, message),
        },
    )
