"""``pavilion import`` and ``pavilion export``: the spreadsheet transfer from the command line.

Exit codes: 0 done (or previewed), 1 the file has bad rows (nothing was
written), 2 a usage problem (unknown user, missing file, not allowed…).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Kept here (not imported from core.transfer) so the CLI parser builds without
# Django set up; for the same reason the argparse help stays untranslated.
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
FORMATS = ("csv", "xlsx")
OK, BAD_ROWS, USAGE = 0, 1, 2


def add_arguments(sub, *, import_func, export_func):
    imp = sub.add_parser("import", help="import a spreadsheet (.xlsx or .csv); see docs/imports.md")
    imp.add_argument("kind", choices=KINDS)
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="preview; write nothing")
    imp.add_argument(
        "--as",
        dest="username",
        help="the operator doing the import (default: the only operator, if there is one)",
    )
    imp.set_defaults(func=import_func)

    exp = sub.add_parser("export", help="export records to a spreadsheet (.xlsx or .csv)")
    exp.add_argument("kind", choices=KINDS)
    exp.add_argument("file", type=Path, help="where to write; the extension picks the format")
    exp.add_argument("--edition", help="only this edition's records (its short name)")
    exp.add_argument(
        "--as",
        dest="username",
        help="the operator or official exporting (default: the only operator, if there is one)",
    )
    exp.set_defaults(func=export_func)


def _fail(command: str, message) -> int:
    print(f"pavilion {command}: {message}", file=sys.stderr)
    return USAGE


def _actor(username: str | None):
    """The user acting, or a message saying why there is none."""
    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext as _

    from pavilion.core import policy

    if username:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            return None, _("no active user %(name)s") % {"name": username}
        return user, None
    operators = list(policy.active_operators()[:2])
    if len(operators) != 1:
        return None, _("say who acts with --as USERNAME")
    return operators[0], None


def _format(path: Path) -> str:
    return path.suffix.lower().lstrip(".")


def run_import(args) -> int:
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    from pavilion.core.transfer import CREATE, UNCHANGED, UPDATE, import_records

    actor, problem = _actor(args.username)
    if actor is None:
        return _fail("import", problem)
    if _format(args.file) not in FORMATS:
        return _fail("import", _("the file must end in .csv or .xlsx"))
    if not args.file.is_file():
        return _fail("import", _("no file %(path)s") % {"path": args.file})
    try:
        result = import_records(
            actor=actor,
            kind=args.kind,
            filename=args.file.name,
            content=args.file.read_bytes(),
            dry_run=args.dry_run,
        )
    except PermissionDenied:
        return _fail("import", _("%(name)s may not import") % {"name": actor.username})
    if not result.ok:
        print(
            _("%(n)s problem(s); nothing was written:") % {"n": len(result.errors)},
            file=sys.stderr,
        )
        for error in result.errors:
            print(f"  {error}", file=sys.stderr)
        return BAD_ROWS
    names = {CREATE: _("create"), UPDATE: _("update"), UNCHANGED: _("unchanged")}
    print(f"  {_('Row'):>5}  {_('Action'):<10} {_('Record')}")
    for row in result.rows:
        print(f"  {row.row:>5}  {names[row.action]:<10} {row.label}")
    counts = {
        "n": len(result.rows),
        "created": result.count(CREATE),
        "updated": result.count(UPDATE),
        "unchanged": result.count(UNCHANGED),
    }
    if args.dry_run:
        print(
            _(
                "Dry run: nothing was written. %(n)s rows would be imported: "
                "%(created)s created, %(updated)s updated, %(unchanged)s unchanged."
            )
            % counts
        )
    else:
        print(
            _(
                "Imported %(n)s rows: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % counts
        )
    return OK


def run_export(args) -> int:
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    from pavilion.core import policy
    from pavilion.core.transfer import export_records

    actor, problem = _actor(args.username)
    if actor is None:
        return _fail("export", problem)
    fmt = _format(args.file)
    if fmt not in FORMATS:
        return _fail("export", _("the file must end in .csv or .xlsx"))
    if not policy.can_export(actor):
        return _fail("export", _("%(name)s may not export") % {"name": actor.username})
    edition = None
    if args.edition:
        # Only the actor's organisation's editions: another's is as unknown as a typo.
        edition = policy.visible_editions(actor).filter(slug=args.edition).first()
        if edition is None:
            return _fail("export", _("unknown edition %(slug)s") % {"slug": args.edition})
    try:
        _name, _type, content = export_records(
            actor=actor, kind=args.kind, fmt=fmt, edition=edition
        )
    except PermissionDenied:
        return _fail("export", _("%(name)s may not export") % {"name": actor.username})
    args.file.write_bytes(content)
    print(_("Wrote %(path)s") % {"path": args.file})
    return OK
