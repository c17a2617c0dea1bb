"""The baseline: the report's aggregates as hand-written SQL, one statement each,
through one cursor, converted to KRW in Python as the report does.

The same figures as ``reports.services.edition_report`` (``check_same`` proves
it on the bench's data). On SQLite the sums use the project's exact Decimal
aggregate (``pavilion_decimal_sum``), as the ORM does there: a float SUM would
be faster but wrong, and not the same aggregate.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import connection

FILTERS = {
    "consultations": "1=1",
    "pursued": "c.stage IN ('negotiating', 'mou', 'contract')",
    "onsite_contract": "c.contract_signed_on BETWEEN %(first)s AND %(last)s",
    "mou": "c.mou_signed_on IS NOT NULL",
    "after_show_contract": "c.contract_signed_on > %(last)s",
    "lost": "c.stage = 'lost'",
}
DIMENSIONS = {
    "kind": "c.kind",
    "stage": "c.stage",
    "source": "c.source",
    "country": "p.country",
    "partner_kind": "p.kind",
    "company": "c.company_id",
}


def _sum() -> str:
    return "SUM" if connection.vendor == "postgresql" else "pavilion_decimal_sum"


def _day() -> str:
    if connection.vendor == "postgresql":
        return "(c.occurred_at AT TIME ZONE %(tz)s)::date"
    return "django_datetime_cast_date(c.occurred_at, %(tz)s, 'UTC')"


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def report(edition) -> dict:
    rates = {}
    params = {
        "e": edition.pk,
        "first": edition.start_date,
        "last": edition.end_date,
        "tz": edition.time_zone,
    }
    total = _sum()
    out: dict = {}
    with connection.cursor() as cur:

        def rows(sql):
            cur.execute(sql, params)
            return cur.fetchall()

        for currency, rate in rows(
            "SELECT currency, rate FROM shows_fxrate WHERE edition_id = %(e)s"
        ):
            rates[currency] = _dec(rate)
        rates[edition.reporting_currency] = Decimal(1)

        def krw(amount, currency):
            return (
                Decimal(0)
                if amount is None or currency not in rates
                else _dec(amount) * rates[currency]
            )

        columns = ", ".join(
            f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END), "
            f"{total}(CASE WHEN {cond} THEN c.amount END), "
            f"COUNT(CASE WHEN {cond} THEN c.amount END)"
            for cond in FILTERS.values()
        )
        for group in (None, "c.company_id"):
            keys = f"c.currency, {group}" if group else "c.currency"
            figures: dict = defaultdict(lambda: {k: [0, Decimal(0)] for k in FILTERS})
            for row in rows(
                f"SELECT {keys}, {columns} FROM consultations_consultation c "
                f"WHERE c.edition_id = %(e)s GROUP BY {keys}"
            ):
                currency, key = row[0], (row[1] if group else None)
                values = row[2:] if group else row[1:]
                for i, name in enumerate(FILTERS):
                    figures[key][name][0] += values[3 * i]
                    figures[key][name][1] += krw(values[3 * i + 1], currency)
            out["figures" if group is None else "by_company"] = dict(figures)
        out["funnel"] = dict(
            rows(
                "SELECT stage, COUNT(*) FROM consultations_consultation "
                "WHERE edition_id = %(e)s GROUP BY stage"
            )
        )
        breakdowns = {}
        for name, key in {**DIMENSIONS, "day": _day()}.items():
            entries: dict = defaultdict(lambda: [0, Decimal(0)])
            for k, currency, n, amount in rows(
                f"SELECT {key}, c.currency, COUNT(*), {total}(c.amount) "
                "FROM consultations_consultation c JOIN partners_partner p ON p.id = c.partner_id "
                f"WHERE c.edition_id = %(e)s GROUP BY {key}, c.currency"
            ):
                entries[k][0] += n
                entries[k][1] += krw(amount, currency)
            breakdowns[name] = dict(entries)
        out["breakdowns"] = breakdowns
        out["companies"] = rows(
            "SELECT COUNT(*) FROM companies_participation "
            "WHERE edition_id = %(e)s AND status = 'confirmed'"
        )
        out["awards"] = rows(
            "SELECT COUNT(*), COUNT(DISTINCT pa.company_id) FROM companies_award a "
            "JOIN companies_participation pa ON pa.id = a.participation_id "
            "WHERE pa.edition_id = %(e)s AND pa.status = 'confirmed'"
        )
        out["tallied"] = rows("SELECT SUM(count) FROM consultations_tally WHERE edition_id = %(e)s")
        out["scanned"] = rows(
            "SELECT COUNT(DISTINCT badge_id) FROM scanning_scan WHERE edition_id = %(e)s"
        )
        out["survey"] = rows(
            "SELECT COUNT(*), AVG(s.satisfaction) FROM consultations_surveyresponse s "
            "JOIN companies_participation pa ON pa.id = s.participation_id "
            "WHERE pa.edition_id = %(e)s AND pa.status = 'confirmed'"
        )
        out["investment_talks"] = rows(
            "SELECT COUNT(*) FROM consultations_consultation "
            "WHERE edition_id = %(e)s AND kind IN ('investment', 'mna')"
        )
        out["invested"] = rows(
            "SELECT i.currency, COUNT(DISTINCT i.id), " + total + "(i.amount) "
            "FROM funds_investment i WHERE i.id IN (SELECT ic.investment_id "
            "FROM funds_investment_consultations ic JOIN consultations_consultation c "
            "ON c.id = ic.consultation_id WHERE c.edition_id = %(e)s) GROUP BY i.currency"
        )
        out["rounds"] = []
        for _round_id, due_on, tasks, answered in rows(
            "SELECT r.id, r.due_on, COUNT(t.id), COUNT(t.answered_at) "
            "FROM consultations_followupround r LEFT JOIN consultations_followuptask t "
            "ON t.round_id = r.id WHERE r.edition_id = %(e)s GROUP BY r.id, r.due_on"
        ):
            cur.execute(
                f"SELECT currency, COUNT(*), {total}(amount) FROM consultations_consultation "
                "WHERE edition_id = %s AND contract_signed_on > %s AND contract_signed_on <= %s "
                "GROUP BY currency",
                [edition.pk, edition.end_date, due_on],
            )
            per = cur.fetchall()
            out["rounds"].append(
                (
                    tasks,
                    answered,
                    sum(r[1] for r in per),
                    sum((krw(r[2], r[0]) for r in per), Decimal(0)),
                )
            )
        out["plan"] = rows("SELECT * FROM reports_editionplan WHERE edition_id = %(e)s")
        out["names"] = rows(
            "SELECT pa.company_id, co.name_en FROM companies_participation pa "
            "JOIN companies_company co ON co.id = pa.company_id WHERE pa.edition_id = %(e)s"
        )
    return out


def check_same(report: dict, baseline: dict) -> None:
    """The ORM's report and the baseline agree on the main figures."""
    for key in FILTERS:
        figure = report["figures"][key]
        count, amount = baseline["figures"][None][key]
        assert figure["count"] == count, (key, figure["count"], count)
        assert Decimal(figure["amount"]) == amount.quantize(Decimal("0.01")), (
            key,
            figure["amount"],
            amount,
        )
    for name in ("kind", "country", "day"):
        assert len(report["breakdowns"][name]) == len(baseline["breakdowns"][name]), name
