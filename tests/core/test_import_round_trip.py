"""Imports that cannot duplicate (issue #13).

An export imports back as "0 created, 0 updated" for every kind; a column
left out of a re-import keeps every record's value; a preview is confirmed
once and the same file confirmed twice is one import; the database refuses a
second copy of a consultation.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from pavilion.consultations import services, tallies
from pavilion.consultations.models import Consultation, Stage
from pavilion.core import import_runs, transfer
from pavilion.core.models import ImportRun
from pavilion.core.spreadsheets import read_rows, write_csv

ALL_KINDS = [spec.kind for spec in transfer.kinds()]
# Optional columns that are part of a kind's natural key: without them a row
# names another record (a badge without its code is a new visitor).
OPTIONAL_KEYS = {
    "badges": {"badge_code"},
    "exhibitors": {"booth"},
    # A follow-up's consultation: its id, or (without it) its natural key's columns.
    "follow_ups": {"consultation_id"},
}


def _import(world, kind, content, *, dry_run=False, filename="back.csv"):
    return transfer.import_records(
        actor=world.operator, kind=kind, filename=filename, content=content, dry_run=dry_run
    )


def _without(content: bytes, columns: set[str]) -> bytes:
    headers, rows = read_rows("x.csv", content, max_rows=100_000)
    kept = [h for h in headers if h not in columns]
    return write_csv(kept, ([raw.get(h, "") for h in kept] for _n, raw in rows))


def _follow_up_and_tally(world):
    """A signed contract dated after the show, and a hand count at the door."""
    services.add_follow_up(
        actor=world.operator,
        consultation=world.consultation,
        date=date(2024, 3, 15),
        kind="contract_signed",
        amount=Decimal("300000"),
        outcome="signed, with a comma",
    )
    tallies.record_tally(
        actor=world.operator,
        edition=world.edition,
        day=world.edition.start_date,
        place="Pavilion entrance",
        count=420,
        note="by hand",
    )


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_an_export_imports_back_unchanged(world, kind):
    _follow_up_and_tally(world)
    # A consultation that came from a booth scan: its time has seconds and microseconds.
    Consultation.objects.create(
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        kind="investment",
        occurred_at=world.consultation.occurred_at.replace(second=41, microsecond=123456),
        currency="KRW",
        amount=Decimal("5000000"),
        notes='quoted "text", a comma',
    )
    _name, _type, content = transfer.export_records(actor=world.operator, kind=kind, fmt="csv")
    result = _import(world, kind, content)
    assert result.errors == []
    assert (result.count(transfer.CREATE), result.count(transfer.UPDATE)) == (0, 0)
    assert result.count(transfer.UNCHANGED) == len(result.rows) > 0


def test_a_re_import_without_optional_columns_keeps_a_signed_deal(world):
    deal = world.consultation
    deal.stage, deal.source, deal.notes = Stage.CONTRACT, "meeting", "signed at the booth"
    deal.save()
    _name, _type, content = transfer.export_records(
        actor=world.operator, kind="consultations", fmt="csv"
    )
    optional = {c.name for c in transfer.get_spec("consultations").columns if not c.required}
    result = _import(world, "consultations", _without(content, optional))
    assert result.errors == [] and result.count(transfer.UPDATE) == 0
    deal.refresh_from_db()
    assert (deal.amount, deal.stage, deal.source, deal.notes, deal.contact) == (
        Decimal("250000"),
        Stage.CONTRACT,
        "meeting",
        "signed at the booth",
        world.contact,
    )


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_keeps_values_of_columns_left_out(world, kind):
    _follow_up_and_tally(world)
    _name, _type, content = transfer.export_records(actor=world.operator, kind=kind, fmt="csv")
    spec = transfer.get_spec(kind)
    optional = {c.name for c in spec.columns if not c.required} - OPTIONAL_KEYS.get(kind, set())
    result = _import(world, kind, _without(content, optional))
    assert result.errors == []
    assert result.count(transfer.UPDATE) == 0 and result.count(transfer.CREATE) == 0


def test_the_database_refuses_a_second_copy_of_a_consultation(world):
    c = world.consultation
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.create(
            edition=c.edition,
            company=c.company,
            partner=c.partner,
            kind=c.kind,
            occurred_at=c.occurred_at,
            currency="USD",
        )


def _five_rows(world) -> bytes:
    brn = world.company.brn_display
    rows = [
        [
            world.edition.slug,
            brn,
            world.partner.name,
            world.partner.country.code,
            "",
            f"2024-01-10 1{day}:30",
            "export",
            "1000",
            "USD",
            "",
            "",
            "",
        ]
        for day in range(5)
    ]
    headers = [c.name for c in transfer.get_spec("consultations").columns]
    return write_csv(headers, rows)


def _upload(content: bytes) -> str:
    import secrets

    token = secrets.token_hex(16)
    (import_runs.uploads_dir() / token).write_bytes(content)
    return token


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def test_a_preview_is_confirmed_once_and_a_file_twice_is_one_import(
    world, data_dir, django_capture_on_commit_callbacks
):
    content = _five_rows(world)
    token = _upload(content)
    preview = import_runs.start_import(
        actor=world.operator, kind="consultations", filename="a.csv", upload=token, dry_run=True
    )
    start = lambda token: import_runs.start_import(  # noqa: E731
        actor=world.operator,
        kind="consultations",
        filename="a.csv",
        upload=token,
        dry_run=False,
        preview=preview,
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = start(token)
        again = start(token)
    assert again.pk == first.pk
    # The same bytes uploaded again (a new token) and confirmed: still that one import.
    with django_capture_on_commit_callbacks(execute=True):
        other = start(_upload(content))
    assert other.pk == first.pk
    assert ImportRun.objects.filter(dry_run=False).count() == 1
    first.refresh_from_db()
    assert first.state == ImportRun.State.DONE and not first.result["errors"], first.result
    assert Consultation.objects.count() == 1 + 5
