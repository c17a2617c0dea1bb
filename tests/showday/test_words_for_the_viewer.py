"""Issue #15: the company page speaks to whoever reads it."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from pavilion.consultations import rounds


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def task_open(world, django_capture_on_commit_callbacks):
    planned = rounds.plan_default_rounds(actor=world.operator, edition=world.edition)
    with django_capture_on_commit_callbacks(execute=True):
        rounds.open_round(actor=world.operator, round_=planned[0], base_url="https://p.example")


@pytest.mark.django_db
def test_the_operator_is_not_asked_for_the_companys_follow_up_answer(world, task_open):
    url = f"/companies/{world.company.pk}/"
    operator = client_for(world.operator).get(url).content.decode()
    assert 'id="follow-up-tasks"' in operator
    assert "waiting for your answer" not in operator
    assert "waiting for the company's answer" in operator
    exhibitor = client_for(world.exhibitor).get(url).content.decode()
    assert "waiting for your answer" in exhibitor


@pytest.mark.django_db
def test_the_investments_panel_says_why_each_viewer_sees_it(world):
    world.operator.user_permissions.add(
        Permission.objects.get(content_type__app_label="funds", codename="view_fund")
    )
    operator = type(world.operator).objects.get(pk=world.operator.pk)
    url = f"/companies/{world.company.pk}/"
    page = client_for(operator).get(url).content.decode()
    assert 'id="investments"' in page
    assert "Only the company's own members and the investment agency see this." not in page
    assert "you may read fund data" in page
    mine = client_for(world.exhibitor).get(url).content.decode()
    assert "Only your company and the investment agency see this." in mine
