"""Spreadsheet import and export of records: all or nothing, every bad row reported.

An import runs every row inside one transaction (each row in a savepoint so
one database error doesn't hide the others). If any row is bad, or it is a
dry run, the transaction is rolled back: nothing is written, and the result
lists what each row would do (create / update / unchanged) or every bad row
with its row number, column and message.

Each kind of record (companies, participations, awards, partners) is a
:class:`Spec` registered by its app; see docs/imports.md for the columns.
Kinds that come in large files (consultations, follow-ups, tallies) give an
``import_batch`` instead: every row checked first without writing, then bulk
writes in one short transaction (same rules, see ``_import_batch``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext as _

from pavilion.core import audit, policy
from pavilion.core.spreadsheets import (
    SpreadsheetError,
    extra_cells,
    read_rows,
    write_csv,
    write_xlsx,
)

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet shows it; the header is row 1
    column: str  # the column name, or "" for the whole row
    message: str

    def __str__(self):
        # Row 0 is the file as a whole (too large, unreadable…).
        if not self.row:
            return self.message
        if self.column:
            return _("row %(row)s, column %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class RowProblems(Exception):
    """Raised by a spec for one row; carries (column, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__(problems)
        self.problems = problems


@dataclass(frozen=True)
class Column:
    name: str
    korean: str  # accepted as a header alias and shown in the docs
    required: bool = False


@dataclass
class RowOutcome:
    row: int
    action: str
    label: str


@dataclass
class ImportResult:
    kind: str
    dry_run: bool
    rows: list[RowOutcome] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def to_json(self) -> dict:
        """For an ImportRun's result (messages are already in the importer's language)."""
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "rows": [[r.row, r.action, str(r.label)] for r in self.rows],
            "errors": [[e.row, e.column, str(e.message)] for e in self.errors],
        }

    @classmethod
    def from_json(cls, data: dict) -> ImportResult:
        return cls(
            kind=data["kind"],
            dry_run=data["dry_run"],
            rows=[RowOutcome(*r) for r in data["rows"]],
            errors=[RowError(*e) for e in data["errors"]],
        )


@dataclass
class Context:
    """What a spec needs to resolve a row: who imports, into which organisation."""

    actor: object
    organisation_id: int
    seen: dict = field(default_factory=dict)  # natural key → first row number in this file
    # The columns the file has: a column left out keeps the records' values.
    columns: frozenset = frozenset()
    cache: dict = field(default_factory=dict)  # lookups shared by the rows of one file
    # (done, total) → None: a batch spec reports its progress through it.
    progress: Callable[[int, int], None] | None = None

    def cached(self, key, compute: Callable):
        """One query per file for reference data (sectors…), not one per row."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


@dataclass(frozen=True)
class Spec:
    kind: str
    label: object  # lazy translated
    columns: list[Column]
    # (ctx, values, row number) → (label, action); writes the row, raises RowProblems.
    # None for a kind imported by ``import_batch``.
    import_row: Callable | None
    # (ctx, edition or None) → iterable of row value lists in column order
    export_rows: Callable
    # (actor, edition or None) → may the actor export these records? Checked on
    # top of can_export, for kinds holding data not every staff reader may see
    # (visitors' personal data). None: every staff reader may.
    may_export: Callable | None = None
    # (ctx, [(row number, values)]) → Batch: a large file's rows checked with a
    # few queries for all rows, written with bulk statements (see import_batch).
    import_batch: Callable | None = None

    def exportable_by(self, actor, edition=None) -> bool:
        if not policy.can_export(actor):
            return False
        return self.may_export is None or bool(self.may_export(actor, edition))


@dataclass
class Batch:
    """What ``Spec.import_batch`` found: each good row's outcome, every bad
    row's problems, and ``write`` — the bulk writes, run only when every row
    is good and it is not a dry run."""

    rows: list[RowOutcome]
    errors: list[RowError]
    write: Callable[[], None]


# Filled by the apps from their AppConfig.ready(): core imports no domain app.
REGISTRY: dict[str, Spec] = {}
# In the order an organisation imports them: a consultation needs its company and partner.
# (Names only, for the command line's choices before the apps are loaded.)
KINDS = [
    "companies",
    "participations",
    "awards",
    "partners",
    "consultations",
    "follow_ups",
    "tallies",
    "badges",
    "exhibitors",
]


def register(spec: Spec) -> Spec:
    REGISTRY[spec.kind] = spec
    return spec


def get_spec(kind: str) -> Spec:
    if kind not in REGISTRY:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(sorted(REGISTRY))}")
    return REGISTRY[kind]


def kinds() -> list[Spec]:
    """The registered kinds, in import order (a kind KINDS doesn't name comes last)."""
    order = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(REGISTRY.values(), key=lambda spec: (order.get(spec.kind, len(order)), spec.kind))


def export_kinds(actor) -> list[Spec]:
    """The kinds the actor may export (of all editions) — the export page's list."""
    return [spec for spec in kinds() if spec.exportable_by(actor)]


def _header_map(spec: Spec, headers: list[str]) -> tuple[dict[str, str], list[RowError]]:
    """Map file headers to column names (English or Korean), and report missing ones."""
    aliases = {}
    for column in spec.columns:
        aliases[column.name.lower()] = column.name
        aliases[column.korean.lower()] = column.name
    mapping = {h: aliases[h.lower()] for h in headers if h and h.lower() in aliases}
    present = set(mapping.values())
    errors = [
        RowError(1, column.name, _("required column is missing"))
        for column in spec.columns
        if column.required and column.name not in present
    ]
    # The English and the Korean header of one column: which one wins is a guess.
    names = [mapping[h] for h in headers if h in mapping]
    errors.extend(
        RowError(1, name, _("the column appears more than once"))
        for name in sorted({n for n in names if names.count(n) > 1})
    )
    return mapping, errors


def _file_problem(exc: SpreadsheetError) -> str:
    messages = {
        "unsupported": _("unsupported file type: use .xlsx or .csv"),
        "empty": _("the file is empty"),
        "no_header": _("the first row must hold the column names"),
        "too_many_rows": _("too many rows: at most %(max_rows)s per file"),
        "encoding": _("the CSV file is neither UTF-8 nor CP949 (EUC-KR)"),
        # The parser's own error name (BadZipFile…) helps nobody who made the file.
        "broken_xlsx": _(
            "not a readable .xlsx file: save it again from Excel as a workbook (.xlsx) or as CSV"
        ),
    }
    return messages[exc.code] % exc.params if exc.params else messages[exc.code]


def validation_problems(exc: ValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            ("" if name == "__all__" else name, message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [("", message) for message in exc.messages]


PROGRESS_EVERY = 100  # rows between two progress reports


def import_records(
    *,
    actor,
    kind: str,
    filename: str,
    content: bytes,
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import a spreadsheet of ``kind`` for the actor's organisation.

    Side effects (only when every row is good and it is not a dry run): the
    records created or updated, and one audit entry for the import.
    ``progress(done, total)`` is called every few rows (for a long import).
    """
    if not policy.can_import(actor):
        raise PermissionDenied
    spec = get_spec(kind)
    result = ImportResult(kind=kind, dry_run=dry_run)
    limit = settings.PAVILION_IMPORT_MAX_BYTES
    if len(content) > limit:
        message = _("the file is larger than the import limit")
        result.errors.append(RowError(0, "", f"{message} ({_size(len(content))} > {_size(limit)})"))
        return result
    try:
        headers, rows = read_rows(filename, content, max_rows=settings.PAVILION_IMPORT_MAX_ROWS)
    except SpreadsheetError as exc:
        result.errors.append(RowError(0, "", _file_problem(exc)))
        return result
    mapping, header_errors = _header_map(spec, headers)
    if header_errors:
        result.errors.extend(header_errors)
        return result
    ctx = Context(
        actor=actor,
        organisation_id=actor.organisation_id,
        columns=frozenset(mapping.values()),
        progress=progress,
    )
    if spec.import_batch is not None:
        return _import_batch(spec, ctx, result, filename, headers, rows, mapping)
    with transaction.atomic():
        for done, (number, raw) in enumerate(rows, start=1):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, len(rows))
            if message := _overflow(headers, raw):
                result.errors.append(RowError(number, "", message))
                continue
            values = {mapping[h]: v for h, v in raw.items() if h in mapping}
            try:
                with transaction.atomic():
                    label, action = spec.import_row(ctx, values, number)
                    result.rows.append(RowOutcome(number, action, label))
            except RowProblems as exc:
                result.errors.extend(RowError(number, c, m) for c, m in exc.problems)
            except ValidationError as exc:
                result.errors.extend(RowError(number, c, m) for c, m in validation_problems(exc))
            except DatabaseError as exc:
                result.errors.append(RowError(number, "", _("database refused the row: %s") % exc))
        _name_columns(result, mapping)
        if result.errors or dry_run:
            transaction.set_rollback(True)
        else:
            _audit_import(actor, kind, filename, result)
    return result


def _overflow(headers, raw) -> str | None:
    overflow = extra_cells(headers, raw)
    if not overflow:
        return None
    # Its cells have moved (a comma in an unquoted cell?): any column's
    # complaint would be about another column's text.
    return _(
        "the row has more cells (%(cells)s) than the header (%(headers)s); "
        "a cell holding the delimiter must be quoted"
    ) % {"cells": overflow[0], "headers": overflow[1]}


def _name_columns(result: ImportResult, mapping: dict[str, str]):
    """Errors name the column as the file's header row wrote it (Korean or English)."""
    written = {name: header for header, name in mapping.items()}
    result.errors = [
        RowError(e.row, written.get(e.column, e.column), e.message) for e in result.errors
    ]


def _audit_import(actor, kind, filename, result: ImportResult):
    audit.record(
        actor=actor,
        action=f"import.{kind}",
        organisation=actor.organisation,
        filename=filename,
        created=result.count(CREATE),
        updated=result.count(UPDATE),
        unchanged=result.count(UNCHANGED),
    )


def _import_batch(spec, ctx, result, filename, headers, rows, mapping) -> ImportResult:
    """A kind imported in bulk: every row is read and checked first, with a few
    queries for the whole file and no writes — so on SQLite nobody waits for the
    write lock meanwhile — then, if every row is good, the writes go in bulk in
    one short transaction. If the records changed in between (a concurrent
    import stored one of them first), the whole file is checked and written
    again inside one transaction, as the row-by-row kinds are."""
    good = []
    for number, raw in rows:
        if message := _overflow(headers, raw):
            result.errors.append(RowError(number, "", message))
        else:
            good.append((number, {mapping[h]: v for h, v in raw.items() if h in mapping}))

    def attempt():
        ctx.cache.clear()
        ctx.seen.clear()
        batch = spec.import_batch(ctx, good)
        found = ImportResult(
            kind=result.kind,
            dry_run=result.dry_run,
            rows=batch.rows,
            errors=sorted([*result.errors, *batch.errors], key=lambda e: (e.row, e.column)),
        )
        _name_columns(found, mapping)
        if not (found.errors or found.dry_run):
            with transaction.atomic():
                batch.write()
                _audit_import(ctx.actor, result.kind, filename, found)
        return found

    try:
        return attempt()
    except IntegrityError:
        with transaction.atomic():
            return attempt()


def export_records(*, actor, kind: str, fmt: str, edition=None) -> tuple[str, str, bytes]:
    """The kind's records as a file: (filename, content type, bytes). Cells are escaped."""
    if not policy.can_export(actor):
        raise PermissionDenied
    # Callers look editions up through the actor's organisation; this makes sure.
    if edition is not None and edition.show.organisation_id != actor.organisation_id:
        raise PermissionDenied
    spec = get_spec(kind)
    if not spec.exportable_by(actor, edition):
        raise PermissionDenied
    ctx = Context(actor=actor, organisation_id=actor.organisation_id)
    headers = [c.name for c in spec.columns]
    rows: Iterable = spec.export_rows(ctx, edition)
    stem = f"{kind}-{edition.slug}" if edition is not None else kind
    if fmt == "csv":
        return f"{stem}.csv", "text/csv; charset=utf-8", write_csv(headers, rows)
    if fmt == "xlsx":
        content = write_xlsx(headers, rows, title=kind)
        return (
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            content,
        )
    raise ValueError(f"unknown format {fmt!r}: use csv or xlsx")


def check_duplicate(ctx: Context, key, row: int):
    """A natural key may appear once per file; the second time is an error naming the first."""
    first = ctx.seen.setdefault(key, row)
    if first != row:
        raise RowProblems([("", _("the same record is already in row %(row)s") % {"row": first})])


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} B"


def changed(instance, values: dict) -> bool:
    return any(getattr(instance, name) != value for name, value in values.items())


def upsert(
    model,
    lookup: dict,
    values: dict,
    *,
    m2m: dict | None = None,
    defaults: dict | None = None,
    columns: dict | None = None,
    given: frozenset | None = None,
):
    """Create or update one record by its natural key; return (instance, action).

    ``values`` are set on both paths; ``defaults`` only on a new record (for
    columns left out of the file, which keep an existing record's values).
    With ``given`` (the file's columns, ``ctx.columns``), a value whose column
    the file left out is a default too: a re-import without the optional
    columns changes nothing they hold.
    A value the model refuses (full_clean) raises RowProblems naming the
    column: the field's name, or ``columns[field]`` where they differ.
    """
    if given is not None:
        columns_of = columns or {}
        left_out = {n: v for n, v in values.items() if columns_of.get(n, n) not in given}
        values = {n: v for n, v in values.items() if n not in left_out}
        defaults = {**left_out, **(defaults or {})}
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**{**(defaults or {}), **values, **lookup})
        action = CREATE
    else:
        action = UPDATE if changed(instance, values) else UNCHANGED
        for name, value in values.items():
            setattr(instance, name, value)
    try:
        instance.full_clean()
    except ValidationError as exc:
        columns = columns or {}
        raise RowProblems([(columns.get(c, c), m) for c, m in validation_problems(exc)]) from exc
    instance.save()
    for name, related in (m2m or {}).items():
        manager = getattr(instance, name)
        if action == UNCHANGED and set(manager.all()) != set(related):
            action = UPDATE
        manager.set(related)
    return instance, action
