"""Bulk import of consultations: the foundation's all-or-nothing rules, and re-imports."""

from decimal import Decimal

from pavilion.consultations.models import Consultation
from pavilion.core import transfer, transfer_cli

HEADER = (
    "edition,business_registration_number,partner_name,partner_country,"
    "occurred_at,kind,amount,currency,stage\n"
)


def rows(world, *lines):
    text = HEADER + "".join(line + "\n" for line in lines)
    return text.format(ed=world.edition.slug, brn=world.company.brn_display, p=world.partner.name)


def run(world, text, dry_run=False):
    return transfer.import_records(
        actor=world.operator,
        kind="consultations",
        filename="c.csv",
        content=text.encode(),
        dry_run=dry_run,
    )


def test_import_then_reimport_updates_without_duplicates(world):
    before = Consultation.objects.count()
    text = rows(
        world,
        '{ed},{brn},{p},US,2024-01-10 14:30,export,"1,200,000",USD,consulted',
        "{ed},{brn},{p},US,2024-01-11,investment,500000000,KRW,negotiating",
    )
    assert run(world, text).written
    assert Consultation.objects.count() == before + 2
    again = run(world, text)
    assert again.count("unchanged") == 2 and Consultation.objects.count() == before + 2
    moved = text.replace("KRW,negotiating", "KRW,contract")
    assert run(world, moved).count("update") == 1
    deal = Consultation.objects.get(kind="investment", edition=world.edition)
    assert deal.stage == "contract" and deal.follow_ups.count() == 1
    first = Consultation.objects.get(kind="export", amount=Decimal("1200000"))
    assert first.occurred_at.astimezone(world.edition.tzinfo).hour == 14  # show time


def test_one_bad_row_writes_nothing_and_every_problem_is_named(world):
    before = Consultation.objects.count()
    result = run(
        world,
        rows(
            world,
            "{ed},{brn},{p},US,2024-01-10,export,100,USD,",
            "{ed},{brn},Nobody,US,yesterday,barter,lots,XYZ,",
        ),
    )
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "partner_name"),
        (3, "occurred_at"),
        (3, "kind"),
        (3, "amount"),
        (3, "currency"),
    }
    assert Consultation.objects.count() == before


def test_export_round_trips(world):
    _n, _t, content = transfer.export_records(
        actor=world.operator, kind="consultations", fmt="csv", edition=world.edition
    )
    result = transfer.import_records(
        actor=world.operator, kind="consultations", filename="c.csv", content=content, dry_run=True
    )
    assert result.ok and result.count("unchanged") == 1, result.errors


def test_cli_knows_every_kind():
    assert transfer_cli.KINDS == transfer.KINDS
