"""Run by tests/core/test_import_lock.py in a process of its own, on a SQLite
file (WAL, the app's settings) copied from the test database: a long import in
one thread, a sign-in through the login form in another, meanwhile.

    python -m tests.core.login_during_import DATA_DIR MODE BUSY_TIMEOUT ROWS

MODE ``import`` runs a real import of ROWS consultations; ``control`` instead
holds one write transaction open longer than the busy timeout, as the import
did when it wrote row by row in one transaction. Prints one JSON object.
"""

import json
import os
import sys
import threading
import time


def main():
    data_dir, mode, busy_timeout, rows = (
        sys.argv[1],
        sys.argv[2],
        int(sys.argv[3]),
        int(sys.argv[4]),
    )
    os.environ["PAVILION_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django
    from django.conf import settings

    # The app's settings (WAL, IMMEDIATE, a busy timeout), with a shorter wait
    # so a sign-in blocked by the write lock fails within seconds, not 20.
    settings.DATABASES["default"]["OPTIONS"]["timeout"] = busy_timeout
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host
    django.setup()
    from django.core.signals import got_request_exception
    from django.db import connection, connections, transaction
    from django.test import Client

    from bench.imports.run import consultation_rows, make_world, to_csv
    from pavilion.core import transfer
    from pavilion.core.models import AuditEntry

    assert connection.vendor == "sqlite" and "memory" not in str(connection.settings_dict["NAME"])
    _edition, operator, companies, partners = make_world()
    operator.email = "op@bench.example"
    operator.set_password("a long sign-in password")
    operator.save()
    content = to_csv(list(consultation_rows(rows, companies, partners)))
    started = threading.Event()
    out = {"mode": mode}

    def work():
        try:
            if mode == "import":

                def progress(done, total):
                    started.set()

                t0 = time.monotonic()
                result = transfer.import_records(
                    actor=operator,
                    kind="consultations",
                    filename="big.csv",
                    content=content,
                    dry_run=False,
                    progress=progress,
                )
                out["import_ok"] = result.ok
                out["import_created"] = result.count("create")
                out["import_seconds"] = time.monotonic() - t0
            else:
                with transaction.atomic():
                    AuditEntry.objects.create(action="control.holds_the_lock")
                    started.set()
                    time.sleep(busy_timeout + 3)
        except Exception as exc:
            out["work_error"] = repr(exc)
            started.set()
        finally:
            out["work_ended"] = time.monotonic()
            connections.close_all()

    errors = []

    def keep(sender, request, **kwargs):
        errors.append(repr(sys.exc_info()[1]))

    got_request_exception.connect(keep, weak=False)
    client = Client(raise_request_exception=False)
    client.get("/accounts/login/")  # the first request loads the URLs and templates
    worker = threading.Thread(target=work)
    worker.start()
    started.wait(timeout=120)
    t0 = time.monotonic()
    response = client.post(
        "/accounts/login/", {"login": "op", "password": "a long sign-in password"}
    )
    out["login_ended"] = time.monotonic()
    out["login_seconds"] = out["login_ended"] - t0
    out["login_status"] = response.status_code
    out["login_location"] = response.get("Location", "")
    out["signed_in"] = "_auth_user_id" in client.session
    out["request_errors"] = errors
    if response.status_code != 302:
        out["login_page"] = response.content.decode(errors="replace")[-3000:]
    connections.close_all()
    worker.join()
    out["import_still_running_at_sign_in"] = out["work_ended"] > out["login_ended"]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
