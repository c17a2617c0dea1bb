"""Spreadsheet spec for consultations (see docs/imports.md).

Natural key: edition + company + buyer/investor + date and time + kind, so
re-importing a file updates its consultations instead of adding them again.
Rows go through the same services as the pages: a new row is logged, a
changed row is corrected, and a changed stage becomes a follow-up entry.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.companies.models import Company
from pavilion.companies.transfer import BRN, read_brn
from pavilion.consultations import services, tallies
from pavilion.consultations.models import (
    Consultation,
    ConsultationKind,
    FollowUp,
    FollowUpKind,
    Source,
    Stage,
    Tally,
)
from pavilion.core import audit, datetimes
from pavilion.core.db import update_rows
from pavilion.core.models import AuditEntry
from pavilion.core.money import CURRENCIES, MoneyError, parse_amount
from pavilion.core.transfer import (
    CREATE,
    PROGRESS_EVERY,
    UNCHANGED,
    UPDATE,
    Batch,
    Column,
    Context,
    RowError,
    RowOutcome,
    RowProblems,
    Spec,
    check_duplicate,
    register,
    validation_problems,
)
from pavilion.core.transfer_fields import RowReader
from pavilion.partners.models import Contact, Partner
from pavilion.shows.models import Edition

COLUMNS = [
    Column("edition", "전시회", required=True),
    BRN,
    Column("partner_name", "바이어명", required=True),
    Column("partner_country", "바이어국가", required=True),
    Column("contact_email", "담당자이메일"),
    Column("occurred_at", "상담일시", required=True),
    Column("kind", "상담유형", required=True),
    Column("amount", "상담금액"),
    Column("currency", "통화", required=True),
    Column("stage", "진행단계"),
    Column("source", "경로"),
    Column("notes", "비고"),
]


def _when(reader: RowReader, edition):
    """A date ("2024-01-10") or date and time ("2024-01-10 14:30"), in the show's time zone."""
    text = reader.text("occurred_at", required=True)
    if not text or edition is None:
        return None
    try:
        value = datetime.fromisoformat(text.replace("T", " "))
    except ValueError:
        try:
            value = datetime.combine(date.fromisoformat(text), time(12, 0))
        except ValueError:
            reader.problem(
                "occurred_at", _("%(value)s is not a date (2024-01-10 14:30)") % {"value": text}
            )
            return None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=edition.tzinfo)
    return value


class Lookups:
    """The organisation's records a file's rows refer to, read once per file."""

    def __init__(self, ctx: Context):
        org = ctx.organisation_id
        self.editions = {
            e.slug: e
            for e in Edition.objects.filter(show__organisation_id=org).select_related(
                "show__organisation"
            )
        }
        self.edition_by_id = {e.pk: e for e in self.editions.values()}
        self.days = {e.pk: set(e.days) for e in self.editions.values()}
        self.companies = {
            c.business_registration_number: c
            for c in Company.objects.filter(organisation_id=org).order_by("-pk")
        }
        self.partners = {
            (p.name.lower(), p.country.code): p
            for p in Partner.objects.filter(organisation_id=org).order_by("-pk")
        }
        self.contacts = {
            (c.partner_id, c.email.lower()): c
            for c in Contact.objects.filter(partner__organisation_id=org)
            .exclude(email="")
            .order_by("-pk")
        }
        self.contact_by_id = {c.pk: c for c in self.contacts.values()}
        self.company_names = {c.pk: c.name_en for c in self.companies.values()}
        self.partner_names = {p.pk: p.name for p in self.partners.values()}
        self._consultations = None

    def edition(self, reader: RowReader):
        slug = reader.text("edition", required=True)
        if not slug:
            return None
        edition = self.editions.get(slug)
        if edition is None:
            reader.problem("edition", _("unknown edition %(slug)s") % {"slug": slug})
        return edition

    def company(self, reader: RowReader):
        number = read_brn(reader)
        if not number:
            return None
        company = self.companies.get(number)
        if company is None:
            reader.problem(BRN.name, _("no company with this number: import the company first"))
        return company

    def partner(self, reader: RowReader, column="partner_name"):
        name = reader.text(column, required=True)
        country = reader.text("partner_country", required=True).upper()
        if not (name and country):
            return None
        partner = self.partners.get((name.lower(), country))
        if partner is None:
            reader.problem(
                column,
                _("no buyer or investor %(name)s (%(country)s): import the partners first")
                % {"name": name, "country": country},
            )
        return partner

    def consultation(self, key):
        """The stored consultation with this natural key, or None."""
        if self._consultations is None:
            editions = [e.pk for e in self.editions.values()]
            self._consultations = {}
            for c in Consultation.objects.filter(edition_id__in=editions):
                c.edition = self.edition_by_id[c.edition_id]  # shared: no query per row
                self._consultations[_key(c)] = c
        return self._consultations.get(key)


def _key(c: Consultation):
    return (c.edition_id, c.company_id, c.partner_id, c.occurred_at, c.kind)


def _model_problems(record, exclude) -> list[tuple[str, str]]:
    """The model's own checks of the record's values the row reader has not
    made already (an amount's digits and decimal places): no queries — foreign
    keys were looked up, and the natural key is checked against the file and
    the stored records — and no field checked twice, once per row."""
    checked = [f.name for f in record._meta.fields if f.name not in ("amount", "next_step")]
    try:
        record.clean_fields(exclude={*exclude, *checked})
    except ValidationError as exc:
        return validation_problems(exc)
    return []


FOREIGN_KEYS = ["edition", "company", "partner", "contact", "created_by", "consultation", "round"]


def _report(ctx: Context, done: int, total: int):
    if ctx.progress is not None and done % PROGRESS_EVERY == 0:
        ctx.progress(done, total)


class _Writes:
    """Bulk writes gathered while the rows are checked."""

    def __init__(self):
        self.new: list[Consultation] = []
        self.changed: dict[int, Consultation] = {}
        self.fields: set[str] = set()
        self.follow_ups: list[FollowUp] = []
        self.changed_follow_ups: list[FollowUp] = []  # outcome and next step corrected
        self.audit: list = []  # (callable → AuditEntry), once the records have their ids

    def write(self):
        now = timezone.now()
        Consultation.objects.bulk_create(self.new, batch_size=CHUNK)
        for c in self.changed.values():
            c.updated_at = now
        update_rows(Consultation, list(self.changed.values()), [*sorted(self.fields), "updated_at"])
        for f in self.follow_ups:
            f.consultation_id = f.consultation.pk
        FollowUp.objects.bulk_create(self.follow_ups, batch_size=CHUNK)
        update_rows(FollowUp, self.changed_follow_ups, ["outcome", "next_step"])
        AuditEntry.objects.bulk_create([make() for make in self.audit], batch_size=CHUNK)


CHUNK = 1000  # rows per bulk statement


def import_consultations(ctx: Context, rows) -> Batch:
    """Check every row against the records read once; gather the writes."""
    found = Lookups(ctx)
    writes = _Writes()
    today = {}
    return _checked_rows(
        ctx, rows, writes, lambda values, n: _consultation_row(ctx, found, writes, today, values, n)
    )


def _checked_rows(ctx: Context, rows, writes, check_row) -> Batch:
    """Check every row (``check_row`` → label and action, or RowProblems), reporting
    progress; the writes gathered are made only if no row has a problem."""
    outcomes, errors = [], []
    for done, (number, values) in enumerate(rows, start=1):
        _report(ctx, done, len(rows))
        try:
            label, action = check_row(values, number)
        except RowProblems as exc:
            errors.extend(RowError(number, c, m) for c, m in exc.problems)
        else:
            outcomes.append(RowOutcome(number, action, label))
    return Batch(outcomes, errors, writes.write)


def _consultation_row(ctx, found: Lookups, writes: _Writes, today: dict, values, row):
    reader = RowReader(values)
    edition = found.edition(reader)
    company = found.company(reader)
    partner = found.partner(reader)
    contact = None
    if (email := reader.text("contact_email")) and partner is not None:
        contact = found.contacts.get((partner.pk, email.lower()))
        if contact is None:
            reader.problem("contact_email", _("no contact with this email at the partner"))
    occurred_at = _when(reader, edition)
    if occurred_at is not None and (
        timezone.localtime(occurred_at, edition.tzinfo).date() not in found.days[edition.pk]
    ):
        reader.problem("occurred_at", edition.show_day_problem(occurred_at))
    kind = reader.choice("kind", ConsultationKind.choices, required=True)
    currency = reader.text("currency", required=True).upper()
    if currency and currency not in CURRENCIES:
        reader.problem("currency", _("%(value)s is not a currency we know") % {"value": currency})
    amount = None
    if text := reader.text("amount"):
        try:
            amount = parse_amount(text)
        except MoneyError:
            reader.problem("amount", _("%(value)s is not an amount") % {"value": text})
        else:
            if problem := services.amount_problem(amount):
                reader.problem("amount", problem)
    stage = reader.choice("stage", Stage.choices, default=Stage.CONSULTED)
    source = reader.choice("source", Source.choices, default=Source.WALK_IN)
    notes = reader.text("notes")
    reader.raise_if_problems()
    key = (edition.pk, company.pk, partner.pk, occurred_at, kind)
    check_duplicate(ctx, ("consultation", *key), row)
    existing = found.consultation(key)
    label = f"{company.name_en} × {partner.name}"
    # Operators may still correct a closed edition; the report flags it.
    after_closing = {"closed_edition": edition.pk} if edition.closed_at is not None else {}
    org = edition.show.organisation
    if existing is None:
        consultation = Consultation(
            edition=edition,
            company=company,
            partner=partner,
            contact=contact,
            kind=kind,
            occurred_at=occurred_at,
            currency=currency,
            amount=amount,
            stage=stage,
            source=source,
            notes=notes,
            created_by=ctx.actor,
        )
        services.stamp_signatures(
            consultation, timezone.localtime(occurred_at, edition.tzinfo).date()
        )
        if problems := _model_problems(consultation, FOREIGN_KEYS):
            raise RowProblems(problems)
        writes.new.append(consultation)
        writes.audit.append(
            lambda c=consultation: audit.entry(
                actor=ctx.actor,
                action="consultation.logged",
                obj=c,
                organisation=org,
                stage=c.stage,
                amount=c.amount,
                currency=c.currency,
                **after_closing,
            )
        )
        return label, CREATE
    # A column left out of the file keeps the consultation's value (docs/imports.md);
    # a column given but empty clears it.
    given = {
        "contact": "contact_email" in ctx.columns,
        "amount": "amount" in ctx.columns,
        "currency": True,
        "source": "source" in ctx.columns,
        "notes": "notes" in ctx.columns,
    }
    proposed = {
        "contact": contact,
        "amount": amount,
        "currency": currency,
        "source": source,
        "notes": notes,
    }
    stored = {name: getattr(existing, name) for name in proposed if name != "contact"}
    # The contact compared by id: reading existing.contact would be a query per row.
    stored["contact"] = found.contact_by_id.get(existing.contact_id, existing.contact_id)
    changes = {
        name: value
        for name, value in proposed.items()
        if given[name]
        and (
            existing.contact_id != (value.pk if value else None)
            if name == "contact"
            else stored[name] != value
        )
    }
    if "stage" not in ctx.columns:
        stage = existing.stage
    if not changes and stage == existing.stage:
        return label, UNCHANGED
    before = {name: stored[name] for name in changes}
    for name, value in changes.items():
        setattr(existing, name, value)
    problems = _model_problems(existing, FOREIGN_KEYS)
    if stage != existing.stage:
        if stage == Stage.LOST and existing.stage in (Stage.MOU, Stage.CONTRACT):
            problems.append(("stage", _("A signed deal cannot be marked lost at once.")))
        if edition.pk not in today:
            today[edition.pk] = timezone.localdate(timezone=edition.tzinfo)
        on = today[edition.pk]
        if problem := services.follow_up_date_problem(existing, on):
            problems.append(("stage", problem))
    if problems:
        for name, value in before.items():  # the stored record as it was
            setattr(existing, name, value)
        raise RowProblems(problems)
    writes.changed[existing.pk] = existing
    writes.fields.update(changes)
    if changes:
        writes.audit.append(
            lambda c=existing, after=dict(changes): audit.entry(
                actor=ctx.actor,
                action="consultation.corrected",
                obj=c,
                organisation=org,
                before={k: str(v) for k, v in before.items()},
                after={k: str(v) for k, v in after.items()},
                **after_closing,
            )
        )
    if stage != existing.stage:
        # As services.add_follow_up: the change is a dated follow-up, history kept.
        writes.follow_ups.append(
            FollowUp(
                consultation=existing,
                date=on,
                kind=FollowUpKind.EMAIL,
                outcome=_("Stage changed by a spreadsheet import"),
                stage_before=existing.stage,
                stage_after=stage,
                amount_before=existing.amount,
                currency=existing.currency,
                created_by=ctx.actor,
            )
        )
        writes.audit.append(
            lambda c=existing, was=existing.stage, now=stage: audit.entry(
                actor=ctx.actor,
                action="consultation.followed_up",
                obj=c,
                organisation=org,
                kind=FollowUpKind.EMAIL,
                stage_before=was,
                stage_after=now,
                amount=None,
                **after_closing,
            )
        )
        existing.stage = stage
        services.stamp_signatures(existing, on)
        writes.fields.update({"stage", "mou_signed_on", "contract_signed_on"})
    return label, UPDATE


def export_consultations(ctx: Context, edition):
    rows = Consultation.objects.filter(
        edition__show__organisation_id=ctx.organisation_id
    ).select_related("edition", "company", "partner", "contact")
    if edition is not None:
        rows = rows.filter(edition=edition)
    for c in rows.order_by("edition__start_date", "occurred_at", "pk"):
        yield [
            c.edition.slug,
            c.company.brn_display,
            c.partner.name,
            c.partner.country.code,
            c.contact.email if c.contact else "",
            # To the second (and below, if a scan gave it): the natural key must
            # match when the export is imported back.
            datetimes.local(c.occurred_at, c.edition).replace(tzinfo=None).isoformat(sep=" "),
            c.kind,
            c.amount,
            c.currency,
            c.stage,
            c.source,
            c.notes,
        ]


register(
    Spec(
        "consultations",
        gettext_lazy("Consultations"),
        COLUMNS,
        None,
        export_consultations,
        import_batch=import_consultations,
    )
)


# --- follow-ups ---------------------------------------------------------------

FOLLOW_UP_COLUMNS = [
    Column("consultation_id", "상담번호"),
    Column("edition", "전시회"),
    Column(BRN.name, BRN.korean),
    Column("partner_name", "바이어명"),
    Column("partner_country", "바이어국가"),
    Column("occurred_at", "상담일시"),
    Column("consultation_kind", "상담유형"),
    Column("date", "후속일자", required=True),
    Column("kind", "후속유형", required=True),
    Column("stage", "진행단계"),
    Column("amount", "금액"),
    Column("outcome", "결과"),
    Column("next_step", "다음단계"),
]
KEY_COLUMNS = [c.name for c in FOLLOW_UP_COLUMNS[1:7]]


def _day(reader: RowReader, column: str):
    """A date ("2024-03-15"); a date and time as Excel may write it keeps its date."""
    text = reader.text(column, required=True)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
    except ValueError:
        reader.problem(column, _("%(value)s is not a date (2024-03-15)") % {"value": text})
        return None


def _amount(reader: RowReader):
    text = reader.text("amount")
    if not text:
        return None
    try:
        amount = parse_amount(text)
    except MoneyError:
        reader.problem("amount", _("%(value)s is not an amount") % {"value": text})
        return None
    if problem := services.amount_problem(amount):
        reader.problem("amount", problem)
    return amount


class FollowUpLookups(Lookups):
    def __init__(self, ctx: Context):
        super().__init__(ctx)
        self.consultation(None)  # read them now: by natural key and by id
        self.by_id = {c.pk: c for c in self._consultations.values()}
        # Stored follow-ups by (consultation, date, kind), each matched once.
        self.follow_ups: dict[tuple, list[FollowUp]] = {}
        stored = FollowUp.objects.filter(consultation_id__in=list(self.by_id)).order_by("pk")
        for f in stored:
            self.follow_ups.setdefault((f.consultation_id, f.date, f.kind), []).append(f)

    def consultation_of(self, reader: RowReader):
        """The consultation a row names: by its id, else by its natural key."""
        if text := reader.text("consultation_id"):
            try:
                found = self.by_id.get(int(text))
            except ValueError:
                found = None
            if found is None:
                reader.problem(
                    "consultation_id",
                    _("no consultation %(value)s in your organisation") % {"value": text},
                )
            return found
        if not any(reader.text(name) for name in KEY_COLUMNS):
            reader.problem(
                "consultation_id",
                _(
                    "name the consultation: its id, or its edition, company, buyer or "
                    "investor, date and time and kind"
                ),
            )
            return None
        edition = self.edition(reader)
        company = self.company(reader)
        partner = self.partner(reader)
        occurred_at = _when(reader, edition)
        kind = reader.choice("consultation_kind", ConsultationKind.choices, required=True)
        if None in (edition, company, partner, occurred_at, kind):
            return None
        found = self.consultation((edition.pk, company.pk, partner.pk, occurred_at, kind))
        if found is None:
            reader.problem(
                "occurred_at",
                _("no such consultation: import or log the consultation first"),
            )
        return found


def import_follow_ups(ctx: Context, rows) -> Batch:
    found = FollowUpLookups(ctx)
    writes = _Writes()
    matched: set[int] = set()
    return _checked_rows(
        ctx, rows, writes, lambda values, n: _follow_up_row(ctx, found, writes, matched, values, n)
    )


def _follow_up_row(ctx, found: FollowUpLookups, writes: _Writes, matched: set, values, row):
    reader = RowReader(values)
    consultation = found.consultation_of(reader)
    on = _day(reader, "date")
    kind = reader.choice("kind", FollowUpKind.choices, required=True)
    stage = reader.choice("stage", Stage.choices)
    amount = _amount(reader)
    outcome = reader.text("outcome")
    next_step = reader.text("next_step", max_length=300)
    reader.raise_if_problems()
    c = consultation
    check_duplicate(ctx, ("follow_up", c.pk, on, kind, stage), row)
    label = f"{found.company_names[c.company_id]} × {found.partner_names[c.partner_id]} · {on}"
    edition = found.edition_by_id[c.edition_id]  # one instance per edition, not per row
    after_closing = {"closed_edition": edition.pk} if edition.closed_at is not None else {}
    org = edition.show.organisation
    # The row's follow-up already stored (same consultation, date, kind and,
    # when given, stage): a re-import corrects its outcome and next step only.
    for stored in found.follow_ups.get((c.pk, on, kind), []):
        if stored.pk in matched or (stage and stored.stage_after != stage):
            continue
        matched.add(stored.pk)
        if "amount" in ctx.columns and stored.amount != amount:
            raise RowProblems(
                [("amount", _("a follow-up's amount is its history: add a new follow-up instead"))]
            )
        changes = {
            name: value
            for name, value in (("outcome", outcome), ("next_step", next_step))
            if name in ctx.columns and getattr(stored, name) != value
        }
        if not changes:
            return label, UNCHANGED
        for name, value in changes.items():
            setattr(stored, name, value)
        writes.changed_follow_ups.append(stored)
        return label, UPDATE
    # A new follow-up, as services.add_follow_up records it: it moves the
    # consultation's stage and amount, and a signing is dated by its real date.
    follow_up, found = services.plan_follow_up(
        c,
        date=on,
        kind=kind,
        outcome=outcome,
        stage=stage,
        amount=amount,
        next_step=next_step,
        created_by=ctx.actor,
    )
    problems = list(found.items()) + _model_problems(follow_up, FOREIGN_KEYS)
    if problems:
        raise RowProblems(problems)
    writes.follow_ups.append(follow_up)
    services.apply_follow_up(c, follow_up)
    writes.changed[c.pk] = c
    writes.fields.update({"stage", "amount", "mou_signed_on", "contract_signed_on"})
    writes.audit.append(
        lambda c=c, f=follow_up: audit.entry(
            actor=ctx.actor,
            action="consultation.followed_up",
            obj=c,
            organisation=org,
            kind=f.kind,
            stage_before=f.stage_before,
            stage_after=f.stage_after,
            amount=f.amount,
            **after_closing,
        )
    )
    return label, CREATE


def export_follow_ups(ctx: Context, edition):
    rows = FollowUp.objects.filter(
        consultation__edition__show__organisation_id=ctx.organisation_id
    ).select_related("consultation__edition", "consultation__company", "consultation__partner")
    if edition is not None:
        rows = rows.filter(consultation__edition=edition)
    for f in rows.order_by("consultation__edition__start_date", "consultation_id", "date", "pk"):
        c = f.consultation
        yield [
            c.pk,
            c.edition.slug,
            c.company.brn_display,
            c.partner.name,
            c.partner.country.code,
            datetimes.local(c.occurred_at, c.edition).replace(tzinfo=None).isoformat(sep=" "),
            c.kind,
            f.date.isoformat(),
            f.kind,
            f.stage_after,
            f.amount,
            f.outcome,
            f.next_step,
        ]


register(
    Spec(
        "follow_ups",
        gettext_lazy("Follow-ups"),
        FOLLOW_UP_COLUMNS,
        None,
        export_follow_ups,
        import_batch=import_follow_ups,
    )
)


# --- visitor tallies ------------------------------------------------------------

TALLY_COLUMNS = [
    Column("edition", "전시회", required=True),
    Column("day", "날짜", required=True),
    Column("place", "장소", required=True),
    Column("count", "방문자수", required=True),
    Column("note", "비고"),
]


def import_tallies(ctx: Context, rows) -> Batch:
    found = Lookups(ctx)
    stored = {
        (t.edition_id, t.day, t.place): t
        for t in Tally.objects.filter(edition__show__organisation_id=ctx.organisation_id)
    }
    new, changed, entries = [], [], []
    outcomes, errors = [], []
    for done, (number, values) in enumerate(rows, start=1):
        _report(ctx, done, len(rows))
        reader = RowReader(values)
        edition = found.edition(reader)
        day = _day(reader, "day")
        if edition is not None and day is not None and day not in found.days[edition.pk]:
            reader.problem("day", _("The day is not one of the show's days."))
        place = reader.text("place", required=True, max_length=100)
        reader.text("count", required=True)
        count = reader.integer("count", minimum=0, maximum=tallies.MAX_COUNT)
        note = reader.text("note", max_length=300)
        try:
            reader.raise_if_problems()
            check_duplicate(ctx, ("tally", edition.pk, day, place), number)
        except RowProblems as exc:
            errors.extend(RowError(number, c, m) for c, m in exc.problems)
            continue
        label = f"{edition.slug} {day.isoformat()} {place}"
        tally = stored.get((edition.pk, day, place))
        values = {"count": count, **({"note": note} if "note" in ctx.columns else {})}
        if tally is None:
            tally = Tally(edition=edition, day=day, place=place, counted_by=ctx.actor, **values)
            new.append(tally)
            action = CREATE
        elif any(getattr(tally, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(tally, k, v)
            tally.counted_by = ctx.actor
            changed.append(tally)
            action = UPDATE
        else:
            outcomes.append(RowOutcome(number, UNCHANGED, label))
            continue
        outcomes.append(RowOutcome(number, action, label))
        entries.append(
            lambda t=tally, org=edition.show.organisation, replaced=action == UPDATE: audit.entry(
                actor=ctx.actor,
                action="visitors.tallied",
                obj=t,
                organisation=org,
                count=t.count,
                replaced=replaced,
            )
        )

    def write():
        Tally.objects.bulk_create(new, batch_size=CHUNK)
        update_rows(Tally, changed, ["count", "note", "counted_by"])
        AuditEntry.objects.bulk_create([make() for make in entries], batch_size=CHUNK)

    return Batch(outcomes, errors, write)


def export_tallies(ctx: Context, edition):
    rows = Tally.objects.filter(edition__show__organisation_id=ctx.organisation_id)
    if edition is not None:
        rows = rows.filter(edition=edition)
    for t in rows.select_related("edition").order_by("edition__start_date", "day", "place"):
        yield [t.edition.slug, t.day.isoformat(), t.place, t.count, t.note]


register(
    Spec(
        "tallies",
        gettext_lazy("Visitor tallies"),
        TALLY_COLUMNS,
        None,
        export_tallies,
        import_batch=import_tallies,
    )
)
