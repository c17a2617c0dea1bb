"""Spreadsheet imports at scale, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.imports.run [--rows 20000] [--db sqlite|postgres|both]
        [--postgres postgres://postgres@127.0.0.1:5432/pavilion_importbench]

For each database, on a scratch database (SQLite: a fresh file in a temporary
folder, WAL as configured; PostgreSQL: dropped and re-created), builds one
organisation with an edition, companies, buyers and investors, and imports
files of ``--rows`` rows through ``core.transfer.import_records`` — the code
the import page's background worker and the command line run — in several
shapes:

- consultations, all new (every column), then the same file again (all
  unchanged), then with amounts and notes changed (all updated), then
  without the optional columns (unchanged: columns left out keep their
  values), then with changed stages (updates with follow-ups);
- follow-ups with their real dates, new;
- visitor tallies, new, then again (unchanged).

As the baseline, measured in the same run on the same database, it writes
the same consultations with one ``bulk_create`` (no reading of the file, no
checks, no audit): the floor an import cannot go below. It prints rows/s per
shape, the ratio of each to the baseline's rows/s, and the machine's load.
The goal (issue #13) is ≥ 1,000 rows/s for every shape on both databases.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOAL = 1000  # rows per second


def recreate_postgres(url: str):
    import psycopg

    name = url.rsplit("/", 1)[1]
    assert name not in ("test", "postgres"), "use a scratch database"
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def django_setup(url: str | None, data_dir: str):
    if url:
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["PAVILION_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
    sys.path.insert(0, str(ROOT / "src"))  # this checkout's code, not an installed copy
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


COMPANIES, PARTNERS = 200, 300


def make_world():
    from pavilion.accounts.models import Organisation, Role, User
    from pavilion.companies.models import Company
    from pavilion.partners.models import Contact, Partner
    from pavilion.shows.models import Edition, Show

    org = Organisation.objects.create(name="Bench", slug="bench")
    show = Show.objects.create(organisation=org, name="CES", slug="ces")
    edition = Edition.objects.create(
        show=show,
        name="CES 2024",
        slug="ces-2024",
        year=2024,
        start_date=date(2024, 1, 9),
        end_date=date(2024, 1, 12),
        time_zone="America/Los_Angeles",
    )
    operator = User.objects.create(username="op", role=Role.OPERATOR, organisation=org)
    companies = Company.objects.bulk_create(
        Company(
            organisation=org,
            business_registration_number=_brn(i),
            name_ko=f"회사 {i}",
            name_en=f"Company {i}",
        )
        for i in range(COMPANIES)
    )
    partners = Partner.objects.bulk_create(
        Partner(organisation=org, name=f"Partner {i}", country="US", kind="buyer")
        for i in range(PARTNERS)
    )
    Contact.objects.bulk_create(
        Contact(partner=p, name=f"Contact {i}", email=f"c{i}@partner.example")
        for i, p in enumerate(partners)
    )
    return edition, operator, companies, partners


def _brn(i: int) -> str:
    """A valid business registration number (the check digit verified)."""
    from pavilion.companies.brn import make_valid

    return make_valid(f"{100 + i:03}81{i:04}")


def consultation_rows(n: int, companies, partners, *, amount=1000, notes="first", stage=None):
    """``n`` distinct consultations: their natural keys spread over the show's days."""
    start = datetime(2024, 1, 9, 9, 0)
    for i in range(n):
        company = companies[i % len(companies)]
        partner = partners[(i // len(companies)) % len(partners)]
        when = start + timedelta(days=i % 4, seconds=(i // 4) % (9 * 3600))
        row = {
            "edition": "ces-2024",
            "business_registration_number": company.business_registration_number,
            "partner_name": partner.name,
            "partner_country": "US",
            "contact_email": f"c{partners.index(partner)}@partner.example" if i % 3 == 0 else "",
            "occurred_at": when.isoformat(sep=" "),
            "kind": ("export", "investment", "distribution")[i % 3],
            "amount": f"{amount + i}",
            "currency": "USD",
            "stage": stage or "consulted",
            "source": "walk_in",
            "notes": f"{notes} {i}",
        }
        yield row


def to_csv(rows, columns=None) -> bytes:
    rows = list(rows)
    columns = columns or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def timed_import(operator, kind, content: bytes, rows: int):
    from pavilion.core import transfer

    started = time.perf_counter()
    result = transfer.import_records(
        actor=operator, kind=kind, filename=f"{kind}.csv", content=content, dry_run=False
    )
    seconds = time.perf_counter() - started
    if not result.ok:
        raise SystemExit(f"{kind}: the import failed: {[str(e) for e in result.errors[:5]]}")
    counts = {a: result.count(a) for a in ("create", "update", "unchanged")}
    return seconds, rows / seconds, counts


def baseline(edition, operator, companies, partners, n: int) -> float:
    """rows/s of one bulk_create of the same consultations (rolled back)."""
    from django.db import transaction

    from pavilion.consultations.models import Consultation

    by_brn = {c.business_registration_number: c for c in companies}
    by_name = {p.name: p for p in partners}
    zone = edition.tzinfo
    started = time.perf_counter()
    with transaction.atomic():
        Consultation.objects.bulk_create(
            (
                Consultation(
                    edition=edition,
                    company=by_brn[r["business_registration_number"]],
                    partner=by_name[r["partner_name"]],
                    occurred_at=datetime.fromisoformat(r["occurred_at"]).replace(tzinfo=zone),
                    kind=r["kind"],
                    amount=Decimal(r["amount"]),
                    currency=r["currency"],
                    stage=r["stage"],
                    source=r["source"],
                    notes=r["notes"],
                    created_by=operator,
                )
                for r in consultation_rows(n, companies, partners)
            ),
            batch_size=1000,
        )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return n / seconds


def follow_up_rows(n: int, companies, partners):
    for i, r in enumerate(consultation_rows(n, companies, partners)):
        day = date(2024, 1, 20) + timedelta(days=i % 200)
        yield {
            "edition": r["edition"],
            "business_registration_number": r["business_registration_number"],
            "partner_name": r["partner_name"],
            "partner_country": r["partner_country"],
            "occurred_at": r["occurred_at"],
            "consultation_kind": r["kind"],
            "date": day.isoformat(),
            "kind": "call",
            "stage": "follow_up",
            "amount": "",
            "outcome": f"called back {i}",
        }


def tally_rows(n: int):
    days = [date(2024, 1, 9) + timedelta(days=d) for d in range(4)]
    for i in range(n):
        yield {
            "edition": "ces-2024",
            "day": days[i % 4].isoformat(),
            "place": f"Gate {i // 4}",
            "count": str(10 + i % 90),
            "note": "",
        }


def run_one(label: str, rows: int) -> list[tuple[str, int, float, float, dict]]:
    from pavilion.core.transfer import get_spec

    edition, operator, companies, partners = make_world()
    base = baseline(edition, operator, companies, partners, rows)
    results = []

    def measure(shape, kind, content, n):
        seconds, speed, counts = timed_import(operator, kind, content, n)
        results.append((shape, n, seconds, speed, counts))
        print(
            f"  {shape:<44} {n:>6} rows {seconds:7.2f} s {speed:8.0f} rows/s "
            f"{speed / base:5.2f}× baseline  {counts}",
            flush=True,
        )

    print(f"{label}: baseline bulk_create {base:,.0f} rows/s", flush=True)
    full = list(consultation_rows(rows, companies, partners))
    measure("consultations: new", "consultations", to_csv(full), rows)
    measure("consultations: again (unchanged)", "consultations", to_csv(full), rows)
    changed = list(consultation_rows(rows, companies, partners, amount=2000, notes="second"))
    measure("consultations: amounts and notes changed", "consultations", to_csv(changed), rows)
    required = [c.name for c in get_spec("consultations").columns if c.required]
    measure(
        "consultations: optional columns left out", "consultations", to_csv(changed, required), rows
    )
    staged = list(
        consultation_rows(
            rows, companies, partners, amount=2000, notes="second", stage="negotiating"
        )
    )
    measure("consultations: stage changed (follow-ups)", "consultations", to_csv(staged), rows)
    try:
        get_spec("follow_ups")
        get_spec("tallies")
    except ValueError:
        pass
    else:
        measure(
            "follow-ups: new",
            "follow_ups",
            to_csv(list(follow_up_rows(rows, companies, partners))),
            rows,
        )
        tallies = to_csv(list(tally_rows(rows)))
        measure("visitor tallies: new", "tallies", tallies, rows)
        measure("visitor tallies: again (unchanged)", "tallies", tallies, rows)
    return base, results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres", default="postgres://postgres@127.0.0.1:5432/pavilion_importbench"
    )
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}", flush=True)
    with tempfile.TemporaryDirectory() as data_dir:
        if args.db == "postgres":
            recreate_postgres(args.postgres)
            django_setup(args.postgres, data_dir)
        else:
            django_setup(None, data_dir)
        from django.conf import settings

        settings.PAVILION_IMPORT_MAX_ROWS = max(settings.PAVILION_IMPORT_MAX_ROWS, args.rows)
        base, results = run_one(args.db, args.rows)
    slowest = min(speed for _s, _n, _t, speed, _c in results)
    print(f"load average after: {os.getloadavg()}")
    print(
        f"{args.db}: slowest shape {slowest:,.0f} rows/s "
        f"({slowest / base:.2f}× the baseline); goal ≥ {GOAL:,} rows/s: "
        + ("met" if slowest >= GOAL else "NOT met")
    )


if __name__ == "__main__":
    main()
