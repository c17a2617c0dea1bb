"""Backup and restore of the whole database, on SQLite and PostgreSQL alike.

A backup is one ZIP file:

- ``manifest.json``: format and version, when it was made, from which database,
  the migrations applied (a restore needs the same), and the number of rows of
  every model (checked again after a restore);
- ``records/NNN-app.model.jsonl``: every row of every model, one JSON object a
  line, in the order a restore loads them;
- ``media/…``: uploaded files under ``MEDIA_ROOT``.

Rows go through Django's serialisers with natural keys for content types and
permissions (their ids differ from one database to another), datetimes keep
their microseconds and decimals their digits, so a backup made on SQLite
restores on PostgreSQL and back. A restore is one transaction: it writes all
of the backup or nothing. It loads into an empty database, or with
``replace=True`` empties the database first, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import uuid
import zipfile
from collections.abc import Iterable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "pavilion-backup"
VERSION = 1
CHUNK = 1000

# Rebuilt by ``migrate`` (content types, permissions), or transient (sessions, the
# task queue's results): a restore would clash with what the database already has.
SKIPPED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "django_tasks_database.dbtaskresult",
    "django_tasks_db.dbtaskresult",
}


class BackupError(Exception):
    """A backup that cannot be restored here; the message says why."""


def _models() -> list:
    """Every model with rows of its own, in an order that resolves natural keys."""
    app_list = {
        config: None
        for config in apps.get_app_configs()
        if any(_kept(m) for m in config.get_models(include_auto_created=False))
    }
    ordered = serializers.sort_dependencies(
        [(config, None) for config in app_list], allow_cycles=True
    )
    return [m for m in ordered if _kept(m)]


def _kept(model) -> bool:
    meta = model._meta
    return meta.managed and not meta.proxy and meta.label_lower not in SKIPPED


def _applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


class _Encoder(json.JSONEncoder):
    """Full precision: Django's own encoder cuts datetimes to milliseconds."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.date | dt.time):
            return o.isoformat()
        if isinstance(o, decimal.Decimal | uuid.UUID):
            return str(o)
        if isinstance(o, dt.timedelta):
            return o.total_seconds()
        if isinstance(o, bytes | memoryview):
            return bytes(o).hex()
        return super().default(o)


def _rows(model) -> Iterable[dict]:
    queryset = model._default_manager.order_by("pk")
    for offset in range(0, queryset.count(), CHUNK):
        chunk = list(queryset[offset : offset + CHUNK])
        yield from serializers.serialize(
            "python", chunk, use_natural_foreign_keys=True, use_natural_primary_keys=False
        )


def write_backup(path: Path) -> dict:
    """Write the whole database (and uploaded files) to the ZIP file ``path``.

    Reads in one transaction so the backup is a consistent picture even while
    the site keeps working. Returns the manifest."""
    path = Path(path)
    counts: dict[str, int] = {}
    files: list[str] = []
    with (
        transaction.atomic(),
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for index, model in enumerate(_models()):
            label = model._meta.label_lower
            name = f"records/{index:03d}-{label}.jsonl"
            count = 0
            with archive.open(name, "w") as raw, io.TextIOWrapper(raw, "utf-8") as out:
                for row in _rows(model):
                    out.write(json.dumps(row, cls=_Encoder, ensure_ascii=False))
                    out.write("\n")
                    count += 1
            counts[label] = count
            files.append(name)
        media = Path(settings.MEDIA_ROOT)
        if media.is_dir():
            for item in sorted(media.rglob("*")):
                if item.is_file():
                    archive.write(item, f"media/{item.relative_to(media).as_posix()}")
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "database": connection.vendor,
            "migrations": _applied_migrations(),
            "records": files,
            "counts": counts,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return manifest


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise BackupError("this file is not a Pavilion backup (no manifest.json)") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(
            f"this file is not a Pavilion backup of version {VERSION} "
            f"(format {manifest.get('format')!r}, version {manifest.get('version')!r})"
        )
    return manifest


def _database_is_empty() -> bool:
    return not any(model._default_manager.exists() for model in _models())


def restore_backup(path: Path, *, replace: bool = False) -> dict:
    """Load the backup ``path`` into this database, all or nothing.

    Refuses (``BackupError``, nothing written) a file that is not a backup, a
    backup made with other migrations than this database has, and a database
    that holds records unless ``replace`` is set — then everything in it is
    deleted first, in the same transaction. Returns the manifest."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"cannot read {path}: {exc}") from exc
    with archive:
        manifest = read_manifest(archive)
        ours = _applied_migrations()
        theirs = sorted(manifest["migrations"])
        if theirs != ours:
            missing = sorted(map(tuple, ({*map(tuple, theirs)} - {*map(tuple, ours)})))
            extra = sorted(map(tuple, ({*map(tuple, ours)} - {*map(tuple, theirs)})))
            raise BackupError(
                "the backup was made with other migrations than this database has "
                f"(only in the backup: {_names(missing)}; only here: {_names(extra)}). "
                "Restore it with the Pavilion version that made it, then upgrade."
            )
        with transaction.atomic():
            if not _database_is_empty():
                if not replace:
                    raise BackupError(
                        "the database already holds records; restore into an empty "
                        "database, or pass --replace to delete everything in it first"
                    )
                call_command("flush", interactive=False, verbosity=0)
            loaded: dict[str, int] = {}
            for name in manifest["records"]:
                loaded.update(_load(archive, name))
            expected = manifest["counts"]
            if loaded != expected:
                raise BackupError(f"restored rows differ from the backup's: {loaded} ≠ {expected}")
            _reset_sequences()
        _restore_media(archive)
    return manifest


def _names(pairs) -> str:
    return ", ".join(f"{app}.{name}" for app, name in pairs[:5]) + (" …" if len(pairs) > 5 else "")


def _load(archive: zipfile.ZipFile, name: str) -> dict[str, int]:
    label = name.split("-", 1)[1].removesuffix(".jsonl")
    count = 0
    with archive.open(name) as raw:
        batch: list[dict] = []
        for line in io.TextIOWrapper(raw, "utf-8"):
            if line.strip():
                batch.append(json.loads(line))
            if len(batch) >= CHUNK:
                count += _save(batch)
                batch = []
        count += _save(batch)
    return {label: count}


def _save(rows: list[dict]) -> int:
    # Deserialised objects save "raw": stored values as they are (no auto_now,
    # no overridden save(), no signals' side effects on other rows).
    for obj in serializers.deserialize("python", rows, handle_forward_references=True):
        obj.save()
    return len(rows)


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), _models())
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _restore_media(archive: zipfile.ZipFile) -> None:
    media = Path(settings.MEDIA_ROOT).resolve()
    for info in archive.infolist():
        if not info.filename.startswith("media/") or info.is_dir():
            continue
        target = (media / info.filename.removeprefix("media/")).resolve()
        if not target.is_relative_to(media):  # a crafted name such as media/../../x
            raise BackupError(f"refusing a file outside the media folder: {info.filename}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.read(info))
