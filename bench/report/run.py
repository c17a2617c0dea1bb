"""The results report at scale: KPIs against hand-written SQL, documents, programme.

    .venv/bin/python -m bench.report.run [--backend sqlite|postgres|both]
        [--consultations 100000] [--follow-ups 300000] [--tallies 50000]
        [--editions 20] [--repeat 7] [--postgres-url postgres://postgres@127.0.0.1:5432/h12b_bench]
    .venv/bin/python -m bench.report.run --build-only DATABASE_URL   # build, measure nothing
    .venv/bin/python -m bench.report.run --reuse DATABASE_URL   # measure an earlier build again

(On a shared machine: ``nice -n 19 … --build-only URL``, then only the
measurement, ``flock /tmp/bench.lock … --reuse URL``, at normal priority.)

Each backend runs in its own process on a scratch database (a temporary
SQLite file; the PostgreSQL database is dropped and re-created). It bulk-inserts
one edition with the given consultations (over 200 companies, 600 partners,
four currencies, every stage and kind), follow-ups and manual tallies, plus
smaller editions so the organisation has ``--editions`` editions in one year.
Then it times, as the median of ``--repeat`` runs (the KPIs and both
baselines interleaved, one of each per round in a rotating order, so each
side meets the same load; each ratio is the median of the per-round ratios):

- ``kpi``: ``reports.services.edition_report`` — everything the report page
  and its JSON show (figures, funnel, every breakdown, per company, follow-up
  rounds, investments, targets and costs);
- ``sql``: the same aggregates as hand-written SQL through one cursor, with the
  same conversion to KRW in Python, one statement per aggregate — the
  baseline, in the same run;
- ``sql3``: the same hand-written aggregates in the three passes over the
  consultations that the report makes (bench/report/handwritten.py) — the
  like-for-like baseline;
- ``xlsx`` / ``pdf``: the report's workbook and A4 PDF of that edition
  (reports.documents);
- ``programme``: the programme page (GET through Django's test client) over
  the ``--editions`` editions.

It prints each figure, the statements each side ran, and the ratios kpi / sql
and kpi / sql3 (goal: ≤ 1.5, and under 1 s on PostgreSQL; XLSX < 10 s;
PDF < 20 s). Both baselines are checked figure by figure against the report.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/h12b_bench"


def statements(fn) -> int:
    """How many SQL statements ``fn`` runs (counted apart from the timed runs)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries.captured_queries)


def recreate_postgres(url: str):
    import psycopg

    base, name = url.rsplit("/", 1)
    assert name not in ("test", "postgres"), "use a scratch database"
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def django_setup(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(fn, repeat: int, name: str = "") -> tuple[float, object]:
    runs, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    if name:  # progress on stderr: a long run shows where it is
        print(f"   {name}: {', '.join(f'{r:.3f}' for r in runs)} s", file=sys.stderr, flush=True)
    return statistics.median(runs), result


def timed_with_cpu(fn, name: str) -> tuple[float, float, object]:
    """(wall seconds, this process's CPU seconds, result) of one run: on a shared
    machine the CPU time is the work done, the wall time what the load made of it."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"   {name}: {wall:.3f} s ({cpu:.3f} s CPU)", file=sys.stderr, flush=True)
    return wall, cpu, result


def interleaved(functions: dict, rounds: int) -> tuple[dict, dict, dict]:
    """Time each function once per round, in a rotating order, so that every
    side meets the same load, after one untimed round. Returns the medians, the
    per-round ratios of each to the first function's run in the same round (their
    median), and the results."""
    names = list(functions)
    runs: dict = {name: [] for name in names}
    results: dict = {name: fn() for name, fn in functions.items()}  # warm-up, untimed
    for i in range(rounds):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            start = time.perf_counter()
            results[name] = functions[name]()
            runs[name].append(time.perf_counter() - start)
    first = names[0]
    for name in names:
        print(
            f"   {name}: {', '.join(f'{r:.3f}' for r in runs[name])} s", file=sys.stderr, flush=True
        )
    medians = {name: statistics.median(times) for name, times in runs.items()}
    ratios = {
        name: statistics.median(a / b for a, b in zip(runs[first], runs[name], strict=True))
        for name in names[1:]
    }
    return medians, ratios, results


def one_backend(args) -> dict:
    """Build, then measure, on the database of DATABASE_URL (this process only)."""
    from bench.report import build, handwritten

    started = time.perf_counter()
    if args.reuse:
        world = build.existing()
    else:
        world = build.build(
            consultations=args.consultations,
            follow_ups=args.follow_ups,
            tallies=args.tallies,
            editions=args.editions,
        )
    built = time.perf_counter() - started
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from pavilion.reports import services
    from pavilion.reports.documents import build_report_pdf, build_report_xlsx

    edition = world["edition"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    medians, ratios, results = interleaved(
        {
            "kpi": lambda: services.edition_report(edition),
            "sql": lambda: handwritten.report(edition),
            "sql3": lambda: handwritten.report(edition, passes=3),
        },
        args.repeat,
    )
    report = results["kpi"]
    handwritten.check_same(report, results["sql"])
    handwritten.check_same(report, results["sql3"])
    counted = {
        "kpi": statements(lambda: services.edition_report(edition)),
        "sql": statements(lambda: handwritten.report(edition)),
        "sql3": statements(lambda: handwritten.report(edition, passes=3)),
    }
    with translation.override("en"):
        localised = services.in_current_language(report)
        xlsx, xlsx_cpu, workbook = timed_with_cpu(
            lambda: build_report_xlsx(edition, localised, language="en"), "xlsx"
        )
        pdf, pdf_cpu, document = timed_with_cpu(
            lambda: build_report_pdf(edition, localised, language="en"), "pdf"
        )
    client = Client(HTTP_HOST="localhost")
    client.force_login(world["official"])
    url = reverse("programme") + f"?year={edition.year}"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    programme, _response = timed(page, args.repeat, "programme")
    return {
        "backend": connection.vendor,
        "consultations": world["consultations"],
        "follow_ups": world["follow_ups"],
        "tallies": world["tallies"],
        "editions": world["editions"],
        "build_s": round(built, 1),
        "kpi_s": round(medians["kpi"], 3),
        "sql_s": round(medians["sql"], 3),
        "ratio": round(ratios["sql"], 2),
        "sql3_s": round(medians["sql3"], 3),
        "ratio3": round(ratios["sql3"], 2),
        "repeat": args.repeat,
        "load": os.getloadavg(),
        "statements": counted,
        "xlsx_s": round(xlsx, 2),
        "xlsx_cpu_s": round(xlsx_cpu, 2),
        "xlsx_mb": round(len(workbook) / 1e6, 1),
        "pdf_s": round(pdf, 2),
        "pdf_cpu_s": round(pdf_cpu, 2),
        "pdf_kb": round(len(document) / 1e3),
        "programme_s": round(programme, 3),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--consultations", type=int, default=100_000)
    parser.add_argument("--follow-ups", type=int, default=300_000)
    parser.add_argument("--tallies", type=int, default=50_000)
    parser.add_argument("--editions", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG))
    parser.add_argument(
        "--reuse",
        metavar="DATABASE_URL",
        help="measure again on a database an earlier run built (nothing is dropped)",
    )
    parser.add_argument(
        "--build-only",
        metavar="DATABASE_URL",
        help="build the bench's data into this database (re-created) and measure nothing",
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a backend's own process
    args = parser.parse_args(argv)
    if args.build_only:
        build_only(args)
        return
    if args.one:
        django_setup(args.one)
        print("RESULT " + json.dumps(one_backend(args)), flush=True)
        return
    if args.reuse:
        django_setup(args.reuse)
        summary([one_backend(args)])
        return
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            if backend == "postgres":
                recreate_postgres(args.postgres_url)
                url = args.postgres_url
            else:
                url = f"sqlite:///{tmp}/bench.sqlite3"
            command = [sys.executable, "-m", "bench.report.run", "--one", url]
            for name in ("consultations", "follow_ups", "tallies", "editions", "repeat"):
                command += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
            env = {**os.environ, "PAVILION_DATA_DIR": tmp}
            print(f"== {backend}: building and measuring …", flush=True)
            out = subprocess.run(
                command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False
            )
            line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
            if line is None:
                print(out.stdout[-3000:], file=sys.stderr)
                raise SystemExit(f"{backend}: the bench failed")
            results.append(json.loads(line[7:]))
    summary(results)


def build_only(args) -> None:
    url = args.build_only
    if url.startswith("postgres"):
        recreate_postgres(url)
    elif url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    django_setup(url)
    from bench.report import build

    started = time.perf_counter()
    world = build.build(
        consultations=args.consultations,
        follow_ups=args.follow_ups,
        tallies=args.tallies,
        editions=args.editions,
    )
    print(
        f"built {world['consultations']:,} consultations, {world['follow_ups']:,} follow-ups, "
        f"{world['tallies']:,} tallies, {world['editions']} editions "
        f"in {time.perf_counter() - started:.0f} s"
    )


def summary(results: list[dict]) -> None:
    for r in results:
        n = r["statements"]
        print(
            f"{r['backend']:>10}: {r['consultations']:,} consultations, "
            f"{r['follow_ups']:,} follow-ups, {r['tallies']:,} tallies "
            f"(built in {r['build_s']} s); load average at the end "
            f"{', '.join(f'{x:.1f}' for x in r['load'])}\n"
            f"            medians of {r['repeat']} interleaved rounds; ratios: median of "
            f"the per-round ratios\n"
            f"            KPIs {r['kpi_s']:.3f} s ({n['kpi']} statements) · "
            f"hand-written SQL {r['sql_s']:.3f} s ({n['sql']} statements): "
            f"ratio {r['ratio']:.2f} · in three passes {r['sql3_s']:.3f} s "
            f"({n['sql3']} statements): ratio {r['ratio3']:.2f} (goal ≤ 1.5)\n"
            f"            XLSX {r['xlsx_s']:.2f} s, {r['xlsx_cpu_s']:.2f} s CPU "
            f"({r['xlsx_mb']} MB, goal < 10 s) · "
            f"PDF {r['pdf_s']:.2f} s, {r['pdf_cpu_s']:.2f} s CPU ({r['pdf_kb']} kB, goal < 20 s) · "
            f"programme page, {r['editions']} editions: {r['programme_s']:.3f} s"
        )


if __name__ == "__main__":
    main()
