"""Spreadsheet imports as background runs: a preview, then the real import.

A 20,000-row file takes minutes to check and write, longer than a web
request may last; the worker does it and the page follows its progress.
Progress goes to a small file beside the upload, not to the database: the
import itself is one transaction, and what it writes is invisible to others
until it ends (and on SQLite, it holds the only write lock meanwhile).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django_tasks import task

from pavilion.core import policy, transfer
from pavilion.core.models import ImportRun

TOKEN = re.compile(r"[0-9a-f]{32}")
log = logging.getLogger(__name__)


def uploads_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _progress_path(run: ImportRun) -> Path:
    return uploads_dir() / f"run-{run.pk}.progress"


def start_import(
    *, actor, kind: str, filename: str, upload: str, dry_run: bool, preview: ImportRun | None = None
) -> ImportRun:
    """Queue a run of the stored upload ``upload``. Side effects: one ImportRun, one task.

    A real run is idempotent: confirming ``preview`` again, or confirming the
    same file (same bytes, same kind) again, returns the run already started
    and queues nothing — the database's unique constraints decide, so
    concurrent confirms cannot both start one.
    """
    if not policy.can_import(actor):
        raise PermissionDenied
    transfer.get_spec(kind)  # an unknown kind is refused now, not in the worker
    if not TOKEN.fullmatch(upload) or not (uploads_dir() / upload).is_file():
        raise ValueError("no such upload")
    digest = "" if dry_run else hashlib.sha256((uploads_dir() / upload).read_bytes()).hexdigest()
    if preview is not None and preview.organisation_id != actor.organisation_id:
        raise PermissionDenied
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(
                organisation_id=actor.organisation_id,
                actor=actor,
                kind=kind,
                filename=filename,
                upload=upload,
                dry_run=dry_run,
                digest=digest,
                preview=preview,
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
    except IntegrityError:
        started = ImportRun.objects.filter(organisation_id=actor.organisation_id, dry_run=False)
        return started.filter(kind=kind, digest=digest).exclude(
            state=ImportRun.State.FAILED
        ).first() or started.get(preview=preview)
    # The worker must find the committed run.
    transaction.on_commit(lambda: run_import.enqueue(run.pk))
    return run


def execute_import(run: ImportRun) -> ImportRun:
    """Do a queued run (in the worker). Side effects: those of the import, the run's outcome."""
    claimed = ImportRun.objects.filter(pk=run.pk, state=ImportRun.State.QUEUED).update(
        state=ImportRun.State.RUNNING
    )
    if not claimed:  # another worker has it, or it is over
        return run
    run.refresh_from_db()
    path = _progress_path(run)

    def progress(done: int, total: int):
        temporary = path.with_suffix(".tmp")
        temporary.write_text(f"{done} {total}")
        os.replace(temporary, path)  # readers never see half a file

    result = None
    try:
        content = (uploads_dir() / run.upload).read_bytes()
        # Messages in the importer's language: the result is shown to them as stored.
        with translation.override(run.language):
            result = transfer.import_records(
                actor=run.actor,
                kind=run.kind,
                filename=run.filename,
                content=content,
                dry_run=run.dry_run,
                progress=progress,
            )
        run.result = result.to_json()
        run.state = ImportRun.State.DONE
    except Exception:
        # The import's transaction rolled back: nothing was written. The page says
        # so; the details are for the log.
        log.exception("import run %s failed", run.pk)
        run.result = {}
        run.state = ImportRun.State.FAILED
    run.finished_at = timezone.now()
    run.save(update_fields=["result", "state", "finished_at"])
    path.unlink(missing_ok=True)
    if result is not None and result.written:
        (uploads_dir() / run.upload).unlink(missing_ok=True)
    return run


@task()
def run_import(run_id: int):
    """The background task: fetch the run by id and do it."""
    execute_import(ImportRun.objects.select_related("actor").get(pk=run_id))


def progress_of(run: ImportRun) -> tuple[int, int] | None:
    """(rows done, rows in all) while the run works, else None."""
    try:
        done, total = _progress_path(run).read_text().split()
        return int(done), int(total)
    except (FileNotFoundError, ValueError):
        return None


def visible_runs(user):
    """Operators see their organisation's import runs."""
    if not policy.can_import(user):
        return ImportRun.objects.none()
    return ImportRun.objects.filter(organisation_id=user.organisation_id)
