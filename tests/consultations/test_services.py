"""Logging, correcting and following up consultations: rules and permissions."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.consultations import services
from pavilion.consultations.models import Consultation
from pavilion.core.models import AuditEntry
from tests import factories as f

AT = datetime(2024, 1, 10, 11, 30, tzinfo=ZoneInfo("America/Los_Angeles"))


def log(world, actor, **kw):
    kw.setdefault("company", world.company)
    kw.setdefault("partner", world.partner)
    return services.log_consultation(
        actor=actor,
        edition=world.edition,
        kind=kw.pop("kind", "export"),
        occurred_at=AT,
        currency=kw.pop("currency", "USD"),
        amount=kw.pop("amount", Decimal("1000")),
        **kw,
    )


def test_exhibitor_logs_for_its_own_company_only(world):
    consultation = log(world, world.exhibitor)
    assert consultation.created_by == world.exhibitor
    with pytest.raises(PermissionDenied):
        log(world, world.exhibitor, company=world.other_company)


@pytest.mark.parametrize("role", ["official", "partner_user"])
def test_readers_cannot_log(world, role):
    with pytest.raises(PermissionDenied):
        log(world, getattr(world, role))


def test_partner_of_another_organisation_is_refused_by_field(world, other_world):
    before = Consultation.objects.count()
    with pytest.raises(ValidationError) as error:
        log(world, world.operator, partner=other_world.partner)
    assert "partner" in error.value.message_dict
    assert Consultation.objects.count() == before


def test_contact_must_work_for_the_partner(world):
    stranger = f.contact(partner=f.partner(organisation=world.organisation))
    with pytest.raises(ValidationError) as error:
        log(world, world.operator, contact=stranger)
    assert "contact" in error.value.message_dict


def test_negative_amount_and_unknown_currency_are_refused(world):
    with pytest.raises(ValidationError) as error:
        log(world, world.operator, amount=Decimal("-1"), currency="XYZ")
    assert {"amount", "currency"} <= set(error.value.message_dict)


def test_logging_at_contract_stage_counts_as_signed_that_day(world):
    c = log(world, world.operator, stage="contract")
    assert c.contract_signed_on == date(2024, 1, 10)  # the show's local date


def test_correction_keeps_the_old_values_in_the_audit_trail(world):
    c = Consultation.objects.get(pk=log(world, world.operator, amount=Decimal("1000")).pk)
    services.correct_consultation(actor=world.operator, consultation=c, amount=Decimal("2500"))
    c.refresh_from_db()
    assert c.amount == Decimal("2500")
    entry = AuditEntry.objects.filter(action="consultation.corrected").get()
    assert entry.data["before"] == {"amount": "1000.00"}
    assert entry.data["after"] == {"amount": "2500"}


def test_stage_cannot_be_corrected_directly(world):
    c = log(world, world.operator)
    with pytest.raises(ValidationError):
        services.correct_consultation(actor=world.operator, consultation=c, stage="contract")


def test_a_failed_follow_up_writes_nothing(world):
    c = log(world, world.operator)
    with pytest.raises(ValidationError):
        services.add_follow_up(
            actor=world.operator,
            consultation=c,
            date=date(2024, 2, 1),
            kind="mou_signed",
            stage="lost",
        )
    c.refresh_from_db()
    assert c.stage == "consulted" and c.follow_ups.count() == 0


def test_a_follow_up_lies_between_its_consultation_and_today(world):
    consultation = world.consultation
    talk = consultation.occurred_at.astimezone(world.edition.tzinfo).date()
    stage_before = consultation.stage
    for day, field_message in (
        (date(2023, 6, 1), "before its consultation"),
        (date(2099, 1, 1), "still to come"),
    ):
        with pytest.raises(ValidationError) as caught:
            services.add_follow_up(
                actor=world.operator,
                consultation=consultation,
                date=day,
                kind="contract_signed",
            )
        assert field_message in caught.value.message_dict["date"][0]
    consultation.refresh_from_db()
    assert consultation.stage == stage_before and consultation.contract_signed_on is None
    assert not consultation.follow_ups.exists()
    # The consultation's own day (in the show's time zone) is fine.
    services.add_follow_up(
        actor=world.operator, consultation=consultation, date=talk, kind="contract_signed"
    )
    consultation.refresh_from_db()
    assert consultation.contract_signed_on == talk


def test_a_new_consultation_starts_in_the_edition_s_usual_currency(world):
    edition = world.edition
    Consultation.objects.filter(edition=edition).delete()
    assert services.default_currency(edition) == edition.reporting_currency
    for minutes, currency in enumerate(("USD", "USD", "EUR")):
        services.log_consultation(
            actor=world.operator,
            edition=edition,
            company=world.company,
            partner=world.partner,
            kind="export",
            # One consultation each: the same time would be the same consultation.
            occurred_at=world.consultation.occurred_at + timedelta(minutes=minutes),
            currency=currency,
        )
    assert services.default_currency(edition) == "USD"
