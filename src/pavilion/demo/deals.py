"""Generated deals and headcounts for the demo editions (seeded, so always the same)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from pavilion.consultations.models import Consultation, FollowUp, Tally


def consultations(rng, edition, companies, weights, partners, *, count, amount_krw):
    """About ``count`` consultations whose amounts add up to about ``amount_krw``."""
    rates = {fx.currency: fx.rate for fx in edition.fx_rates.all()}
    rates["KRW"] = Decimal(1)
    rows = []
    for _i in range(count + rng.randint(-8, 8)):
        company = rng.choices(companies, weights)[0]
        partner = rng.choice(partners)
        kind, currency = kind_and_currency(rng, partner)
        day = edition.start_date + timedelta(days=rng.choice([0, 0, 1, 1, 1, 2, 2, 3]))
        local = datetime.combine(day, time(rng.randint(10, 17), rng.choice([0, 15, 30, 45])))
        occurred_at = local.replace(tzinfo=edition.tzinfo).astimezone(UTC)
        stage = rng.choices(
            ["consulted", "follow_up", "negotiating", "mou", "contract", "lost"],
            [55, 20, 12, 6, 3, 4],
        )[0]
        source = rng.choices(["meeting", "booth_lead", "walk_in", "pitch"], [40, 30, 25, 5])[0]
        raw_krw = (
            Decimal(str(round(rng.lognormvariate(18.0, 1.1)))) if rng.random() > 0.07 else None
        )
        rows.append([company, partner, kind, currency, occurred_at, stage, source, raw_krw, day])
    # Scale the generated amounts to the total the demo should resemble.
    factor = amount_krw / sum(r[7] for r in rows if r[7] is not None)
    made = []
    for company, partner, kind, currency, occurred_at, stage, source, raw, day in rows:
        amount = None
        if raw is not None:
            step = Decimal(1_000_000) if currency == "KRW" else Decimal(1000)
            amount = max(step, (raw * factor / rates[currency] / step).quantize(Decimal(1)) * step)
        made.append(
            Consultation(
                edition=edition,
                company=company,
                partner=partner,
                kind=kind,
                currency=currency,
                amount=amount,
                occurred_at=occurred_at,
                stage=stage,
                source=source,
                mou_signed_on=day if stage == "mou" else None,
                contract_signed_on=day if stage == "contract" else None,
                notes="",
            )
        )
    made = Consultation.objects.bulk_create(made)
    follow_ups(rng, edition, made)
    return made


def kind_and_currency(rng, partner):
    if partner.kind in ("buyer", "distributor"):
        kind = rng.choices(["export", "distribution"], [7, 3])[0]
    elif partner.kind in ("vc", "cvc"):
        kind = rng.choices(["investment", "mna"], [9, 1])[0]
    elif partner.kind == "corporate":
        kind = rng.choices(["technology", "mna", "export"], [6, 2, 2])[0]
    else:
        kind = rng.choice(["technology", "other"])
    country = str(partner.country)
    if country == "KR":
        currency = "KRW"
    elif country in ("DE", "FR"):
        currency = "EUR"
    elif country == "JP":
        currency = rng.choice(["JPY", "USD"])
    else:
        currency = "USD"
    return kind, currency


def follow_ups(rng, edition, consultations):
    """Signatures at the show, and deals that moved after it (some signed, some lost)."""
    end = edition.end_date
    entries = []
    for c in consultations:
        if c.stage in ("mou", "contract"):
            entries.append(
                FollowUp(
                    consultation=c,
                    date=c.mou_signed_on or c.contract_signed_on,
                    kind="mou_signed" if c.stage == "mou" else "contract_signed",
                    outcome="Signed at the pavilion",
                    stage_before="consulted",
                    stage_after=c.stage,
                    amount_before=c.amount,
                    currency=c.currency,
                )
            )
        elif c.stage in ("follow_up", "negotiating"):
            entries.append(
                FollowUp(
                    consultation=c,
                    date=end + timedelta(days=rng.randint(10, 40)),
                    kind=rng.choice(["call", "meeting", "email", "visit"]),
                    outcome="Samples and pricing discussed",
                    stage_before="consulted",
                    stage_after=c.stage,
                    amount_before=c.amount,
                    currency=c.currency,
                    next_step="Send a quotation",
                )
            )
    negotiating = [c for c in consultations if c.stage == "negotiating" and c.amount]
    for c in rng.sample(negotiating, min(len(consultations) // 25, len(negotiating))):
        signed = end + timedelta(days=rng.randint(35, 330))
        realised = (c.amount * Decimal(str(rng.choice([0.5, 0.7, 0.8, 1.0])))).quantize(Decimal(1))
        entries.append(
            FollowUp(
                consultation=c,
                date=signed,
                kind="contract_signed",
                outcome="Contract signed after the show",
                stage_before="negotiating",
                stage_after="contract",
                amount_before=c.amount,
                amount=realised,
                currency=c.currency,
            )
        )
        c.stage, c.contract_signed_on, c.amount = "contract", signed, realised
        c.save(update_fields=["stage", "contract_signed_on", "amount"])
    FollowUp.objects.bulk_create(entries)


def tallies(rng, edition, *, visitors):
    """Manual headcounts per day adding up to about ``visitors`` (scans come with badges)."""
    shares = [Decimal("0.27"), Decimal("0.31"), Decimal("0.26"), Decimal("0.16")]
    tallies = []
    for day, share in zip(edition.days, shares, strict=True):
        total = int(visitors * share) + rng.randint(-20, 20)
        stage = total // 6
        tallies.append(
            Tally(edition=edition, day=day, place="Pavilion entrance", count=total - stage)
        )
        tallies.append(
            Tally(
                edition=edition,
                day=day,
                place="Pitching stage",
                count=stage,
                note="Audience not passing the entrance",
            )
        )
    Tally.objects.bulk_create(tallies)
