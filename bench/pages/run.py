"""Every page of every role on the demo, timed; prints the slowest ten.

    PAVILION_DATA_DIR=/tmp/bench-pages .venv/bin/python -m bench.pages.run [--limit 400]

Loads the demo (SQLite in PAVILION_DATA_DIR, or DATABASE_URL) if it is not there,
signs in as each demo login with Django's test client (no network: the time is
the server's), follows every link from the role's landing page (up to --limit
pages a role, downloads included) and times each request. The baseline is the
health check (``/healthz``, one query) timed in the same run, so the ratios say
how much heavier a page is than the lightest request on this machine now.
Goal (issue #15): every page under 1 s on the demo.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

GOAL_SECONDS = 1.0
ROLES = ("operator", "official", "exhibitor", "buyer", "agency")


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from pavilion.accounts.models import User

    if not User.objects.filter(username="operator").exists():
        from pavilion.demo.loader import load_demo

        load_demo()


def _timed(client, url):
    start = time.perf_counter()
    response = client.get(url)
    return time.perf_counter() - start, response


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=400, help="pages per role")
    args = parser.parse_args(argv)
    _setup()
    # As each web worker does when it starts (wsgi.py): load the PDF engine once.
    from pavilion.reports.documents.pdf import warm_up

    warm_up()
    from django.test import Client

    from pavilion.accounts.models import User
    from pavilion.core.crawl import LINKS_AND_SOURCES, walk

    probe = Client()
    baseline = statistics.median(_timed(probe, "/healthz")[0] for _ in range(20))
    rows = []
    for role in ROLES:
        client = Client()
        client.force_login(User.objects.get(username=role))
        client.get("/")  # warm up: the first request of a process loads templates
        seconds_of = {}

        def timed_get(url, client=client, seconds_of=seconds_of):
            seconds, response = _timed(client, url)
            seconds_of[url] = seconds
            return response

        for url, status in walk(timed_get, limit=args.limit, links=LINKS_AND_SOURCES).items():
            rows.append((seconds_of[url], role, url, status))
        print(f"{role}: {sum(1 for r in rows if r[1] == role)} pages", flush=True)
    rows.sort(reverse=True)
    print(f"\nbaseline /healthz: {baseline * 1000:.1f} ms (median of 20)")
    print(f"pages timed: {len(rows)}; slowest ten:")
    for seconds, role, url, status in rows[:10]:
        ratio = seconds / baseline
        print(f"  {seconds * 1000:8.0f} ms  {ratio:7.0f}× baseline  {status}  {role:9} {url}")
    slow = [r for r in rows if r[0] >= GOAL_SECONDS]
    print(f"\npages at or over {GOAL_SECONDS:.0f} s: {len(slow)}")
    errors = [r for r in rows if r[3] >= 500]
    print(f"server errors: {len(errors)}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
