"""The baselines: the report's aggregates as hand-written SQL through one cursor,
converted to KRW in Python as the report does.

Two of them, both computing every aggregate the report computes
(``reports.services.edition_report``; ``check_same`` compares them figure by
figure on the bench's data):

- ``report(edition)``: one statement per aggregate, as one would first write
  them — the figures, the figures per company, the funnel, each of the seven
  breakdowns and each follow-up round read the edition's consultations again
  (14 passes over the table);
- ``report(edition, passes=3)``: the same aggregates in the three passes the
  report makes since it was optimised (per company and currency with every
  figure and round as a conditional aggregate; per kind, stage, source, day
  and currency; per partner country, partner kind and currency), summed up in
  Python. The like-for-like baseline: what the ORM costs over SQL written the
  same way.

On SQLite the sums use the project's exact Decimal aggregate
(``pavilion_decimal_sum``), as the ORM does there: a float SUM would be faster
but wrong, and not the same aggregate.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from statistics import median

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


def _closed_edition() -> str:
    if connection.vendor == "postgresql":
        return "(a.data -> 'closed_edition') = to_jsonb(%(e)s::int)"
    return "json_extract(a.data, '$.closed_edition') = %(e)s"


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _entry():
    return [0, Decimal(0), 0]  # count, amount in KRW, count of amounts


def report(edition, passes: int = 14) -> dict:
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

        def rows(sql, extra=None):
            cur.execute(sql, {**params, **(extra or {})})
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

        rounds = rows(
            "SELECT r.id, r.due_on, COUNT(t.id), COUNT(t.answered_at) "
            "FROM consultations_followupround r LEFT JOIN consultations_followuptask t "
            "ON t.round_id = r.id WHERE r.edition_id = %(e)s GROUP BY r.id, r.due_on "
            "ORDER BY r.months_after"
        )
        columns = ", ".join(
            f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END), "
            f"{total}(CASE WHEN {cond} THEN c.amount END), "
            f"COUNT(CASE WHEN {cond} THEN c.amount END)"
            for cond in FILTERS.values()
        )
        if passes == 14:
            _per_statement(out, rows, krw, columns, rounds, total)
        else:
            _three_passes(out, rows, krw, columns, rounds, total)

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
        # Investments: those citing the edition's consultations, their amounts per
        # currency and dates; the investment talks they converted; the consultations
        # any investment cites.
        cited = (
            "SELECT ic.investment_id FROM funds_investment_consultations ic "
            "JOIN consultations_consultation c ON c.id = ic.consultation_id "
            "WHERE c.edition_id = %(e)s"
        )
        out["invested_amounts"] = rows(
            f"SELECT i.currency, {total}(i.amount) FROM funds_investment i "
            f"WHERE i.id IN ({cited}) GROUP BY i.currency"
        )
        days = [
            (invested_on - edition.end_date).days
            for (invested_on,) in rows(
                f"SELECT i.invested_on FROM funds_investment i WHERE i.id IN ({cited})"
            )
        ]
        out["investments"] = (len(days), round(median(days)) if days else None)
        out["converted"] = rows(
            "SELECT COUNT(DISTINCT c.id) FROM consultations_consultation c "
            "JOIN funds_investment_consultations ic ON ic.consultation_id = c.id "
            "WHERE c.edition_id = %(e)s AND c.kind IN ('investment', 'mna') "
            f"AND ic.investment_id IN ({cited})"
        )
        out["invested"] = rows(
            "SELECT COUNT(*) FROM consultations_consultation WHERE edition_id = %(e)s "
            "AND id IN (SELECT consultation_id FROM funds_investment_consultations)"
        )
        out["plan"] = rows("SELECT * FROM reports_editionplan WHERE edition_id = %(e)s")
        out["names"] = rows(
            "SELECT pa.company_id, co.name_en FROM companies_participation pa "
            "JOIN companies_company co ON co.id = pa.company_id WHERE pa.edition_id = %(e)s"
        )
        out["changes_after_closing"] = rows(
            "SELECT a.created_at, a.action, a.object_id, a.data, u.username "
            "FROM core_auditentry a LEFT JOIN accounts_user u ON u.id = a.actor_id "
            "WHERE a.organisation_id = %(org)s AND a.action IN "
            "('consultation.logged', 'consultation.corrected', 'consultation.followed_up') "
            f"AND {_closed_edition()} ORDER BY a.created_at, a.id",
            {"org": edition.show.organisation_id},
        )
    return out


def _per_statement(out, rows, krw, columns, rounds, total) -> None:
    """One statement per aggregate."""
    for group in (None, "c.company_id"):
        keys = f"c.currency, {group}" if group else "c.currency"
        figures: dict = defaultdict(lambda: {k: _entry() for k in FILTERS})
        for row in rows(
            f"SELECT {keys}, {columns} FROM consultations_consultation c "
            f"WHERE c.edition_id = %(e)s GROUP BY {keys}"
        ):
            currency, key = row[0], (row[1] if group else None)
            values = row[2:] if group else row[1:]
            for i, name in enumerate(FILTERS):
                figures[key][name][0] += values[3 * i]
                figures[key][name][1] += krw(values[3 * i + 1], currency)
                figures[key][name][2] += values[3 * i + 2]
        out["figures" if group is None else "by_company"] = dict(figures)
    out["funnel"] = dict(
        rows(
            "SELECT stage, COUNT(*) FROM consultations_consultation "
            "WHERE edition_id = %(e)s GROUP BY stage"
        )
    )
    breakdowns = {}
    for name, key in {**DIMENSIONS, "day": _day()}.items():
        entries: dict = defaultdict(_entry)
        for k, currency, n, amount, priced in rows(
            f"SELECT {key}, c.currency, COUNT(*), {total}(c.amount), COUNT(c.amount) "
            "FROM consultations_consultation c JOIN partners_partner p ON p.id = c.partner_id "
            f"WHERE c.edition_id = %(e)s GROUP BY {key}, c.currency"
        ):
            entries[k][0] += n
            entries[k][1] += krw(amount, currency)
            entries[k][2] += priced
        breakdowns[name] = dict(entries)
    out["breakdowns"] = breakdowns
    out["investment_talks"] = rows(
        "SELECT COUNT(*) FROM consultations_consultation "
        "WHERE edition_id = %(e)s AND kind IN ('investment', 'mna')"
    )[0][0]
    out["rounds"] = []
    for _round_id, due_on, tasks, answered in rounds:
        per = rows(
            f"SELECT currency, COUNT(*), {total}(amount) FROM consultations_consultation "
            "WHERE edition_id = %(e)s AND contract_signed_on > %(last)s "
            "AND contract_signed_on <= %(due)s GROUP BY currency",
            {"due": due_on},
        )
        out["rounds"].append(
            (
                tasks,
                answered,
                sum(r[1] for r in per),
                sum((krw(r[2], r[0]) for r in per), Decimal(0)),
            )
        )


def _three_passes(out, rows, krw, columns, rounds, total) -> None:
    """The same aggregates in three passes over the edition's consultations."""
    # 1. Per company and currency: every figure, and the contracts after the show
    #    by each round's due date.
    round_columns = "".join(
        f", SUM(CASE WHEN c.contract_signed_on > %(last)s AND c.contract_signed_on <= "
        f"%(due{i})s THEN 1 ELSE 0 END), {total}(CASE WHEN c.contract_signed_on > %(last)s "
        f"AND c.contract_signed_on <= %(due{i})s THEN c.amount END)"
        for i in range(len(rounds))
    )
    figures: dict = defaultdict(lambda: {k: _entry() for k in FILTERS})
    by_round = [[0, Decimal(0)] for _ in rounds]
    for row in rows(
        f"SELECT c.currency, c.company_id, {columns}{round_columns} "
        "FROM consultations_consultation c WHERE c.edition_id = %(e)s "
        "GROUP BY c.currency, c.company_id",
        {f"due{i}": r[1] for i, r in enumerate(rounds)},
    ):
        currency, company, values = row[0], row[1], row[2:]
        for i, name in enumerate(FILTERS):
            count, amount = values[3 * i], krw(values[3 * i + 1], currency)
            for key in (None, company):
                figures[key][name][0] += count
                figures[key][name][1] += amount
                figures[key][name][2] += values[3 * i + 2]
        for i in range(len(rounds)):
            by_round[i][0] += values[3 * len(FILTERS) + 2 * i]
            by_round[i][1] += krw(values[3 * len(FILTERS) + 2 * i + 1], currency)
    out["figures"] = {None: figures.pop(None, {k: _entry() for k in FILTERS})}
    out["by_company"] = dict(figures)
    out["rounds"] = [
        (tasks, answered, count, amount)
        for (_id, _due, tasks, answered), (count, amount) in zip(rounds, by_round, strict=True)
    ]
    breakdowns: dict = {name: defaultdict(_entry) for name in [*DIMENSIONS, "day"]}
    for company, entry in out["by_company"].items():
        breakdowns["company"][company] = list(entry["consultations"])
    # 2. Per kind, stage, source, day and currency.
    funnel: dict = defaultdict(int)
    for kind, stage, source, day, currency, n, amount, priced in rows(
        f"SELECT c.kind, c.stage, c.source, {_day()}, c.currency, COUNT(*), "
        f"{total}(c.amount), COUNT(c.amount) FROM consultations_consultation c "
        "WHERE c.edition_id = %(e)s GROUP BY 1, 2, 3, 4, 5"
    ):
        converted = krw(amount, currency)
        for name, key in (("kind", kind), ("stage", stage), ("source", source), ("day", day)):
            breakdowns[name][key][0] += n
            breakdowns[name][key][1] += converted
            breakdowns[name][key][2] += priced
        funnel[stage] += n
    # 3. Per partner country, partner kind and currency.
    for country, partner_kind, currency, n, amount, priced in rows(
        f"SELECT p.country, p.kind, c.currency, COUNT(*), {total}(c.amount), COUNT(c.amount) "
        "FROM consultations_consultation c JOIN partners_partner p ON p.id = c.partner_id "
        "WHERE c.edition_id = %(e)s GROUP BY 1, 2, 3"
    ):
        converted = krw(amount, currency)
        for name, key in (("country", country), ("partner_kind", partner_kind)):
            breakdowns[name][key][0] += n
            breakdowns[name][key][1] += converted
            breakdowns[name][key][2] += priced
    out["breakdowns"] = {name: dict(entries) for name, entries in breakdowns.items()}
    out["funnel"] = dict(funnel)
    out["investment_talks"] = sum(
        breakdowns["kind"][k][0] for k in ("investment", "mna") if k in breakdowns["kind"]
    )


CENT = Decimal("0.01")


def _close(printed: str | None, exact: Decimal) -> bool:
    """A report amount (rounded by largest remainder) against the exact one."""
    return abs(Decimal(printed or 0) - exact) <= CENT


def check_same(report: dict, baseline: dict) -> None:
    """The ORM's report and the baseline agree on every consultation figure, per
    company, breakdown row, funnel step and round, and on the other counts."""
    figures = report["figures"]
    for key in FILTERS:
        count, amount, _priced = baseline["figures"][None][key]
        assert figures[key]["count"] == count, (key, figures[key]["count"], count)
        assert Decimal(figures[key]["amount"]) == amount.quantize(CENT), (key, amount)
    companies = {row["company_id"]: row for row in report["companies"]}
    assert set(companies) == set(baseline["by_company"])
    for company, entries in baseline["by_company"].items():
        for key, (count, amount, _priced) in entries.items():
            assert companies[company][key]["count"] == count, (company, key)
            assert _close(companies[company][key]["amount"], amount), (company, key)
    for name, entries in baseline["breakdowns"].items():
        rows = {str(row["key"]): row for row in report["breakdowns"][name]}
        assert len(rows) == len(entries), name
        for key, (count, amount, _priced) in entries.items():
            text = key.isoformat() if hasattr(key, "isoformat") else str(key)
            assert rows[text]["count"] == count, (name, key)
            assert _close(rows[text]["amount"], amount), (name, key, amount)
    live = sum(n for stage, n in baseline["funnel"].items() if stage != "lost")
    assert report["funnel"][0]["count"] == live
    assert report["funnel"][-1]["count"] == baseline["funnel"].get("lost", 0)
    assert len(report["follow_up_rounds"]) == len(baseline["rounds"])
    for got, (tasks, answered, contracts, amount) in zip(
        report["follow_up_rounds"], baseline["rounds"], strict=True
    ):
        assert (got["tasks"], got["answered"], got["contracts"]) == (tasks, answered, contracts)
        assert Decimal(got["amount"]) == amount.quantize(CENT)
    assert figures["companies"]["count"] == baseline["companies"][0][0]
    assert figures["visitors_tallied"]["count"] == (baseline["tallied"][0][0] or 0)
    assert figures["investment_talks"]["count"] == baseline["investment_talks"]
    assert figures["invested"]["count"] == baseline["invested"][0][0]
    investments = report["investments"]
    assert investments["converted_consultations"] == baseline["converted"][0][0]
    assert (investments["investments"], investments["median_days_after_show"]) == baseline[
        "investments"
    ]
    assert len(report["closing"]["changes_after_closing"]) == len(baseline["changes_after_closing"])
