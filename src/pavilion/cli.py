"""The ``pavilion`` command.

pavilion demo [--port N] [--no-serve]   demo data on SQLite, then serve
pavilion serve [--port N]               production server (gunicorn) on DATABASE_URL
pavilion import KIND FILE [--dry-run]   spreadsheet import (see docs/imports.md)
pavilion export KIND FILE               spreadsheet export
pavilion export-all --organisation SLUG FILE   everything of one organisation (ZIP of CSVs)
pavilion backup FILE                    the whole database and uploads in one ZIP file
pavilion restore FILE [--replace]       load such a file, all or nothing
pavilion manage ARGS...                 any Django management command
"""

from __future__ import annotations

import argparse
import os
import sys


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
    import django

    django.setup()


def _manage(argv: list[str]) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["pavilion", *argv])
    return 0


def _gunicorn(*, host: str, port: int, workers: int, threads: int = 4) -> int:
    """Serve the WSGI app with gunicorn in this process (replaces it).

    Threads per worker (gunicorn's gthread worker) keep connections alive:
    scanning phones and the proxy in front reuse them instead of opening one
    per request (bench/scan_load measured p99 1.5 s → 65 ms with them)."""
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "pavilion.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
    ]
    return run()


def cmd_demo(args) -> int:
    # The demo always runs on the embedded SQLite database of the data folder.
    os.environ.pop("DATABASE_URL", None)
    # Links in the demo's e-mails lead to the demo being served, on its port.
    os.environ.setdefault("PAVILION_SITE_URL", f"http://127.0.0.1:{args.port}")
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from pavilion.demo.loader import DEMO_PASSWORD, DemoRefused, demo_logins, load_demo_safely

    call_command("migrate", interactive=False, verbosity=0)
    try:
        loaded = load_demo_safely()
    except DemoRefused as refusal:
        print(
            f"pavilion demo: {settings.DATA_DIR} holds {refusal}. The demo adds accounts "
            "with a published password and a staff operator, so it adds nothing here.\n"
            "Run it on a folder of its own, e.g.: "
            "PAVILION_DATA_DIR=/tmp/pavilion-demo pavilion demo",
            file=sys.stderr,
        )
        return 2
    url = f"http://127.0.0.1:{args.port}/"
    if loaded:
        print(f"Loaded the demo data into {settings.DATA_DIR}")
    else:
        print(
            f"The demo data was already in {settings.DATA_DIR}: nothing was added or changed "
            "(delete the folder to start again from scratch)"
        )
    print(f"Open {url}  — demo logins (password: {DEMO_PASSWORD}):")
    for role, username in demo_logins():
        print(f"  {role:<18} {username}")
    if args.no_serve:
        return 0
    print(f"Serving at {url} (Ctrl-C to stop)")
    _start_worker()
    return _gunicorn(host="127.0.0.1", port=args.port, workers=2)


def _start_worker():
    """The demo runs its background worker beside the web server, and stops it with it."""
    import atexit
    import subprocess

    worker = subprocess.Popen([sys.executable, "-m", "pavilion.cli", "worker"])
    atexit.register(worker.terminate)


def cmd_worker(args) -> int:
    _setup_django()
    from django.conf import settings

    from pavilion.notifications import ticker

    # Reminders of tomorrow's meetings and due e-mail retries, queued every few minutes.
    ticker.start(settings.PAVILION_PERIODIC_SECONDS)
    return _manage(["db_worker", "--queue-name", "*"])


def cmd_remind(args) -> int:
    """Run the periodic jobs once (reminders, due e-mail retries): for cron, or now."""
    _setup_django()
    from pavilion.notifications import periodic

    for name, count in periodic.run_all().items():
        print(f"{name}: {count}")
    return 0


def cmd_serve(args) -> int:
    _setup_django()
    from django.core.management import call_command

    if not args.no_migrate:
        call_command("migrate", interactive=False, verbosity=1)
    return _gunicorn(host=args.host, port=args.port, workers=args.workers, threads=args.threads)


def cmd_import(args) -> int:
    _setup_django()
    from pavilion.core.transfer_cli import run_import

    return run_import(args)


def cmd_export(args) -> int:
    _setup_django()
    from pavilion.core.transfer_cli import run_export

    return run_export(args)


def cmd_report(args) -> int:
    _setup_django()
    import json

    if args.fund:
        return _fund_report(args, json)
    from pavilion.reports.services import edition_report
    from pavilion.shows.models import Edition

    edition = Edition.objects.filter(slug=args.edition).first()
    if edition is None:
        print(f"pavilion report: no edition {args.edition!r}", file=sys.stderr)
        return 2
    if args.xlsx or args.pdf:
        return _report_files(args, edition)
    report = edition_report(edition)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"{report['edition']['name']} — {report['currency']}")
    for key in report["headline"]:
        fig = report["figures"][key]
        unit = "/ 5" if key == "satisfaction" else report["currency"]
        amount = f"  {fig['amount']} {unit}" if fig["amount"] else ""
        print(f"  {fig['korean']:<12} {fig['label']:<28} {fig['count'] or 0:>8}{amount}")
    return 0


def _report_files(args, edition) -> int:
    """Write the edition's report (or a frozen one of it) as XLSX and/or PDF."""
    from pavilion.reports.documents.files import report_file
    from pavilion.reports.models import ReportSnapshot

    snapshot = None
    if args.frozen is not None:
        snapshot = ReportSnapshot.objects.filter(edition=edition, pk=args.frozen).first()
        if snapshot is None:
            print(
                f"pavilion report: no frozen report {args.frozen} of {edition.slug}",
                file=sys.stderr,
            )
            return 2
    for fmt, path in (("xlsx", args.xlsx), ("pdf", args.pdf)):
        if not path:
            continue
        document = report_file(edition, fmt=fmt, language=args.language, snapshot=snapshot)
        with open(path, "wb") as out:
            out.write(document.content)
        print(f"{path}: {len(document.content):,} bytes ({fmt.upper()}, {args.language})")
    return 0


def _fund_report(args, json) -> int:
    from pavilion.funds.figures import fund_report
    from pavilion.funds.models import Fund

    funds = list(Fund.objects.filter(slug=args.fund)[:2])
    if len(funds) != 1:
        problem = "no fund" if not funds else "more than one organisation has a fund"
        print(f"pavilion report: {problem} {args.fund!r}", file=sys.stderr)
        return 2
    report = fund_report(funds[0])
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    currency = report["currency"]
    print(f"{report['fund']['name']} — {currency}, as of {report['as_of']}")
    for label, key in (
        ("target", "target"),
        ("raised", "raised"),
        ("called", "called"),
        ("planned", "planned"),
        ("deployed", "deployed"),
    ):
        print(f"  {label:<28} {report[key]:>24} {currency}")
    duty = report["obligation"]
    print(f"  {'local obligation required':<28} {duty['required']:>24} {currency}")
    print(f"  {'qualifying investments':<28} {duty['qualifying']:>24} {currency}")
    print(f"  {'execution rate':<28} {duty['execution_rate'] or '-':>24}")
    for row in report["conversion"]:
        print(
            f"  {row['name']}: {row['investment_consultations']} investment consultations → "
            f"{row['converted_consultations']} converted, {row['investments']} investments"
        )
    return 0


def cmd_backup(args) -> int:
    _setup_django()
    from pavilion.core.backup import write_backup

    manifest = write_backup(args.file)
    rows = sum(manifest["counts"].values())
    print(
        f"Wrote {args.file}: {rows} rows of {len(manifest['counts'])} kinds "
        f"from {manifest['database']}"
    )
    return 0


def cmd_export_all(args) -> int:
    """Everything of one organisation, as an operator downloads it from the export page."""
    _setup_django()
    from pavilion.accounts.models import Organisation
    from pavilion.core.everything import record_export, write_everything

    organisation = Organisation.objects.filter(slug=args.organisation).first()
    if organisation is None:
        print(f"pavilion export-all: no organisation {args.organisation!r}", file=sys.stderr)
        return 2
    # Written beside the target, then moved into place: no half file if it fails.
    partial = f"{args.file}.partial"
    try:
        manifest = write_everything(partial, organisation=organisation)
        os.replace(partial, args.file)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    record_export(manifest, organisation=organisation, via="command line")
    rows = sum(f["rows"] for f in manifest["files"])
    print(
        f"Wrote {args.file}: {rows} rows in {len(manifest['files'])} files of {organisation.slug}"
    )
    return 0


def cmd_restore(args) -> int:
    _setup_django()
    from django.core.management import call_command

    from pavilion.core.backup import BackupError, restore_backup

    # A new database gets its tables first; the backup must match their migrations.
    call_command("migrate", interactive=False, verbosity=0)
    try:
        manifest = restore_backup(args.file, replace=args.replace)
    except BackupError as refusal:
        print(f"pavilion restore: nothing was changed: {refusal}", file=sys.stderr)
        return 2
    rows = sum(manifest["counts"].values())
    print(f"Restored {rows} rows from {args.file} (made {manifest['created_at']})")
    return 0


def cmd_schedule(args) -> int:
    # The scheduler core is pure Python: no Django setup, usable on its own.
    from pavilion.scheduling.cli import main as schedule_main

    return schedule_main(args.rest)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pavilion", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="load the demo edition on SQLite and serve it")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="prepare the data and exit")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="run the production server (gunicorn) on DATABASE_URL")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    serve.add_argument("--threads", type=int, default=4, help="per worker")
    serve.add_argument("--no-migrate", action="store_true")
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser(
        "worker", help="run background tasks (the scheduler, imports, e-mail, reminders)"
    )
    worker.set_defaults(func=cmd_worker)

    remind = sub.add_parser(
        "remind", help="send reminders of tomorrow's meetings and due e-mail retries once"
    )
    remind.set_defaults(func=cmd_remind)

    from pavilion.core.transfer_cli import add_arguments as add_transfer_arguments

    add_transfer_arguments(sub, import_func=cmd_import, export_func=cmd_export)

    report = sub.add_parser("report", help="print an edition's results report or a fund's figures")
    which = report.add_mutually_exclusive_group(required=True)
    which.add_argument("--edition", help="the edition's short name (slug)")
    which.add_argument("--fund", help="the fund's short name (slug)")
    report.add_argument("--json", action="store_true", help="machine-readable JSON")
    report.add_argument("--xlsx", metavar="FILE", help="write the edition's report as XLSX")
    report.add_argument("--pdf", metavar="FILE", help="write the edition's report as an A4 PDF")
    report.add_argument(
        "--language", choices=["ko", "en"], default="ko", help="language of the XLSX/PDF"
    )
    report.add_argument(
        "--frozen", type=int, metavar="ID", help="a frozen report of the edition (its id)"
    )
    report.set_defaults(func=cmd_report)

    export_all = sub.add_parser(
        "export-all", help="write everything of one organisation to a ZIP of CSV files"
    )
    export_all.add_argument("--organisation", required=True, help="its short name (slug)")
    export_all.add_argument("file")
    export_all.set_defaults(func=cmd_export_all)

    backup = sub.add_parser("backup", help="write the whole database and uploads to a ZIP file")
    backup.add_argument("file")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", help="load a backup file, all or nothing")
    restore.add_argument("file")
    restore.add_argument(
        "--replace", action="store_true", help="delete everything in the database first"
    )
    restore.set_defaults(func=cmd_restore)

    schedule = sub.add_parser(
        "schedule", help="solve or check a meeting schedule (see docs/scheduling-format.md)"
    )
    schedule.add_argument("rest", nargs=argparse.REMAINDER)
    schedule.set_defaults(func=cmd_schedule)

    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=lambda a: _manage(a.rest))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
