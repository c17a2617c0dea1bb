"""Follow-ups with their real dates and visitor tallies by spreadsheet import
(issue #13): all or nothing, errors naming row and column, idempotent."""

from datetime import date
from decimal import Decimal

from pavilion.consultations.models import Consultation, FollowUp, Stage, Tally
from pavilion.core import transfer
from pavilion.core.models import AuditEntry

FU_HEADER = "consultation_id,date,kind,stage,amount,outcome\n"
KEY_HEADER = (
    "edition,business_registration_number,partner_name,partner_country,"
    "occurred_at,consultation_kind,date,kind,stage\n"
)


def run(world, kind, text, dry_run=False):
    return transfer.import_records(
        actor=world.operator,
        kind=kind,
        filename="f.csv",
        content=text.encode(),
        dry_run=dry_run,
    )


def test_a_contract_signed_after_the_show_keeps_its_real_date(world):
    c = world.consultation  # 2024-01-10, consulted, USD 250,000
    text = FU_HEADER + (
        f"{c.pk},2024-02-01,call,negotiating,,Price agreed\n"
        f'{c.pk},2024-03-15,contract_signed,,"1,500,000",Signed\n'
    )
    preview = run(world, "follow_ups", text, dry_run=True)
    assert preview.ok and preview.count("create") == 2
    assert FollowUp.objects.filter(consultation=c).count() == 0  # a preview writes nothing
    result = run(world, "follow_ups", text)
    assert result.written and result.count("create") == 2
    c.refresh_from_db()
    assert c.stage == Stage.CONTRACT
    assert c.contract_signed_on == date(2024, 3, 15)  # not today
    assert c.amount == Decimal("1500000")
    steps = list(FollowUp.objects.filter(consultation=c).order_by("date"))
    assert [(f.date, f.stage_before, f.stage_after) for f in steps] == [
        (date(2024, 2, 1), Stage.CONSULTED, Stage.NEGOTIATING),
        (date(2024, 3, 15), Stage.NEGOTIATING, Stage.CONTRACT),
    ]
    assert steps[1].amount_before == Decimal("250000")
    assert AuditEntry.objects.filter(action="consultation.followed_up").count() == 2
    # The same file again: nothing new, nothing moved.
    again = run(world, "follow_ups", text)
    assert (again.count("create"), again.count("update"), again.count("unchanged")) == (0, 0, 2)
    assert FollowUp.objects.filter(consultation=c).count() == 2
    # An outcome corrected; the amount is history and stays.
    fixed = run(world, "follow_ups", text.replace("Price agreed", "Price agreed at 6 %"))
    assert fixed.count("update") == 1
    assert FollowUp.objects.get(date=date(2024, 2, 1)).outcome == "Price agreed at 6 %"


def test_a_consultation_named_by_its_natural_key(world):
    c = world.consultation  # 10:00 in Las Vegas
    text = KEY_HEADER + (
        f"{world.edition.slug},{world.company.brn_display},{world.partner.name},"
        f"{world.partner.country.code},2024-01-10 10:00,export,2024-01-20,mou_signed,\n"
    )
    result = run(world, "follow_ups", text)
    assert result.written, [str(e) for e in result.errors]
    c.refresh_from_db()
    assert (c.stage, c.mou_signed_on) == (Stage.MOU, date(2024, 1, 20))


def test_one_bad_row_writes_nothing_and_names_row_and_column(world):
    c = world.consultation
    text = FU_HEADER + (
        f"{c.pk},2024-02-01,call,negotiating,,fine\n"
        f"{c.pk},2024-01-01,call,,,before the talk\n"
        "999999,2024-02-01,call,,,no such consultation\n"
        f"{c.pk},2999-01-01,visit,,,in the future\n"
        f"{c.pk},someday,fax,sold,lots,\n"
    )
    result = run(world, "follow_ups", text)
    assert not result.written
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "date"),
        (4, "consultation_id"),
        (5, "date"),
        (6, "date"),
        (6, "kind"),
        (6, "stage"),
        (6, "amount"),
    }
    assert FollowUp.objects.count() == 0
    c.refresh_from_db()
    assert c.stage == Stage.CONSULTED


def test_a_signed_deal_is_not_lost_at_once(world):
    c = world.consultation
    text = FU_HEADER + f"{c.pk},2024-02-01,contract_signed,lost,,\n"
    result = run(world, "follow_ups", text)
    assert [(e.row, e.column) for e in result.errors] == [(2, "stage")]


def test_the_row_names_the_consultation_or_is_refused(world):
    text = "date,kind\n2024-02-01,call\n"
    result = run(world, "follow_ups", text)
    assert [(e.row, e.column) for e in result.errors] == [(2, "consultation_id")]


# --- tallies ---------------------------------------------------------------------

TALLY_HEADER = "edition,day,place,count,note\n"


def test_tallies_import_update_and_keep_left_out_notes(world):
    ed = world.edition.slug
    text = TALLY_HEADER + (
        f"{ed},2024-01-09,Pavilion entrance,420,by hand\n{ed},2024-01-10,Pavilion entrance,380,\n"
    )
    assert run(world, "tallies", text, dry_run=True).count("create") == 2
    assert Tally.objects.count() == 0
    assert run(world, "tallies", text).count("create") == 2
    again = run(world, "tallies", text)
    assert again.count("unchanged") == 2
    # A new count, without the note column: the note stays.
    recount = "edition,day,place,count\n" + f"{ed},2024-01-09,Pavilion entrance,450\n"
    result = run(world, "tallies", recount)
    assert result.count("update") == 1
    tally = Tally.objects.get(day=date(2024, 1, 9))
    assert (tally.count, tally.note, tally.counted_by) == (450, "by hand", world.operator)
    assert AuditEntry.objects.filter(action="visitors.tallied").count() == 3


def test_bad_tallies_write_nothing(world):
    ed = world.edition.slug
    text = TALLY_HEADER + (
        f"{ed},2024-01-09,Door,10,\n"
        f"{ed},2023-01-01,Door,10,\n"
        f"{ed},2024-01-09,,-3,\n"
        f"nowhere,2024-01-09,Door,,\n"
        f"{ed},2024-01-09,Door,12,\n"
    )
    result = run(world, "tallies", text)
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "day"),
        (4, "place"),
        (4, "count"),
        (5, "edition"),
        (5, "count"),
        (6, ""),  # the same place and day as row 2
    }
    assert Tally.objects.count() == 0


def test_another_organisation_s_consultation_is_unknown(world, other_world):
    theirs = other_world.consultation
    text = FU_HEADER + f"{theirs.pk},2024-02-01,call,,,\n"
    result = run(world, "follow_ups", text)
    assert [(e.row, e.column) for e in result.errors] == [(2, "consultation_id")]
    assert Consultation.objects.get(pk=theirs.pk).stage == Stage.CONSULTED
