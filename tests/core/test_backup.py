"""Backup, wipe, restore: the same records, the same live report, the same frozen
reports' hashes; a restore writes all of a backup or nothing."""

import json
import zipfile

import pytest
from django.core.management import call_command

from pavilion.accounts.models import Organisation, User
from pavilion.cli import main
from pavilion.core import backup
from pavilion.demo.loader import load_demo
from pavilion.reports.models import ReportSnapshot
from pavilion.reports.services import edition_report, freeze_report
from pavilion.shows.models import Edition


def every_row() -> dict[str, list]:
    """Every row of every backed-up model, as the serialiser sees it (natural keys
    for content types, so ids of those may differ)."""
    return {
        model._meta.label_lower: json.loads(
            json.dumps(list(backup._rows(model)), cls=backup._Encoder, sort_keys=True)
        )
        for model in backup._models()
    }


def reports() -> dict:
    return {
        e.slug: json.dumps(edition_report(e), sort_keys=True, default=str)
        for e in Edition.objects.order_by("slug")
    }


@pytest.fixture
def small(transactional_db, world):
    """The shared test world (two organisations' worth of records is not needed)."""
    freeze_report(actor=world.operator, edition=world.edition, title="Final")
    return world


@pytest.fixture
def demo(transactional_db):
    load_demo()
    operator = User.objects.get(username="operator")
    freeze_report(actor=operator, edition=Edition.objects.get(slug="ces-2024"), title="Final")
    return operator


def test_backup_wipe_restore_gives_back_every_record_and_report(demo, tmp_path):
    rows, live = every_row(), reports()
    hashes = dict(ReportSnapshot.objects.values_list("pk", "sha256"))
    assert hashes and sum(len(v) for v in rows.values()) > 10_000

    file = tmp_path / "pavilion.zip"
    assert main(["backup", str(file)]) == 0
    call_command("flush", interactive=False, verbosity=0)
    assert not Organisation.objects.exists()

    assert main(["restore", str(file)]) == 0
    assert every_row() == rows
    assert reports() == live
    assert dict(ReportSnapshot.objects.values_list("pk", "sha256")) == hashes
    assert all(s.is_intact() for s in ReportSnapshot.objects.all())
    # Sequences continue after the restored ids: a new row does not collide.
    assert Organisation.objects.create(name="New", slug="new").pk > max(
        o.pk for o in Organisation.objects.exclude(slug="new")
    )
    # The demo accounts still sign in with their password.
    assert User.objects.get(username="operator").check_password("pavilion-demo")


def test_restore_refuses_a_database_with_records_and_writes_nothing(small, tmp_path, capsys):
    org = small.organisation
    file = tmp_path / "pavilion.zip"
    backup.write_backup(file)
    Organisation.objects.filter(pk=org.pk).update(name="Changed after the backup")
    assert main(["restore", str(file)]) == 2
    assert "--replace" in capsys.readouterr().err
    assert Organisation.objects.get(pk=org.pk).name == "Changed after the backup"

    assert main(["restore", str(file), "--replace"]) == 0
    assert Organisation.objects.get(pk=org.pk).name == org.name


def test_a_failing_restore_leaves_the_database_as_it_was(small, tmp_path):
    file = tmp_path / "pavilion.zip"
    manifest = backup.write_backup(file)
    # A damaged backup: its counts no longer match its records.
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(file) as src, zipfile.ZipFile(broken, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "manifest.json":
                manifest["counts"]["shows.edition"] += 1
                data = json.dumps(manifest).encode()
            out.writestr(item, data)
    before = every_row()
    with pytest.raises(backup.BackupError, match="differ"):
        backup.restore_backup(broken, replace=True)
    assert every_row() == before


def test_restore_refuses_other_migrations_and_other_files(small, tmp_path):
    file = tmp_path / "pavilion.zip"
    manifest = backup.write_backup(file)
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(file) as src, zipfile.ZipFile(newer, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "manifest.json":
                manifest["migrations"].append(["shows", "9999_from_the_future"])
                data = json.dumps(manifest).encode()
            out.writestr(item, data)
    with pytest.raises(backup.BackupError, match="9999_from_the_future"):
        backup.restore_backup(newer, replace=True)

    not_a_backup = tmp_path / "x.zip"
    with zipfile.ZipFile(not_a_backup, "w") as out:
        out.writestr("hello.txt", "hi")
    with pytest.raises(backup.BackupError, match="not a Pavilion backup"):
        backup.restore_backup(not_a_backup, replace=True)
    (tmp_path / "text.zip").write_text("not a zip")
    with pytest.raises(backup.BackupError, match="cannot read"):
        backup.restore_backup(tmp_path / "text.zip", replace=True)
