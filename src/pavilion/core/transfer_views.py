"""Import and export pages for operators: upload → preview → confirm; downloads."""

import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pavilion.accounts import permissions
from pavilion.core import transfer

SESSION_KEY = "pending_import"
# Uploads nobody confirmed are deleted after a day.
PENDING_MAX_AGE_S = 24 * 3600


def _pending_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _store(request, kind, upload) -> str:
    """Keep the uploaded bytes until the operator confirms (the confirm re-validates)."""
    directory = _pending_dir()
    cutoff = time.time() - PENDING_MAX_AGE_S
    for stale in directory.iterdir():
        if stale.is_file() and stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)
    old = request.session.get(SESSION_KEY)
    if old and re.fullmatch(r"[0-9a-f]{32}", old.get("token", "")):
        (directory / old["token"]).unlink(missing_ok=True)  # replaced by this upload
    token = secrets.token_hex(16)
    (directory / token).write_bytes(upload.read())
    request.session[SESSION_KEY] = {"token": token, "kind": kind, "filename": upload.name}
    return token


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def transfer_home(request):
    if not permissions.can_export(request.user):
        raise PermissionDenied
    context = {
        "kinds": transfer.kinds(),
        "editions": permissions.visible_editions(request.user).order_by("-start_date"),
        "can_import": permissions.can_import(request.user),
    }
    if request.method == "POST":
        if not permissions.can_import(request.user):
            raise PermissionDenied
        kind = request.POST.get("kind", "")
        upload = request.FILES.get("file")
        if kind not in {s.kind for s in context["kinds"]} or upload is None:
            context["error"] = _("Choose what to import and a file.")
            return render(request, "transfer/home.html", context)
        if upload.size > settings.PAVILION_IMPORT_MAX_BYTES:
            context["error"] = _("The file is larger than the import limit.")
            return render(request, "transfer/home.html", context)
        _store(request, kind, upload)
        return redirect("transfer-preview")
    return render(request, "transfer/home.html", context)


def _pending(request):
    pending = request.session.get(SESSION_KEY)
    if not pending or not re.fullmatch(r"[0-9a-f]{32}", pending.get("token", "")):
        return None, None
    path = _pending_dir() / pending["token"]
    if not path.is_file():
        return None, None
    return pending, path


def _run(request, pending, path, *, dry_run):
    return transfer.import_records(
        actor=request.user,
        kind=pending["kind"],
        filename=pending["filename"],
        content=path.read_bytes(),
        dry_run=dry_run,
    )


@require_safe
@login_required
def transfer_preview(request):
    if not permissions.can_import(request.user):
        raise PermissionDenied
    pending, path = _pending(request)
    if pending is None:
        return redirect("transfer-home")
    result = _run(request, pending, path, dry_run=True)
    return _preview(request, pending, result)


def _preview(request, pending, result):
    context = {"result": result, "pending": pending, "spec": transfer.get_spec(pending["kind"])}
    return render(request, "transfer/preview.html", context)


@require_POST
@login_required
def transfer_confirm(request):
    if not permissions.can_import(request.user):
        raise PermissionDenied
    pending, path = _pending(request)
    if pending is None:
        messages.error(request, _("There is no import waiting; upload the file again."))
        return redirect("transfer-home")
    result = _run(request, pending, path, dry_run=False)
    if not result.ok:
        return _preview(request, pending, result)
    path.unlink(missing_ok=True)
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _("Imported %(n)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {
            "n": len(result.rows),
            "created": result.count(transfer.CREATE),
            "updated": result.count(transfer.UPDATE),
            "unchanged": result.count(transfer.UNCHANGED),
        },
    )
    return redirect("transfer-home")


@require_safe
@login_required
def transfer_export(request, kind, fmt):
    if not permissions.can_export(request.user):
        raise PermissionDenied
    edition = None
    if slug := request.GET.get("edition"):
        edition = get_object_or_404(permissions.visible_editions(request.user), slug=slug)
    try:
        filename, content_type, content = transfer.export_records(
            actor=request.user, kind=kind, fmt=fmt, edition=edition
        )
    except ValueError:
        return HttpResponse(status=404)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
