"""The call for participation: applying, reviewing with conflicts, selecting, notifying."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pavilion.accounts import permissions
from pavilion.accounts.models import Role
from pavilion.companies.models import Participation
from pavilion.planning import services
from pavilion.planning.models import Application, Decision, Review
from tests import factories as f


@pytest.fixture
def call(world):
    """The world's call with two weighted criteria and three more applicants."""
    cfp = world.cfp
    cfp.criteria.all().delete()
    innovation = services.add_criterion(
        actor=world.operator, cfp=cfp, name_en="Innovation", weight=3
    )
    export = services.add_criterion(actor=world.operator, cfp=cfp, name_en="Export", weight=1)
    world.application.reviews.all().delete()
    applicants = []
    for name in ("Alpha", "Bravo", "Charlie"):
        company = f.company(organisation=world.organisation, name_en=name)
        member = f.user(role=Role.EXHIBITOR, company=company, language="en")
        application = services.save_application(
            actor=member,
            cfp=cfp,
            company=company,
            submit=True,
            product=f"{name} device",
            target_markets="US",
            booth_area_m2=9,
            seeks_investors=True,
        )
        applicants.append(application)
    reviewer = f.user(role=Role.OFFICIAL, organisation=world.organisation)
    services.invite_reviewer(actor=world.operator, cfp=cfp, user=reviewer)
    return cfp, innovation, export, applicants, reviewer


def test_a_draft_is_private_to_the_company_until_submitted(world):
    company = f.company(organisation=world.organisation, name_en="Drafty")
    member = f.user(role=Role.EXHIBITOR, company=company)
    draft = services.save_application(actor=member, cfp=world.cfp, company=company, product="")
    assert draft.state == "draft"
    assert draft in permissions.visible_applications(member)
    assert draft not in permissions.visible_applications(world.operator)
    with pytest.raises(ValidationError) as exc:
        services.save_application(actor=member, cfp=world.cfp, company=company, submit=True)
    # Every missing field at once, not one at a time.
    assert set(exc.value.message_dict) == {
        "product",
        "target_markets",
        "booth_area_m2",
        "seeks_buyers",
    }
    services.save_application(
        actor=member,
        cfp=world.cfp,
        company=company,
        submit=True,
        product="Box",
        target_markets="US, Canada",
        booth_area_m2=9,
        seeks_buyers=True,
    )
    assert Application.objects.get(pk=draft.pk) in permissions.visible_applications(world.operator)


def test_nobody_applies_for_another_company_or_after_the_deadline(world):
    with pytest.raises(PermissionDenied):
        services.save_application(
            actor=world.exhibitor, cfp=world.cfp, company=world.other_company, product="X"
        )
    world.cfp.deadline = timezone.now() - timedelta(minutes=1)
    world.cfp.opens_at = timezone.now() - timedelta(days=2)
    world.cfp.save()
    with pytest.raises(PermissionDenied):
        services.save_application(
            actor=world.exhibitor, cfp=world.cfp, company=world.company, product="Late"
        )


def test_a_company_sees_only_its_own_application_and_no_score(world, call):
    _cfp, innovation, export, applicants, _reviewer = call
    services.score_application(
        actor=world.operator, application=applicants[0], scores={innovation.pk: 5, export.pk: 5}
    )
    own = permissions.visible_applications(world.exhibitor)
    assert list(own) == [world.application]
    assert not permissions.visible_reviews(world.exhibitor).exists()
    assert not permissions.visible_applications(world.partner_user).exists()


def test_a_conflicted_reviewer_neither_sees_nor_scores(world, call):
    _cfp, innovation, export, applicants, reviewer = call
    target = applicants[0]
    services.score_application(
        actor=reviewer, application=target, scores={innovation.pk: 1, export.pk: 1}
    )
    services.mark_conflict(
        actor=world.operator, application=target, reviewer=reviewer, reason="investor"
    )
    assert target not in permissions.visible_applications(reviewer)
    assert not Review.objects.filter(application=target, reviewer=reviewer).exists()
    with pytest.raises(PermissionDenied):
        services.score_application(
            actor=reviewer, application=target, scores={innovation.pk: 5, export.pk: 5}
        )
    # The unconflicted operator still sees it.
    assert target in permissions.visible_applications(world.operator)


def test_an_uninvited_official_does_not_review(world, call):
    _cfp, innovation, export, applicants, _reviewer = call
    uninvited = f.user(role=Role.OFFICIAL, organisation=world.organisation)
    with pytest.raises(PermissionDenied):
        services.score_application(
            actor=uninvited, application=applicants[0], scores={innovation.pk: 3, export.pk: 3}
        )
    assert not permissions.visible_reviews(uninvited).exists()


def test_an_official_sees_others_scores_only_after_scoring(world, call):
    _cfp, innovation, export, applicants, reviewer = call
    target = applicants[1]
    services.score_application(
        actor=world.operator, application=target, scores={innovation.pk: 2, export.pk: 2}
    )
    assert not permissions.visible_reviews(reviewer).filter(application=target).exists()
    services.score_application(
        actor=reviewer, application=target, scores={innovation.pk: 4, export.pk: 4}
    )
    assert permissions.visible_reviews(reviewer).filter(application=target).count() == 2


def test_every_criterion_needs_a_score_in_range(world, call):
    _cfp, innovation, export, applicants, _reviewer = call
    with pytest.raises(ValidationError) as exc:
        services.score_application(
            actor=world.operator, application=applicants[0], scores={innovation.pk: 9}
        )
    assert set(exc.value.message_dict) == {f"score_{innovation.pk}", f"score_{export.pk}"}


def test_ranking_with_two_reviewers_and_weights(world, call):
    cfp, innovation, export, applicants, reviewer = call
    alpha, bravo, charlie = applicants
    for actor in (world.operator, reviewer):
        # Alpha is innovative, Bravo exports: the weights favour Alpha.
        services.score_application(
            actor=actor, application=alpha, scores={innovation.pk: 5, export.pk: 1}
        )
        services.score_application(
            actor=actor, application=bravo, scores={innovation.pk: 1, export.pk: 5}
        )
    ranked, proposal = services.ranking_of(cfp)
    order = [r.application_id for r in ranked]
    assert order.index(alpha.pk) < order.index(bravo.pk)
    # Charlie and the world's own application have no review: never proposed.
    assert proposal.selected == [alpha.pk, bravo.pk]
    assert charlie.pk in proposal.not_selected


def test_selection_is_limited_by_capacity_and_confirms_participations(world, call):
    cfp, _innovation, _export, applicants, _reviewer = call
    ids = [a.pk for a in applicants]
    with pytest.raises(ValidationError) as exc:
        services.decide(actor=world.operator, cfp=cfp, accepted=ids)  # 3 > capacity 2
    assert "accepted" in exc.value.message_dict
    assert not Participation.objects.filter(company=applicants[0].company).exists()
    counts = services.decide(actor=world.operator, cfp=cfp, accepted=ids[:2], waitlisted=ids[2:])
    assert counts == {"accepted": 2, "waitlisted": 1, "rejected": 1}
    part = Participation.objects.get(company=applicants[0].company, edition=world.edition)
    assert (part.status, part.pavilion) == ("confirmed", world.pavilion)
    assert not Participation.objects.filter(company=applicants[2].company).exists()
    with pytest.raises(PermissionDenied):
        services.decide(actor=world.official, cfp=cfp, accepted=[])


def test_decisions_are_mailed_in_each_members_language(
    world, call, django_capture_on_commit_callbacks
):
    cfp, _innovation, _export, applicants, _reviewer = call
    korean = f.user(role=Role.EXHIBITOR, company=applicants[0].company, language="ko")
    services.decide(actor=world.operator, cfp=cfp, accepted=[applicants[0].pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.notify_decisions(actor=world.operator, cfp=cfp)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sent == len(mail.outbox)
    assert "선정" in by_address[korean.email].subject
    english_member = applicants[0].company.members.exclude(pk=korean.pk).get()
    assert "selected" in by_address[english_member.email].subject
    rejected_member = applicants[1].company.members.get()
    assert "result" in by_address[rejected_member.email].subject
    # Nothing is sent twice.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify_decisions(actor=world.operator, cfp=cfp) == 0
    assert Application.objects.get(pk=applicants[0].pk).decision == Decision.ACCEPTED


@pytest.mark.parametrize(
    ("area", "message"),
    [("0", "above 0"), ("-3", "above 0"), ("1000", "at most 999"), ("12345", "at most 999")],
)
def test_the_booth_area_is_above_0_and_at_most_999(world, area, message):
    from decimal import Decimal

    from django.utils import translation

    company = f.company(organisation=world.organisation, name_en="Areal")
    member = f.user(role=Role.EXHIBITOR, company=company)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.save_application(
            actor=member, cfp=world.cfp, company=company, booth_area_m2=Decimal(area)
        )  # even a draft
    assert message in " ".join(exc.value.message_dict["booth_area_m2"])
    assert not Application.objects.filter(company=company).exists()
