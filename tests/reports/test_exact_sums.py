"""Money sums are exact Decimals on every database, and printed breakdowns add up."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import count

from pavilion.consultations.models import Consultation
from pavilion.core.money import apportion
from pavilion.reports import kpis, services

LARGEST = Decimal("9999999999999.99")
# A minute apart: a consultation's natural key includes its time (issue #13).
_minutes = count()


def _log(world, amount, currency="KRW", kind="export", **kw):
    return Consultation.objects.create(
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        kind=kind,
        occurred_at=datetime(2024, 1, 10, 18, 0, tzinfo=UTC) + timedelta(minutes=next(_minutes)),
        amount=amount,
        currency=currency,
        **kw,
    )


def test_three_largest_amounts_sum_exactly(world):
    world.consultation.delete()
    for _ in range(3):
        _log(world, LARGEST)
    figure = kpis.consultation_figures(world.edition)["consultations"]
    assert figure.amount == Decimal("29999999999999.97")
    assert kpis.breakdown(world.edition, "kind")[0]["amount"] == Decimal("29999999999999.97")
    report = services.edition_report(world.edition)
    assert report["figures"]["consultations"]["amount"] == "29999999999999.97"


def test_sums_of_small_and_large_amounts_keep_every_cent(world):
    world.consultation.delete()
    _log(world, LARGEST)
    _log(world, Decimal("0.01"))
    _log(world, Decimal("0.29"))
    assert kpis.consultation_figures(world.edition)["consultations"].amount == Decimal(
        "10000000000000.29"
    )


def test_printed_breakdown_rows_add_up_to_the_printed_total(world):
    """Each row's KRW amount has half a cent: rounding each row on its own (half up)
    prints three cents more than the total; the report's rows sum to its total."""
    world.consultation.delete()
    world.edition.fx_rates.create(currency="EUR", rate=Decimal("1.005"), fixed_on="2024-01-02")
    for kind in ("export", "investment", "technology"):
        _log(world, Decimal("1.00"), currency="EUR", kind=kind)
    report = services.edition_report(world.edition)
    total = Decimal(report["figures"]["consultations"]["amount"])
    rows = report["breakdowns"]["kind"]
    assert total == Decimal("3.02")  # 3.015 half up
    assert sum(Decimal(row["amount"]) for row in rows) == total


def test_apportion_keeps_the_total_and_moves_no_row_more_than_a_unit():
    values = [Decimal("1.005"), Decimal("2.335"), Decimal("0.660")]
    rounded = apportion(values, sum(values), Decimal("0.01"))
    assert sum(rounded) == Decimal("4.00")
    assert all(abs(r - v) < Decimal("0.01") for r, v in zip(rounded, values, strict=True))
