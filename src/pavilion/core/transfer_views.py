"""Import and export pages for operators: upload → preview → confirm; downloads."""

import secrets
import tempfile
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pavilion.core import everything, import_runs, policy, transfer
from pavilion.core.models import ImportRun

SESSION_KEY = "pending_import"
# Uploads nobody confirmed are deleted after a day.
PENDING_MAX_AGE_S = 24 * 3600
# Rows listed on the preview page; the counts cover them all.
SHOWN_ROWS = 500


def _store(request, kind, upload) -> str:
    """Keep the uploaded bytes until the operator confirms (the confirm re-validates)."""
    directory = import_runs.uploads_dir()
    cutoff = time.time() - PENDING_MAX_AGE_S
    for stale in directory.iterdir():
        if stale.is_file() and stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)
    old = request.session.get(SESSION_KEY)
    if old and import_runs.TOKEN.fullmatch(old.get("token", "")):
        (directory / old["token"]).unlink(missing_ok=True)  # replaced by this upload
    token = secrets.token_hex(16)
    (directory / token).write_bytes(upload.read())
    request.session[SESSION_KEY] = {"token": token, "kind": kind, "filename": upload.name}
    return token


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def transfer_home(request):
    if not policy.can_export(request.user):
        raise PermissionDenied
    context = {
        "kinds": transfer.kinds(),
        "export_kinds": transfer.export_kinds(request.user),
        "editions": policy.visible_editions(request.user).order_by("-start_date"),
        "can_import": policy.can_import(request.user),
        "can_export_everything": policy.can_export_everything(request.user),
    }
    if request.method == "POST":
        if not policy.can_import(request.user):
            raise PermissionDenied
        kind = request.POST.get("kind", "")
        upload = request.FILES.get("file")
        if kind not in {s.kind for s in context["kinds"]} or upload is None:
            context["error"] = _("Choose what to import and a file.")
            return render(request, "transfer/home.html", context)
        if upload.size > settings.PAVILION_IMPORT_MAX_BYTES:
            context["error"] = _("The file is larger than the import limit.")
            return render(request, "transfer/home.html", context)
        token = _store(request, kind, upload)
        run = import_runs.start_import(
            actor=request.user, kind=kind, filename=upload.name, upload=token, dry_run=True
        )
        request.session[SESSION_KEY] = {**request.session[SESSION_KEY], "run": run.pk}
        return redirect("transfer-preview")
    return render(request, "transfer/home.html", context)


def _pending(request):
    """The upload waiting for a confirm, and its preview run."""
    pending = request.session.get(SESSION_KEY)
    if not pending or not import_runs.TOKEN.fullmatch(pending.get("token", "")):
        return None, None
    if not (import_runs.uploads_dir() / pending["token"]).is_file():
        return None, None
    run = import_runs.visible_runs(request.user).filter(pk=pending.get("run")).first()
    return (pending, run) if run is not None else (None, None)


def _outcome(request, run, pending=None):
    """A run's page: its progress while it works, then what it found or did."""
    if run.state in (ImportRun.State.QUEUED, ImportRun.State.RUNNING):
        context = {"run": run, "progress": import_runs.progress_of(run)}
        return render(request, "transfer/progress.html", context)
    result = transfer.ImportResult.from_json(run.result) if run.result else None
    context = {
        "run": run,
        "result": result,
        "pending": pending or {"filename": run.filename},
        "spec": transfer.get_spec(run.kind),
        "shown_rows": result.rows[:SHOWN_ROWS] if result else [],
        **(
            {
                "created": result.count(transfer.CREATE),
                "updated": result.count(transfer.UPDATE),
                "unchanged": result.count(transfer.UNCHANGED),
            }
            if result
            else {}
        ),
    }
    return render(request, "transfer/preview.html", context)


@require_safe
@login_required
def transfer_preview(request):
    if not policy.can_import(request.user):
        raise PermissionDenied
    pending, run = _pending(request)
    if pending is None:
        return redirect("transfer-home")
    return _outcome(request, run, pending)


@require_POST
@login_required
def transfer_confirm(request):
    if not policy.can_import(request.user):
        raise PermissionDenied
    pending, preview = _pending(request)
    if pending is None:
        messages.error(request, _("There is no import waiting; upload the file again."))
        return redirect("transfer-home")
    if preview.state != ImportRun.State.DONE or preview.result.get("errors"):
        return redirect("transfer-preview")  # nothing to confirm yet, or nothing to confirm
    run = import_runs.start_import(
        actor=request.user,
        kind=pending["kind"],
        filename=pending["filename"],
        upload=pending["token"],
        dry_run=False,
        preview=preview,
    )
    del request.session[SESSION_KEY]
    return redirect("transfer-run", pk=run.pk)


@require_safe
@login_required
def transfer_run(request, pk):
    """An import's progress, then its outcome (the confirm re-validates every row)."""
    # Only operators of the run's organisation see it; for everyone else it does not exist.
    run = get_object_or_404(import_runs.visible_runs(request.user), pk=pk)
    return _outcome(request, run)


@require_safe
@login_required
def transfer_export(request, kind, fmt):
    if not policy.can_export(request.user):
        raise PermissionDenied
    edition = None
    if slug := request.GET.get("edition"):
        edition = get_object_or_404(policy.visible_editions(request.user), slug=slug)
    try:
        filename, content_type, content = transfer.export_records(
            actor=request.user, kind=kind, fmt=fmt, edition=edition
        )
    except ValueError:  # an unknown kind or format
        return HttpResponse(status=404)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@login_required
def transfer_everything(request):
    """Everything of the organisation in one ZIP (core/everything.py), operators only.

    A POST (a button): it writes an audit entry, and it is no link for a
    crawler to follow. Written to a temporary file, then streamed from it.
    """
    if not policy.can_export_everything(request.user):
        raise PermissionDenied
    spool = tempfile.TemporaryFile(suffix=".zip")  # noqa: SIM115  (FileResponse closes it)
    try:
        manifest = everything.export_everything(actor=request.user, file=spool)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    stamp = manifest["generated_at"][:10]
    filename = f"{request.user.organisation.slug}-everything-{stamp}.zip"
    # FileResponse closes the file (and so deletes it) once it is sent.
    return FileResponse(
        spool, as_attachment=True, filename=filename, content_type="application/zip"
    )
