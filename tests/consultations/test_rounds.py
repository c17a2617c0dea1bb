"""Follow-up rounds: tasks, emails with a one-time sign-in link, answers, results by round."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from pavilion.accounts.models import Role
from pavilion.consultations import rounds
from pavilion.consultations.models import FollowUpRound, FollowUpTask
from pavilion.reports import kpis
from tests import factories as f


@pytest.fixture
def opened(world, django_capture_on_commit_callbacks):
    planned = rounds.plan_default_rounds(actor=world.operator, edition=world.edition)
    assert [r.months_after for r in planned] == [1, 3, 6, 12]
    assert planned[0].due_on == date(2024, 2, 12)
    with django_capture_on_commit_callbacks(execute=True):
        sent = rounds.open_round(
            actor=world.operator, round_=planned[1], base_url="https://p.example"
        )
    return planned[1], sent


def test_add_months_clamps_to_the_month_end():
    assert rounds.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_planning_twice_adds_nothing(world):
    rounds.plan_default_rounds(actor=world.operator, edition=world.edition)
    assert rounds.plan_default_rounds(actor=world.operator, edition=world.edition) == []
    assert FollowUpRound.objects.filter(edition=world.edition).count() == 4


def test_only_operators_open_rounds(world):
    rounds.plan_default_rounds(actor=world.operator, edition=world.edition)
    round_ = FollowUpRound.objects.filter(edition=world.edition).first()
    with pytest.raises(PermissionDenied):
        rounds.open_round(actor=world.official, round_=round_, base_url="https://p.example")


def test_opening_gives_every_confirmed_company_a_task_and_mails_members(world, opened):
    round_, sent = opened
    assert set(FollowUpTask.objects.filter(round=round_).values_list("company", flat=True)) == {
        world.company.pk,
        world.other_company.pk,
    }
    assert sent == 1 and len(mail.outbox) == 1  # only world.company has a member
    message = mail.outbox[0]
    assert message.to == [world.exhibitor.email]
    assert "https://p.example/follow-up/sign-in/" in message.body


def test_the_sign_in_link_works_once(world, opened, client):
    link = re.search(r"https://p\.example(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link)
    task = FollowUpTask.objects.get(round=opened[0], company=world.company)
    assert response.status_code == 302 and response["Location"] == reverse(
        "follow-up-task", args=[task.pk]
    )
    assert client.get(response["Location"]).status_code == 200
    client.logout()
    again = client.get(link)
    assert again.status_code == 302 and "/accounts/login/" in again["Location"]


def test_a_forged_link_signs_nobody_in(db, client):
    response = client.get(reverse("follow-up-sign-in", args=["1:1:x"]))
    assert "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_answer_moves_deals_and_the_report_counts_them_by_round(world, opened, client):
    round_ = opened[0]
    task = FollowUpTask.objects.get(round=round_, company=world.company)
    client.force_login(world.exhibitor)
    c = world.consultation
    answer = {
        f"stage-{c.pk}": "contract",
        f"amount-{c.pk}": "180,000",
        f"note-{c.pk}": "PO received",
    }
    # A signing needs its real date: "today" would misdate a contract signed weeks ago.
    response = client.post(reverse("follow-up-task", args=[task.pk]), answer)
    assert response.status_code == 200 and b"Give the date it was signed" in response.content
    c.refresh_from_db()
    assert c.stage == "consulted" and not c.follow_ups.exists()
    signed = world.edition.end_date + timedelta(days=40)
    answer[f"date-{c.pk}"] = signed.isoformat()
    response = client.post(reverse("follow-up-task", args=[task.pk]), answer)
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.stage == "contract" and c.amount == Decimal("180000")
    assert c.contract_signed_on == signed
    entry = c.follow_ups.get()
    assert entry.round == round_ and entry.kind == "contract_signed"
    task.refresh_from_db()
    assert task.answered_by == world.exhibitor
    by_round = {r["round"].months_after: r for r in kpis.follow_up_rounds(world.edition)}
    assert by_round[3]["answered"] == 1 and by_round[3]["tasks"] == 2
    assert kpis.consultation_figures(world.edition)["after_show_contract"].count == 1


def test_a_contract_set_by_mistake_is_taken_back_and_the_report_follows(world, opened, client):
    task = FollowUpTask.objects.get(round=opened[0], company=world.company)
    client.force_login(world.exhibitor)
    c = world.consultation
    url = reverse("follow-up-task", args=[task.pk])
    signed = world.edition.end_date + timedelta(days=40)
    client.post(url, {f"stage-{c.pk}": "contract", f"date-{c.pk}": signed.isoformat()})
    assert kpis.consultation_figures(world.edition)["after_show_contract"].count == 1
    # The company corrects its answer: the deal is still in follow-up.
    response = client.post(url, {f"stage-{c.pk}": "follow_up"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.stage == "follow_up" and c.contract_signed_on is None
    figures = kpis.consultation_figures(world.edition)
    assert figures["after_show_contract"].count == 0 and figures["onsite_contract"].count == 0
    # A date in the future or before the consultation is refused by name.
    tomorrow = timezone.localdate(timezone=world.edition.tzinfo) + timedelta(days=1)
    response = client.post(url, {f"stage-{c.pk}": "mou", f"date-{c.pk}": tomorrow.isoformat()})
    assert response.status_code == 200 and b"still to come" in response.content


def test_a_bad_amount_is_named_and_nothing_changes(world, opened, client):
    task = FollowUpTask.objects.get(round=opened[0], company=world.company)
    client.force_login(world.exhibitor)
    c = world.consultation
    response = client.post(
        reverse("follow-up-task", args=[task.pk]),
        {f"stage-{c.pk}": "mou", f"amount-{c.pk}": "lots"},
    )
    assert response.status_code == 200 and b"Not an amount" in response.content
    c.refresh_from_db()
    assert c.stage == "consulted" and not c.follow_ups.exists()


def test_another_company_cannot_answer(world, opened, client):
    task = FollowUpTask.objects.get(round=opened[0], company=world.company)
    stranger = f.user(role=Role.EXHIBITOR, company=world.other_company)
    client.force_login(stranger)
    assert client.get(reverse("follow-up-task", args=[task.pk])).status_code == 403
