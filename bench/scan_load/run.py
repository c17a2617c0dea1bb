"""Scan API under load: gunicorn on PostgreSQL, driven by wrk from a second process.

    .venv/bin/python -m bench.scan_load.run [--requests 6000] [--duration 20] [--batch 50]

Creates a scratch database (default ``pavilion_scanbench``; dropped and
re-created), serves this checkout with gunicorn on loopback, and drives
``POST /api/v1/scans`` with wrk (apt-get install wrk): first single scans,
then batches, 10 % of requests being retries of the previous request (same
nonces). Each phase is bounded by a request count and a duration. It then
inserts the same rows into the same table through psycopg with no HTTP, no
Django, as the ceiling, and prints scans/s, p50/p99 latency, rows written vs.
distinct scans sent, the ratios to the ceiling measured in the same run, and
the CPU each part (app server, PostgreSQL, load generator) spent per request.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCAN_TIME = "2024-01-10T18:00:00Z"  # a show day of the bench edition, in any time zone
LUA = Path(__file__).with_name("wrk_scans.lua")


def _db_url(base: str, name: str) -> str:
    return base.rsplit("/", 1)[0] + "/" + name


def recreate_database(url: str):
    import psycopg

    name = url.rsplit("/", 1)[1]
    assert name not in ("test", "postgres"), "use a scratch database"
    with psycopg.connect(_db_url(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def django_setup(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
    sys.path.insert(0, str(ROOT / "src"))  # this checkout's code, not an installed copy
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_world(badges: int):
    """An organisation, an edition, ``badges`` badges and one device per phase."""
    from pavilion.accounts.models import Organisation, Role, User
    from pavilion.scanning import services
    from pavilion.scanning.models import Badge, new_badge_code
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
    codes = [new_badge_code() for _ in range(badges)]
    Badge.objects.bulk_create(Badge(edition=edition, code=c, name="V") for c in codes)
    keys = {}
    for phase in ("warmup", "single", "batch", "ceiling"):
        device, key = services.register_scan_device(
            actor=operator, edition=edition, name=f"bench {phase}"
        )
        keys[phase] = (device, key)
    return edition, codes, keys


def start_gunicorn(url: str, port: int, workers: int, threads: int = 1):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PYTHONPATH": str(ROOT / "src"),
        "CONN_MAX_AGE": "600",  # persistent connections, as in a real deployment
        "LOG_LEVEL": "ERROR",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "pavilion.wsgi",
            f"--workers={workers}",
            f"--threads={threads}",
            f"--bind=127.0.0.1:{port}",
            "--backlog=2048",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _proc_stats():
    """pid → (command, parent pid, CPU seconds) of every process now running."""
    stats = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # ended meanwhile
        command = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        # After the command: state, ppid, …; utime and stime are fields 14–15 of stat(5).
        stats[int(entry)] = (command, int(fields[1]), (int(fields[11]) + int(fields[12])))
    return stats


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_snapshot(server_pid):
    """CPU seconds so far of the app server (gunicorn and its workers), of
    PostgreSQL's processes, and of the whole machine (busy, all cores)."""
    stats = _proc_stats()
    app = sum(t for pid, (_c, ppid, t) in stats.items() if server_pid in (pid, ppid))
    database = sum(t for command, _p, t in stats.values() if command.startswith("postgres"))
    busy = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    machine = sum(int(x) for i, x in enumerate(busy) if i not in (3, 4))  # not idle, iowait
    return {
        "app": app / CLOCK_TICKS,
        "database": database / CLOCK_TICKS,
        "machine": machine / CLOCK_TICKS,
    }


def run_wrk(
    port, *, key, codes_file, batch, requests, duration, connections, threads, measure, server_pid
):
    pending_file = codes_file + ".pending"
    env = {
        "SCAN_PENDING_OUT": pending_file,
        **os.environ,
        "SCAN_CODES": codes_file,
        "SCAN_BATCH": str(batch),
        "SCAN_RETRY_EVERY": "10",
        "SCAN_QUOTA": str(max(1, requests // threads)),
        "SCAN_KEY": key,
        "SCAN_WHEN": SCAN_TIME,
    }
    before, children_before = cpu_snapshot(server_pid), _children_cpu()
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout=10s",
            "-s",
            str(LUA),
            f"http://127.0.0.1:{port}",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    after = cpu_snapshot(server_pid)
    cpu = {k: after[k] - before[k] for k in after}
    cpu["load generator"] = _children_cpu() - children_before  # wrk, now ended
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    result["cpu"] = cpu
    result.update(measure())
    # Requests in flight when wrk stopped got no answer: send them again, as a
    # phone does until it hears back. (Most were stored already: a retry.)
    bodies = Path(pending_file).read_text().splitlines()
    os.unlink(pending_file)
    for body in bodies:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/scans",
            data=body.encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
    result["resent_after_stop"] = len(bodies)
    return result


CEILING_SHAPES = {
    # One multi-row VALUES list (the statement grows with the batch) …
    "values": lambda n: "VALUES " + ", ".join(["(%s, %s, %s, %s, %s, %s)"] * n),
    # … or six arrays (one statement text for every batch size, as the service
    # sends on PostgreSQL). The ceiling is the faster of the two.
    "unnest": lambda n: (
        "SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::text[],"
        " %s::timestamptz[], %s::timestamptz[])"
    ),
}


def raw_ceiling(url, *, device_id, edition_id, badge_ids, rows, batch, connections, shape, table):
    """The same number of rows, inserted straight through psycopg with no HTTP and no
    Django (``INSERT … ON CONFLICT DO NOTHING RETURNING``, a transaction per
    request, badge ids already known) from ``connections`` connections: what
    the database alone can do.

    ``table`` "scans": into the scan table itself, with its foreign keys
    checked, as the service's rows are (under a device of its own, whose rows
    are removed first); "copy": into a copy of it without foreign keys."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_ceiling")
        conn.execute("CREATE TABLE bench_ceiling (LIKE scanning_scan INCLUDING ALL)")
        conn.execute("DELETE FROM scanning_scan WHERE device_id = %s", [device_id])
    target = {"scans": "scanning_scan", "copy": "bench_ceiling"}[table]
    per_conn = rows // connections // batch
    when = datetime(2024, 1, 10, 18, tzinfo=UTC)
    sql = (
        f"INSERT INTO {target} (device_id, edition_id, badge_id, nonce, scanned_at,"
        f" received_at) {CEILING_SHAPES[shape](batch)} ON CONFLICT (device_id, nonce)"
        " DO NOTHING RETURNING id"
    )

    def work(c):
        with psycopg.connect(url) as conn:
            for r in range(per_conn):
                rows = [
                    (
                        device_id,
                        edition_id,
                        badge_ids[(c * 7919 + r * batch + i) % len(badge_ids)],
                        f"{c}-{r}-{i}",
                        when,
                        when,
                    )
                    for i in range(batch)
                ]
                if shape == "unnest":
                    params = [list(column) for column in zip(*rows, strict=True)]
                else:
                    params = [value for row in rows for value in row]
                with conn.transaction():
                    conn.execute(sql, params).fetchall()

    started = time.perf_counter()
    pool = [threading.Thread(target=work, args=(c,)) for c in range(connections)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    return per_conn * batch * connections / elapsed


def phase(name, device=None, key=None, *, port, codes_file, batch, args, server_pid):
    from django.db.models import Count, Max, Min

    from pavilion.scanning.models import Scan

    def measure():
        """The sustained rate, from the server's own clock: wrk's duration counts the
        time after its threads met their request count."""
        time.sleep(1)  # requests still in flight finish
        span = Scan.objects.filter(device=device).aggregate(
            first=Min("received_at"), last=Max("received_at"), n=Count("id")
        )
        return {"span_s": (span["last"] - span["first"]).total_seconds(), "rows_at_stop": span["n"]}

    result = run_wrk(
        port,
        key=key,
        codes_file=codes_file,
        batch=batch,
        requests=args.requests,
        duration=args.duration,
        connections=args.connections,
        threads=2,
        measure=measure,
        server_pid=server_pid,
    )
    result["rows_written"] = Scan.objects.filter(device=device).count()
    seconds = result["span_s"]
    result["scans_per_s"] = result["rows_at_stop"] / seconds
    result["requests_per_s"] = result["requests"] / seconds
    result["name"] = name
    result["batch"] = batch
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/pavilion_scanbench"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--threads",
        type=int,
        default=4,
        help="per gunicorn worker, as `pavilion serve` (>1: the gthread worker, with keep-alive)",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--requests", type=int, default=6000, help="per phase, at most")
    parser.add_argument("--duration", type=int, default=20, help="seconds per phase, at most")
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--badges", type=int, default=5000)
    args = parser.parse_args(argv)

    recreate_database(args.database_url)
    django_setup(args.database_url)
    edition, codes, keys = make_world(args.badges)
    from django.db import connections

    from pavilion.scanning.models import Badge

    badge_ids = list(Badge.objects.filter(edition=edition).values_list("pk", flat=True))
    # Statistics for the badges just loaded, as autovacuum gathers them within
    # a minute of a real badge import; without them the planner takes the
    # badge table for empty and plans each scan's badge lookup badly.
    with connections["default"].cursor() as cursor:
        cursor.execute("ANALYZE")
    connections.close_all()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(codes))
        codes_file = f.name
    server = start_gunicorn(args.database_url, args.port, args.workers, args.threads)
    try:
        warm = argparse.Namespace(**{**vars(args), "requests": 200, "duration": 3})
        run = {"port": args.port, "codes_file": codes_file, "server_pid": server.pid}
        phase("warmup", *keys["warmup"], batch=1, args=warm, **run)
        results = [
            phase("single scans", *keys["single"], batch=1, args=args, **run),
            phase("batches", *keys["batch"], batch=args.batch, args=args, **run),
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
        os.unlink(codes_file)
    device = keys["ceiling"][0]
    for r in results:
        ceilings = {
            (table, shape): raw_ceiling(
                args.database_url,
                device_id=device.pk,
                edition_id=edition.pk,
                badge_ids=badge_ids,
                rows=max(r["rows_written"], r["batch"] * args.workers),
                batch=r["batch"],
                connections=args.workers,
                shape=shape,
                table=table,
            )
            for table in ("scans", "copy")
            for shape in CEILING_SHAPES
        }
        # The goal's ceiling: the same rows into the same table, the faster shape.
        r["ceiling_shape"], r["ceiling_per_s"] = max(
            ((shape, rate) for (table, shape), rate in ceilings.items() if table == "scans"),
            key=lambda kv: kv[1],
        )
        r["ceilings"] = ceilings
    print()
    print(
        "| phase | requests | scans/s | requests/s | p50 ms | p99 ms | distinct scans sent "
        "| rows written | retried requests | resent after stop | non-200 "
        "| raw INSERT ceiling scans/s | of ceiling |"
    )
    print("|---" * 13 + "|")
    for r in results:
        print(
            f"| {r['name']} (×{r['batch']}) | {r['requests']:,} | {r['scans_per_s']:,.0f} "
            f"| {r['requests_per_s']:,.0f} | {r['p50_us'] / 1000:.1f} | {r['p99_us'] / 1000:.1f} "
            f"| {r['distinct_scans_sent']:,} | {r['rows_written']:,} | {r['retried_requests']:,} "
            f"| {r['resent_after_stop']} "
            f"| {r['non_200'] + r['socket_errors']} "
            f"| {r['ceiling_per_s']:,.0f} ({r['ceiling_shape']}) "
            f"| {r['scans_per_s'] / r['ceiling_per_s']:.0%} |"
        )
    print()
    print(
        "| phase | CPU ms per request: app | database | load generator | rest of machine "
        "| machine busy |"
    )
    print("|---" * 6 + "|")
    for r in results:
        cpu, n = r["cpu"], r["requests"]
        rest = cpu["machine"] - cpu["app"] - cpu["database"] - cpu["load generator"]
        print(
            f"| {r['name']} (×{r['batch']}) | {cpu['app'] / n * 1000:.2f} "
            f"| {cpu['database'] / n * 1000:.2f} | {cpu['load generator'] / n * 1000:.2f} "
            f"| {max(rest, 0) / n * 1000:.2f} "
            f"| {cpu['machine'] / (r['span_s'] * os.cpu_count()):.0%} of {os.cpu_count()} cores |"
        )
    print()
    for r in results:
        into = {"scans": "the scan table", "copy": "a copy without foreign keys"}
        shapes = ", ".join(
            f"{shape} into {into[table]} {rate:,.0f}/s"
            for (table, shape), rate in r["ceilings"].items()
        )
        print(f"ceilings, {r['name']}: {shapes}")
    lost = [r["name"] for r in results if r["rows_written"] != r["distinct_scans_sent"]]
    print()
    print("rows written = distinct scans sent:", "yes" if not lost else f"NO ({', '.join(lost)})")
    single, batches = results
    print(
        "goals (issue #5): single scans ≥ 500/s:",
        "met" if single["scans_per_s"] >= 500 else "NOT met",
        f"({single['scans_per_s']:,.0f}/s);",
        "batches ≥ 50 % of the ceiling:",
        "met" if batches["scans_per_s"] >= batches["ceiling_per_s"] / 2 else "NOT met",
        f"({batches['scans_per_s'] / batches['ceiling_per_s']:.0%})",
    )
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
