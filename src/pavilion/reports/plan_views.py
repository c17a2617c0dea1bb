"""Pages of an edition's targets and budget, and closing or reopening it (operators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pavilion.accounts import permissions
from pavilion.core.forms import FAILED, save_through
from pavilion.reports import closing, targets
from pavilion.reports.forms import EditionPlanForm


def _managed_edition(request, slug):
    edition = get_object_or_404(permissions.visible_editions(request.user), slug=slug)
    if not permissions.can_manage_edition(request.user, edition):
        raise PermissionDenied
    return edition


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edition_plan(request, slug):
    edition = _managed_edition(request, slug)
    plan = targets.plan_of(edition)
    form = EditionPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in targets.PLAN_FIELDS}
        saved = save_through(
            form,
            lambda: targets.set_edition_plan(actor=request.user, edition=edition, **values),
        )
        if saved is not FAILED:
            messages.success(request, _("The targets and budget were saved."))
            return redirect("edition-plan", slug=edition.slug)
    return render(
        request,
        "reports/edition_plan.html",
        {
            "edition": edition,
            "form": form,
            "target_fields": [form[name] for name in targets.TARGET_LABELS],
            "budget_fields": [form[name] for name in targets.BUDGET_LABELS],
            "closing_problem": closing.closing_problem(edition),
        },
    )


def _closing_action(request, slug, service, done: str):
    edition = _managed_edition(request, slug)
    try:
        service(actor=request.user, edition=edition)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"edition": edition.name})
    return redirect("edition-plan", slug=edition.slug)


@require_POST
@login_required
def close_edition(request, slug):
    return _closing_action(
        request, slug, closing.close_edition, _("%(edition)s is closed: its results are final.")
    )


@require_POST
@login_required
def reopen_edition(request, slug):
    return _closing_action(request, slug, closing.reopen_edition, _("%(edition)s is open again."))
