"""Everything of one organisation in one ZIP file, so an agency can leave with its data.

One CSV file per kind of record (UTF-8 with a BOM, so Excel reads Korean
text; cells that a spreadsheet would run as a formula get a leading quote,
as in every export) and ``manifest.json``: the organisation, when the file
was made (in the organisation's time zone: its latest edition's), and each
file's kind, columns and row count.

Every app registers its tables from its ``AppConfig.ready()`` with
:func:`register`, naming the ORM path from its model to the organisation;
``core`` imports none of them. A table holds every concrete field of its
model (foreign keys as ids, so the files join up) except the secrets it
names (password and token hashes); many-to-many fields are a column of ids
separated by ";". Times are ISO 8601 with their offset, in the manifest's
time zone.

The ZIP is written to a file as it goes, a few thousand rows at a time, so a
large organisation does not fill the memory.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.utils import timezone

from pavilion.core import audit, policy
from pavilion.core.datetimes import local
from pavilion.core.spreadsheets import escape_cell

CHUNK = 2000  # rows fetched at a time
MANIFEST = "manifest.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Table:
    """One kind of record in the ZIP: ``name``.csv, the model's fields as columns."""

    name: str  # the file's name without ".csv", e.g. "meetings"
    model: type[models.Model]
    #: ORM path from the model to its organisation's id, e.g. "edition__show__organisation_id".
    organisation_path: str
    #: fields never written: secrets (hashes of passwords, keys and tokens)
    exclude: tuple[str, ...] = ()
    #: (organisation id) → the records, when a path is not enough (shared reference data)
    records: Callable | None = None
    #: (user) → may the user read these records? None: every operator may. A table
    #: the downloading user may not read (the funds, for an operator without the
    #: funds permission) is left out, and the manifest says so.
    readable_by: Callable | None = None

    def readable(self, actor) -> bool:
        return actor is None or self.readable_by is None or bool(self.readable_by(actor))

    def queryset(self, organisation_id: int) -> models.QuerySet:
        if self.records is not None:
            return self.records(organisation_id)
        return self.model._default_manager.filter(**{self.organisation_path: organisation_id})

    def fields(self) -> list[models.Field]:
        return [f for f in self.model._meta.concrete_fields if f.name not in self.exclude]

    def many_to_many(self) -> list[models.ManyToManyField]:
        return [f for f in self.model._meta.many_to_many if f.name not in self.exclude]

    def columns(self) -> list[str]:
        return [f.attname for f in self.fields()] + [f.name for f in self.many_to_many()]


TABLES: dict[str, Table] = {}
# (organisation id) → the organisation's time zone name; the shows app answers.
_ZONE_OF: list[Callable[[int], str | None]] = []


def register(*tables: Table) -> None:
    """Called by each app from its ``AppConfig.ready()``."""
    for table in tables:
        if table.name in TABLES and TABLES[table.name].model is not table.model:
            raise ValueError(f"two tables named {table.name!r}")
        TABLES[table.name] = table


def register_zone(zone_of: Callable[[int], str | None]) -> None:
    _ZONE_OF[:] = [zone_of]


def tables() -> list[Table]:
    return sorted(TABLES.values(), key=lambda t: t.name)


def zone_of(organisation_id: int) -> ZoneInfo:
    name = _ZONE_OF[0](organisation_id) if _ZONE_OF else None
    return ZoneInfo(name or settings.TIME_ZONE)


def _cell(value, zone):
    if isinstance(value, datetime):
        return local(value, zone).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape_cell(value)


def _related_ids(field: models.ManyToManyField, queryset) -> dict[int, str]:
    """pk → "id;id;…" of the field's related records, in one query over the link table."""
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    links: dict[int, list[str]] = {}
    rows = (
        through._default_manager.filter(**{f"{source}__in": queryset.values("pk")})
        .order_by(f"{source}_id", f"{target}_id")
        .values_list(f"{source}_id", f"{target}_id")
    )
    for owner, related in rows.iterator(chunk_size=CHUNK):
        links.setdefault(owner, []).append(str(related))
    return {owner: ";".join(ids) for owner, ids in links.items()}


def _write_table(archive: zipfile.ZipFile, table: Table, organisation_id: int, zone) -> int:
    queryset = table.queryset(organisation_id).order_by("pk")
    fields = table.fields()
    m2m = [_related_ids(f, queryset) for f in table.many_to_many()]
    count = 0
    with archive.open(f"{table.name}.csv", "w", force_zip64=True) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(table.columns())
        values = queryset.values_list("pk", *(f.attname for f in fields))
        for pk, *row in values.iterator(chunk_size=CHUNK):
            writer.writerow([_cell(v, zone) for v in row] + [links.get(pk, "") for links in m2m])
            count += 1
        text.flush()
        text.detach()
    return count


@contextmanager
def _one_picture():
    """Read every table in one transaction, so the files agree while people work.

    On PostgreSQL the transaction is REPEATABLE READ (one snapshot for every
    query) when it is ours to open; SQLite's read transaction is one snapshot
    already.
    """
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def write_everything(file, *, organisation, actor=None) -> dict:
    """Write the organisation's ZIP to ``file`` (a path or a binary file); return its manifest.

    Whether the actor may have it at all is the caller's check (the page asks
    :func:`export_everything`); here, only the tables the actor may read are
    written. Without an actor (the command line: the server's administrator),
    every table is.
    """
    zone = zone_of(organisation.pk)
    generated = local(timezone.now(), zone)
    files, left_out = [], []
    with (
        _one_picture(),
        zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for table in tables():
            if not table.readable(actor):
                left_out.append(f"{table.name}.csv")
                continue
            rows = _write_table(archive, table, organisation.pk, zone)
            files.append(
                {
                    "file": f"{table.name}.csv",
                    "kind": table.model._meta.label,
                    "label": str(table.model._meta.verbose_name_plural),
                    "rows": rows,
                    "columns": table.columns(),
                }
            )
        manifest = {
            "format": FORMAT_VERSION,
            "organisation": {
                "id": organisation.pk,
                "slug": organisation.slug,
                "name": organisation.name,
            },
            "generated_at": generated.isoformat(),
            "time_zone": str(zone),
            "notes": (
                "One CSV file per kind of record (UTF-8 with BOM). Foreign keys are ids "
                "(column name ending in _id); many-to-many columns hold ids separated by ';'. "
                "Times are ISO 8601 in the time zone above. A cell starting with a quote "
                "followed by = + - @ had the quote added so spreadsheets do not run it."
            ),
            "files": files,
            # Tables the downloading user may not read (e.g. the funds without the
            # funds permission): not in this file.
            "left_out": left_out,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def export_everything(*, actor, file) -> dict:
    """The actor's organisation's ZIP (operators only). Side effects: the file, an audit entry."""
    if not policy.can_export_everything(actor) or actor.organisation_id is None:
        raise PermissionDenied
    organisation = actor.organisation
    manifest = write_everything(file, organisation=organisation, actor=actor)
    record_export(manifest, organisation=organisation, actor=actor)
    return manifest


def record_export(manifest: dict, *, organisation, actor=None, **extra) -> None:
    """The audit entry of an everything-export, from the page or the command line."""
    audit.record(
        actor=actor,
        action="export.everything",
        organisation=organisation,
        rows=sum(f["rows"] for f in manifest["files"]),
        files=len(manifest["files"]),
        left_out=manifest["left_out"],
        **extra,
    )
