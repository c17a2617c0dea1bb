"""The edition's results report as an XLSX workbook, in the reader's language.

Sheets: the cover (headline figures as Korean export-support reports print
them, per-company averages, the exchange rates; a frozen report's SHA-256 and
freeze time), the funnel, every breakdown, results per company, follow-up
rounds, investments, targets and costs when the report has them, and every
consultation record. Native Excel charts for the funnel, kind, country and day.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from pavilion.reports.documents.printing import printable
from pavilion.reports.documents.workbook import (
    PERCENT_FORMAT,
    Money,
    Number,
    SheetWriter,
    WorkbookWriter,
    money,
)

CHARTED = {"kind": True, "country": True, "day": False}  # dimension → horizontal bars


def build_report_xlsx(
    edition, report: dict, *, language: str, snapshot=None, records=None
) -> bytes:
    """The workbook of a report (``services.in_current_language`` already applied).

    ``records`` is the consultations queryset for the records sheet (all the
    edition's when None); ``snapshot`` the ReportSnapshot of a frozen report.
    """
    from pavilion.consultations.models import Consultation

    printed = printable(report, language)
    writer = WorkbookWriter()
    write_cover(writer.sheet(_("Cover")), edition, report, printed, snapshot=snapshot)
    write_funnel(writer.sheet(_("Funnel")), printed)
    write_breakdowns(writer, printed, report["currency"])
    write_companies(writer.sheet(_("Per company")), printed, report["currency"])
    write_rounds(writer.sheet(_("Follow-up rounds")), report)
    write_investments(writer.sheet(_("Investments")), report)
    write_targets(writer, report)
    if records is None:
        records = Consultation.objects.filter(edition=edition).order_by("occurred_at", "pk")
    write_records(
        writer.sheet(_("Records")),
        edition,
        records,
        note=_("Records as they are now; a frozen report's figures do not change with them.")
        if snapshot
        else "",
    )
    return writer.to_bytes()


def report_title(edition, snapshot=None) -> str:
    if snapshot is not None:
        return snapshot.title
    return _("%(edition)s results report") % {"edition": edition.name}


def write_cover(sheet: SheetWriter, edition, report, printed, *, snapshot=None) -> None:
    currency = report["currency"]
    sheet.title(report_title(edition, snapshot), size=16)
    sheet.line(_("Organisation"), edition.show.organisation.name)
    sheet.line(_("Edition"), edition.name)
    sheet.line(_("Dates"), edition.start_date, edition.end_date)
    sheet.line(_("Venue"), ", ".join(p for p in (edition.venue, edition.city) if p))
    sheet.line(_("Time zone"), edition.time_zone)
    sheet.line(_("Reporting currency"), currency)
    sheet.line(_("Prepared on"), timezone.localdate())
    if snapshot is not None:
        frozen = timezone.localtime(snapshot.frozen_at, edition.tzinfo)
        sheet.line(_("Frozen at"), frozen, edition.time_zone)
        sheet.line("SHA-256", snapshot.sha256)
    else:
        sheet.line(_("Status"), _("Live figures, computed from the records now"))
    sheet.blank()
    sheet.title(_("Headline figures"), size=12)
    rows = []
    for key in report.get("headline", []):
        fig = report["figures"][key]
        if key in {f["key"] for f in printed["figures"]}:
            continue
        rows.append(
            (
                fig["label"],
                fig["korean"],
                fig.get("count"),
                Number(Decimal(fig["amount"]), "0.00")
                if key == "satisfaction" and fig.get("amount")
                else None,
                None,
                definition(key),
            )
        )
    for fig in printed["figures"]:
        raw = report["figures"][fig["key"]]
        rows.append(
            (
                fig["label"],
                fig["korean"],
                fig["count"],
                money(raw.get("amount"), currency),
                money(raw.get("amount_usd"), "USD"),
                fig["text"],
            )
        )
    sheet.table(
        [
            _("Figure"),
            _("Korean"),
            _("Count"),
            _("Amount (%(currency)s)") % {"currency": currency},
            _("Amount (USD)"),
            _("As printed"),
        ],
        rows,
    )
    sheet.title(_("Per participating company"), size=12)
    sheet.table(
        [_("Average"), _("Korean"), _("Value"), _("USD")],
        [
            (
                a["label"],
                a["korean"],
                Money(a["value"], currency)
                if a["measure"] == "amount"
                else Number(a["value"], "0.0"),
                Money(a["value_usd"], "USD") if a["value_usd"] is not None else None,
            )
            for a in printed["averages"]
        ],
    )
    sheet.title(_("Exchange rates"), size=12)
    sheet.table(
        [_("Currency"), _("Rate"), _("Fixed on")],
        [
            (code, Number(Decimal(fx["rate"]), "#,##0.0000"), date.fromisoformat(fx["fixed_on"]))
            for code, fx in sorted(report.get("fx_rates", {}).items())
        ],
    )
    sheet.finish()


def definition(key: str) -> str:
    from pavilion.reports.definitions import FIGURE_DEFINITIONS

    return str(FIGURE_DEFINITIONS.get(key, ""))


def write_funnel(sheet: SheetWriter, printed) -> None:
    sheet.title(_("Deal funnel"))
    table = sheet.table(
        [_("Step"), _("Consultations"), _("How this is counted")],
        [(s["label"], s["count"], s["definition"]) for s in printed["funnel"]],
    )
    sheet.bar_chart(table, title=_("Deal funnel"), label_column=1, value_column=2, anchor_column=5)
    sheet.finish()


def write_breakdowns(writer: WorkbookWriter, printed, currency: str) -> None:
    for dimension, block in printed["breakdowns"].items():
        if dimension == "company":
            continue  # the per-company sheet has it, with every figure
        sheet = writer.sheet(_("By %(dimension)s") % {"dimension": block["title"].lower()})
        sheet.title(_("Consultations by %(dimension)s") % {"dimension": block["title"].lower()})
        rows = [
            (
                _day(row) if dimension == "day" else row["label"],
                row["count"],
                Money(row["amount"], currency),
                Money(row["amount_usd"], "USD") if row.get("amount_usd") is not None else None,
            )
            for row in block["rows"]
        ]
        total = block["total"]
        table = sheet.table(
            [
                block["title"],
                _("Consultations"),
                _("Amount (%(currency)s)") % {"currency": currency},
                _("Amount (USD)"),
            ],
            rows,
            total=(
                _("Total"),
                total["count"],
                Money(total["amount"], currency),
                Money(total["amount_usd"], "USD") if total["amount_usd"] is not None else None,
            ),
        )
        if dimension in CHARTED:
            by_count = dimension == "day"
            sheet.bar_chart(
                table,
                title=sheet.sheet.cell(row=1, column=1).value,
                label_column=1,
                value_column=2 if by_count else 3,
                anchor_column=6,
                horizontal=CHARTED[dimension],
            )
        sheet.finish(freeze="A3")


def _day(row):
    try:
        return date.fromisoformat(str(row["key"]))
    except ValueError:
        return row["label"]


def write_companies(sheet: SheetWriter, printed, currency: str) -> None:
    sheet.title(_("Results per company"))
    keys = ["consultations", "pursued", "onsite_contract", "mou", "after_show_contract"]
    headers = [
        _("Company"),
        _("Consultations"),
        _("Consultation amount"),
        _("Contract-pursued"),
        _("On-site contracts"),
        _("MoUs"),
        _("Follow-up results"),
    ]
    rows = []
    for row in printed["companies"]:
        rows.append(
            (
                row["name"],
                row["consultations"]["count"],
                Money(row["consultations"]["amount"], currency),
                Money(row["pursued"]["amount"], currency),
                Money(row["onsite_contract"]["amount"], currency),
                row["mou"]["count"],
                Money(row["after_show_contract"]["amount"], currency),
            )
        )
    total = printed["company_total"]
    sheet.table(
        headers,
        rows,
        total=(
            _("Total"),
            total["consultations"]["count"],
            Money(total["consultations"]["amount"], currency),
            Money(total["pursued"]["amount"], currency),
            Money(total["onsite_contract"]["amount"], currency),
            total["mou"]["count"],
            Money(total["after_show_contract"]["amount"], currency),
        )
        if all(k in total for k in keys)
        else None,
    )
    sheet.finish(freeze="B3")


def write_rounds(sheet: SheetWriter, report) -> None:
    currency = report["currency"]
    sheet.title(_("Follow-up rounds"))
    sheet.table(
        [
            _("Months after the show"),
            _("Due on"),
            _("Answered"),
            _("Follow-up tasks"),
            _("Contracts after the show"),
            _("Amount realised (%(currency)s)") % {"currency": currency},
            _("Amount realised (USD)"),
        ],
        [
            (
                r["months_after"],
                date.fromisoformat(r["due_on"]),
                r["answered"],
                r["tasks"],
                r["contracts"],
                money(r["amount"], currency),
                money(r.get("amount_usd"), "USD"),
            )
            for r in report.get("follow_up_rounds", [])
        ],
    )
    sheet.finish()


def write_investments(sheet: SheetWriter, report) -> None:
    currency = report["currency"]
    inv = report.get("investments", {})
    invested = report["figures"].get("invested", {})
    talks = report["figures"].get("investment_talks", {})
    rate = inv.get("conversion_rate")
    sheet.title(_("Investments that grew out of the pavilion"))
    sheet.table(
        [_("Figure"), _("Value")],
        [
            (_("Investment and M&A consultations"), talks.get("count")),
            (_("of which led to an investment"), inv.get("converted_consultations")),
            (_("Conversion rate"), Number(Decimal(rate) if rate else None, PERCENT_FORMAT)),
            (_("Consultations that led to an investment"), invested.get("count")),
            (_("Investments"), inv.get("investments")),
            (
                _("Amount invested (%(currency)s)") % {"currency": currency},
                money(invested.get("amount"), currency),
            ),
            (_("Amount invested (USD)"), money(invested.get("amount_usd"), "USD")),
            (_("Median days from the show to the investment"), inv.get("median_days_after_show")),
        ],
    )
    sheet.finish()


def write_targets(writer: WorkbookWriter, report) -> None:
    """Targets (목표 대비 실적) and the budget with its cost ratios, when the report has
    them (``reports.targets.plan_json``)."""
    currency = report["currency"]
    targets = report.get("targets") or []
    budget = report.get("budget") or {}
    if not targets and not budget.get("lines"):
        return
    sheet = writer.sheet(_("Targets and costs"))
    if targets:
        sheet.title(_("Targets and achievement"))
        sheet.table(
            [_("Figure"), _("Korean"), _("Target"), _("Result"), _("Achievement")],
            [
                (
                    t.get("label") or t.get("key"),
                    t.get("korean", ""),
                    _target_value(t.get("target"), t, currency),
                    _target_value(t.get("actual"), t, currency),
                    Number(
                        Decimal(t["achievement_pct"]) / 100
                        if t.get("achievement_pct") not in (None, "")
                        else None,
                        PERCENT_FORMAT,
                    ),
                )
                for t in targets
            ],
        )
    if budget.get("lines"):
        budget_currency = budget.get("currency") or "KRW"
        sheet.title(_("Budget"))
        sheet.table(
            [_("Budget line"), _("Korean"), _("Amount")],
            [
                (
                    line.get("label"),
                    line.get("korean", ""),
                    money(line.get("amount"), budget_currency),
                )
                for line in budget["lines"]
            ],
            total=(_("Total"), "", money(budget.get("total"), budget_currency)),
        )
        sheet.table(
            [_("Ratio"), _("Value")],
            [
                (
                    _("Cost per consultation"),
                    money(budget.get("cost_per_consultation"), budget_currency),
                ),
                (
                    _("Consultation amount per won spent"),
                    Number(_number(budget.get("amount_per_krw")), "#,##0.00"),
                ),
            ],
        )
    sheet.finish()


def _target_value(value, target: dict, currency: str):
    if value in (None, ""):
        return None
    if target.get("measure") == "amount" and target.get("figure") != "satisfaction":
        return money(value, "KRW")
    return _number(value)


def _number(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return str(value)


def write_records(sheet: SheetWriter, edition, queryset, *, note: str = "") -> None:
    """Every consultation of ``queryset``: names, the original amount and currency, and
    the amount in the reporting currency and USD at the edition's rates (rounded by
    largest remainder, so the column adds up to the total row).

    The rows are streamed (``SheetWriter.streamed_table``) from one query of plain
    values: the companies' and partners' names and the choices' labels are read
    once, not per record."""
    from pavilion.companies.models import Company
    from pavilion.consultations.models import ConsultationKind, Source, Stage
    from pavilion.consultations.queries import converted_amounts
    from pavilion.partners.models import Partner, PartnerKind

    currency = edition.reporting_currency
    amounts, total = converted_amounts(edition, queryset)
    if not queryset.ordered:
        queryset = queryset.order_by("occurred_at", "pk")
    companies = {
        pk: (name_en, name_ko)
        for pk, name_en, name_ko in Company.objects.filter(
            pk__in=queryset.order_by().values("company_id")
        ).values_list("pk", "name_en", "name_ko")
    }
    partner_kinds = {value: str(label) for value, label in PartnerKind.choices}
    partners = {
        pk: (name, country or "", partner_kinds.get(kind, kind))
        for pk, name, country, kind in Partner.objects.filter(
            pk__in=queryset.order_by().values("partner_id")
        ).values_list("pk", "name", "country", "kind")
    }
    kinds = {value: str(label) for value, label in ConsultationKind.choices}
    stages = {value: str(label) for value, label in Stage.choices}
    sources = {value: str(label) for value, label in Source.choices}
    sheet.title(_("Consultations of %(edition)s") % {"edition": edition.name})
    if note:
        sheet.line(note)
    headers = [
        "ID",
        _("When (%(zone)s)") % {"zone": edition.time_zone},
        _("Company"),
        _("Korean name"),
        _("Buyer or investor"),
        _("Country"),
        _("Partner kind"),
        _("Kind"),
        _("Stage"),
        _("Source"),
        _("Amount"),
        _("Currency"),
        _("Amount (%(currency)s)") % {"currency": currency},
        _("Amount (USD)"),
        _("MoU signed on"),
        _("Contract signed on"),
    ]
    zone = edition.tzinfo
    unknown = ("", "", "")

    def lines():
        rows = queryset.values_list(
            "pk",
            "occurred_at",
            "company_id",
            "partner_id",
            "kind",
            "stage",
            "source",
            "amount",
            "currency",
            "mou_signed_on",
            "contract_signed_on",
        )
        for (
            pk,
            occurred_at,
            company,
            partner,
            kind,
            stage,
            source,
            amount,
            code,
            mou,
            signed,
        ) in rows.iterator(chunk_size=5000):
            converted, usd = amounts.get(pk, (None, None))
            priced = amount is not None and converted is not None
            name_en, name_ko = companies.get(company, unknown[:2])
            partner_name, country, partner_kind = partners.get(partner, unknown)
            yield (
                pk,
                occurred_at.astimezone(zone).replace(tzinfo=None),  # Excel has no zones
                name_en,
                name_ko,
                partner_name,
                country,
                partner_kind,
                kinds.get(kind, kind),
                stages.get(stage, stage),
                sources.get(source, source),
                Money(amount, code),
                code,
                Money(converted if priced else None, currency),
                Money(usd if priced else None, "USD"),
                mou,
                signed,
            )

    usd_total = _minor(total.amount_usd, "USD") if total.amount_usd is not None else None
    sheet.streamed_table(
        headers,
        lines(),
        total=(
            _("Total"),
            _("%(count)s consultations") % {"count": total.count},
            *[""] * 10,
            Money(_minor(total.amount, currency), currency),
            Money(usd_total, "USD"),
        ),
        # The columns' widths, from every value they may hold.
        widths={
            1: [max(amounts, default="")],
            2: [datetime.min],
            3: [n[0] for n in companies.values()],
            4: [n[1] for n in companies.values()],
            5: [p[0] for p in partners.values()],
            7: [p[2] for p in partners.values()],
            8: kinds.values(),
            9: stages.values(),
            10: sources.values(),
            11: [Money(None, currency)],
            13: [Money(None, currency)],
            14: [Money(None, "USD")],
            15: [date.min],
            16: [date.min],
        },
    )
    sheet.finish(freeze="C3" if not note else "C4")


def _minor(value: Decimal, currency: str) -> Decimal:
    from decimal import ROUND_HALF_UP

    from pavilion.core.money import minor_unit

    return value.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def build_records_xlsx(edition, queryset, *, title: str, filters: list[str]) -> bytes:
    """A record list (a report figure's drill-down) as a workbook: exactly its rows."""
    writer = WorkbookWriter()
    sheet = writer.sheet(_("Records"))
    write_records(sheet, edition, queryset, note=" · ".join([title, *filters]))
    return writer.to_bytes()
