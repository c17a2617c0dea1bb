"""Fifty simultaneous confirms of one 5-row consultations file on PostgreSQL: 5 rows."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from pavilion.consultations.models import Consultation
from pavilion.core import import_runs, transfer
from pavilion.core.models import ImportRun
from tests.core.test_import_round_trip import _five_rows, _upload


def _skip_unless_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the concurrency test runs on PostgreSQL (DATABASE_URL=postgres://…)")


def _at_once(n, work):
    start = threading.Barrier(n)

    def run(i):
        try:
            start.wait(timeout=30)
            return work(i)
        except Exception as exc:  # the test counts them
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_confirms_import_five_rows(world, settings, tmp_path):
    _skip_unless_postgres()
    settings.DATA_DIR = tmp_path
    content = _five_rows(world)
    preview = import_runs.start_import(
        actor=world.operator,
        kind="consultations",
        filename="a.csv",
        upload=_upload(content),
        dry_run=True,
    )
    before = Consultation.objects.count()
    # Each confirm uploads the file anew (fifty operators, or fifty retries).
    tokens = [_upload(content) for _ in range(50)]
    runs = _at_once(
        50,
        lambda i: import_runs.start_import(
            actor=world.operator,
            kind="consultations",
            filename="a.csv",
            upload=tokens[i],
            dry_run=False,
            preview=preview,
        ),
    )
    assert all(isinstance(run, ImportRun) for run in runs), runs
    assert len({run.pk for run in runs}) == 1
    assert Consultation.objects.count() == before + 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_control_fifty_concurrent_imports_without_the_run_guard(world):
    """Control: the same file imported fifty times at once without the confirm's
    guard; the consultations' natural key alone still keeps 5 rows (the losers
    fail as a whole), so the count holds whichever guard a race gets past."""
    _skip_unless_postgres()
    content = _five_rows(world)
    before = Consultation.objects.count()
    results = _at_once(
        50,
        lambda i: transfer.import_records(
            actor=world.operator,
            kind="consultations",
            filename="a.csv",
            content=content,
            dry_run=False,
        ),
    )
    assert Consultation.objects.count() == before + 5
    written = [r for r in results if not isinstance(r, Exception) and r.written]
    assert len(written) >= 1
