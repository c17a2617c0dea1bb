"""The show's exhibitor list: imported all-or-nothing, matched, reviewed, invited."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from pavilion.accounts.models import Role
from pavilion.companies import brn
from pavilion.companies.models import Participation
from pavilion.core.transfer import import_records
from pavilion.planning import integration
from pavilion.planning.models import ExhibitorListEntry, Invitation
from tests import factories as f


def _csv(world, rows):
    lines = ["edition,name,business_registration_number,booth"]
    lines += [f"{world.edition.slug},{name},{number},{booth}" for name, number, booth in rows]
    return ("\n".join(lines) + "\n").encode()


def test_import_matches_by_number_and_name_and_flags_uncertain(world):
    world.edition.pavilions.update(kind="integrated")
    number = brn.format_brn(world.other_company.business_registration_number)
    content = _csv(
        world,
        [
            ("Some Trading Name", number, "LVCC 1"),
            (f"{world.company.name_en} Co. Ltd.", "", "LVCC 2"),
            (f"{world.company.name_en[:-1]}", "", "LVCC 3"),
            ("Sunrise Appliances", "", "LVCC 4"),
        ],
    )
    result = import_records(
        actor=world.operator, kind="exhibitors", filename="list.csv", content=content, dry_run=False
    )
    assert result.ok, [str(e) for e in result.errors]
    state = {e.booth_label: (e.company_id, e.match_state) for e in ExhibitorListEntry.objects.all()}
    assert state["LVCC 1"] == (world.other_company.pk, "matched")
    assert state["LVCC 2"] == (world.company.pk, "matched")
    assert state["LVCC 3"] == (world.company.pk, "uncertain")
    assert state["LVCC 4"] == (None, "none")


def test_a_bad_row_writes_nothing_and_names_row_and_column(world):
    content = _csv(world, [("Fine Co", "", "X1"), ("Bad Co", "123-45-00000", "X2")])
    before = ExhibitorListEntry.objects.count()
    result = import_records(
        actor=world.operator, kind="exhibitors", filename="list.csv", content=content, dry_run=False
    )
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "business_registration_number")]
    assert ExhibitorListEntry.objects.count() == before


def test_a_comma_in_an_unquoted_name_is_a_row_with_too_many_cells(world):
    """'Hanbit Co., Ltd.' unquoted moved ' Ltd.' into the BRN column, reported as a bad
    business registration number; the row has more cells than the header."""
    content = _csv(world, [("Fine Co", "", "X1"), ("Hanbit Co., Ltd.", "", "X2")])
    result = import_records(
        actor=world.operator, kind="exhibitors", filename="list.csv", content=content, dry_run=False
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, "")]
    assert "more cells (5) than the header (4)" in str(result.errors[0])
    assert not ExhibitorListEntry.objects.filter(booth_label="X1").exists()


def test_review_then_invite_then_accept(world, django_capture_on_commit_callbacks):
    world.edition.pavilions.update(kind="integrated")
    company = f.company(organisation=world.organisation, name_en="Elsewhere Labs")
    member = f.user(role=Role.EXHIBITOR, company=company, language="en")
    entry = ExhibitorListEntry.objects.create(
        edition=world.edition, name="Elsewhere Lab", company=company, match_state="uncertain"
    )
    with pytest.raises(ValidationError):
        integration.invite(actor=world.operator, entry=entry, base_url="http://t")
    integration.review_match(actor=world.operator, entry=entry, confirm=True)
    assert entry in integration.exhibiting_elsewhere(world.edition)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = integration.invite(actor=world.operator, entry=entry, base_url="http://t")
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert f"/invitations/{invitation.pk}/" in mail.outbox[0].body
    integration.answer_invitation(actor=member, invitation=invitation, accept=True)
    part = Participation.objects.get(company=company, edition=world.edition)
    assert part.status == "confirmed"
    assert Invitation.objects.get(pk=invitation.pk).state == "accepted"
    assert entry not in integration.exhibiting_elsewhere(world.edition)
