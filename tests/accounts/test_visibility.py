"""Each permission predicate, each role, with another organisation's data present."""

import pytest

from pavilion.accounts import permissions as p
from pavilion.accounts.models import Role
from tests import factories as f


def test_operators_see_only_their_organisation(world, other_world):
    assert set(p.visible_companies(world.operator)) == {world.company, world.other_company}
    assert set(p.visible_partners(world.operator)) == {world.partner}
    assert set(p.visible_editions(world.operator)) == {world.edition}
    assert set(p.visible_contacts(world.operator)) == {world.contact}
    for qs in (
        p.visible_companies(other_world.operator),
        p.visible_partners(other_world.operator),
        p.visible_editions(other_world.operator),
        p.visible_contacts(other_world.operator),
    ):
        assert not set(qs) & {
            world.company,
            world.other_company,
            world.partner,
            world.edition,
            world.contact,
        }


def test_officials_read_but_never_change(world):
    assert p.can_read_organisation(world.official, world.organisation.pk)
    assert p.can_view_company_private(world.official, world.company)
    assert not p.can_manage_organisation(world.official, world.organisation.pk)
    assert not p.can_edit_company(world.official, world.company)
    assert not p.can_edit_partner(world.official, world.partner)
    assert not p.can_manage_edition(world.official, world.edition)
    assert not p.can_import(world.official)
    assert p.can_export(world.official)


def test_exhibitor_edits_only_its_own_company(world):
    assert p.can_edit_company(world.exhibitor, world.company)
    assert p.can_view_company_private(world.exhibitor, world.company)
    assert not p.can_edit_company(world.exhibitor, world.other_company)
    assert not p.can_view_company_private(world.exhibitor, world.other_company)
    assert not p.can_edit_company_internal_notes(world.exhibitor, world.company)
    # The catalogue shows the other company's public profile, but not its contacts.
    assert world.other_company in p.visible_companies(world.exhibitor)
    assert list(p.visible_contacts(world.exhibitor)) == []
    assert not p.can_view_partner_private(world.exhibitor, world.partner)


def test_partner_user_sees_only_its_own_partner(world):
    second = f.partner(organisation=world.organisation, name="Other buyer")
    f.contact(partner=second)
    assert list(p.visible_partners(world.partner_user)) == [world.partner]
    assert list(p.visible_contacts(world.partner_user)) == [world.contact]
    assert p.can_edit_partner(world.partner_user, world.partner)
    assert not p.can_edit_partner(world.partner_user, second)
    assert not p.can_view_company_private(world.partner_user, world.company)


def test_catalogue_hides_applied_and_withdrawn_companies_from_outsiders(world):
    applicant = f.company(organisation=world.organisation, name_en="Applicant")
    f.participation(company=applicant, edition=world.edition, status="applied")
    withdrawn = f.company(organisation=world.organisation, name_en="Gone")
    f.participation(company=withdrawn, edition=world.edition, status="withdrawn")
    for user in (world.exhibitor, world.partner_user):
        visible = set(p.visible_companies(user))
        assert applicant not in visible and withdrawn not in visible
    assert {applicant, withdrawn} <= set(p.visible_companies(world.operator))


def test_an_applicant_exhibitor_still_sees_its_own_company(world):
    applicant = f.company(organisation=world.organisation)
    f.participation(company=applicant, edition=world.edition, status="applied")
    member = f.user(role=Role.EXHIBITOR, company=applicant)
    assert applicant in p.visible_companies(member)


@pytest.mark.parametrize("attribute", ["operator", "official", "exhibitor", "partner_user"])
def test_inactive_users_see_nothing(world, attribute):
    user = getattr(world, attribute)
    user.is_active = False
    user.save()
    assert not p.visible_companies(user).exists()
    assert not p.visible_partners(user).exists()
    assert not p.visible_editions(user).exists()
