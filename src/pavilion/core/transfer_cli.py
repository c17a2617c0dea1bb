"""``pavilion import`` and ``pavilion export``: the spreadsheet transfer from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

# Kept here (not imported from core.transfer) so the CLI parser builds without Django set up.
KINDS = ["companies", "participations", "awards", "partners", "consultations"]


def add_arguments(sub, *, import_func, export_func):
    imp = sub.add_parser("import", help="import a spreadsheet (.xlsx or .csv); see docs/imports.md")
    imp.add_argument("kind", choices=KINDS)
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="preview; write nothing")
    imp.add_argument("--as", dest="username", help="the operator doing the import")
    imp.set_defaults(func=import_func)

    exp = sub.add_parser("export", help="export records to a spreadsheet (.xlsx or .csv)")
    exp.add_argument("kind", choices=KINDS)
    exp.add_argument("file", type=Path)
    exp.add_argument("--edition", help="only this edition's records (its short name)")
    exp.add_argument("--as", dest="username", help="the operator or official exporting")
    exp.set_defaults(func=export_func)


def _actor(username: str | None):
    from pavilion.accounts.models import Role, User

    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise SystemExit(f"pavilion: no active user {username!r}")
        return user
    operators = list(User.objects.filter(role=Role.OPERATOR, is_active=True)[:2])
    if len(operators) != 1:
        raise SystemExit("pavilion: say who acts with --as USERNAME")
    return operators[0]


def run_import(args) -> int:
    from django.core.exceptions import PermissionDenied

    from pavilion.core.transfer import import_records

    actor = _actor(args.username)
    if not args.file.is_file():
        print(f"pavilion import: no file {args.file}", file=sys.stderr)
        return 2
    try:
        result = import_records(
            actor=actor,
            kind=args.kind,
            filename=args.file.name,
            content=args.file.read_bytes(),
            dry_run=args.dry_run,
        )
    except PermissionDenied:
        print(f"pavilion import: {actor.username} may not import", file=sys.stderr)
        return 2
    if not result.ok:
        print(f"{len(result.errors)} problem(s); nothing was written:", file=sys.stderr)
        for error in result.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    for row in result.rows:
        print(f"  row {row.row:>5}  {row.action:<9}  {row.label}")
    summary = ", ".join(f"{result.count(a)} {a}" for a in ("create", "update", "unchanged"))
    verb = "would be" if args.dry_run else "were"
    print(f"{len(result.rows)} rows {verb} imported: {summary}.")
    if args.dry_run:
        print("Dry run: nothing was written.")
    return 0


def run_export(args) -> int:
    from django.core.exceptions import PermissionDenied

    from pavilion.core.transfer import export_records
    from pavilion.shows.models import Edition

    actor = _actor(args.username)
    fmt = args.file.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        print("pavilion export: the file must end in .csv or .xlsx", file=sys.stderr)
        return 2
    edition = None
    if args.edition:
        edition = Edition.objects.filter(
            slug=args.edition, show__organisation_id=actor.organisation_id
        ).first()
        if edition is None:
            print(f"pavilion export: no edition {args.edition!r}", file=sys.stderr)
            return 2
    try:
        _name, _type, content = export_records(
            actor=actor, kind=args.kind, fmt=fmt, edition=edition
        )
    except PermissionDenied:
        print(f"pavilion export: {actor.username} may not export", file=sys.stderr)
        return 2
    args.file.write_bytes(content)
    print(f"Wrote {args.file}")
    return 0
