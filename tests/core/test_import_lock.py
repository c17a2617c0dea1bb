"""A sign-in during a long import succeeds on SQLite (issue #13).

A 20,000-row import once held SQLite's only write lock for minutes, and a
sign-in meanwhile failed with a 500 "database is locked". Now the file is
checked without writing and written in bulk in one short transaction. The
test runs the app's SQLite settings (a file in WAL mode, IMMEDIATE
transactions, a busy timeout) in a process of its own (login_during_import.py),
signs in through the login form while an import runs in another thread, and
checks that the sign-in succeeded while the import was still running. The
control holds one write transaction open past the busy timeout, as the import
did, and the same sign-in fails: so the test can fail.
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BUSY_TIMEOUT = 4  # seconds a sign-in waits for the write lock


@pytest.fixture
def sqlite_file(transactional_db, tmp_path):
    """The migrated test database, copied to a file the other process opens."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock: the test runs on SQLite")
    connection.ensure_connection()
    # No transaction is open (transactional_db): the copy is not kept waiting.
    target = sqlite3.connect(tmp_path / "pavilion.sqlite3")
    connection.connection.backup(target)
    target.close()
    return tmp_path


def _run(data_dir, mode, rows):
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.core.login_during_import",
            str(data_dir),
            mode,
            str(BUSY_TIMEOUT),
            str(rows),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_sign_in_during_a_long_import_succeeds(sqlite_file):
    out = _run(sqlite_file, "import", rows=20_000)
    assert out["login_status"] == 302 and out["signed_in"], json.dumps(out)
    assert not any("locked" in e for e in out["request_errors"]), out
    assert out["import_still_running_at_sign_in"], out  # it really was during the import
    assert out["import_ok"] and out["import_created"] == 20_000, out


def test_control_a_sign_in_while_one_transaction_holds_the_lock_fails(sqlite_file):
    out = _run(sqlite_file, "control", rows=1)
    assert out["login_status"] == 500 and not out["signed_in"], out
    assert any("database is locked" in e for e in out["request_errors"]), out
