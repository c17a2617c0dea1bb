"""`pavilion demo` never adds its published-password accounts to a database that
holds anything but the demo, and says what it did."""

import pytest

from pavilion.accounts.models import Organisation, User
from pavilion.cli import main
from pavilion.demo.loader import DEMO_ORG_SLUG, DemoRefused, demo_state, load_demo_safely
from tests import factories as f


@pytest.fixture
def no_migrate(monkeypatch):
    """The test database is migrated already; the command's migrate is not what is tested."""
    import os

    import django.core.management

    # The command drops DATABASE_URL (the demo is SQLite's); put it back afterwards.
    if "DATABASE_URL" in os.environ:
        monkeypatch.setenv("DATABASE_URL", os.environ["DATABASE_URL"])
    real = django.core.management.call_command

    def call_command(name, *args, **kwargs):
        if name != "migrate":
            return real(name, *args, **kwargs)

    monkeypatch.setattr(django.core.management, "call_command", call_command)


def test_an_empty_database_is_empty(db):
    assert demo_state() == "empty"


def test_a_database_with_real_records_is_refused_and_nothing_is_added(db, no_migrate, capsys):
    org = f.organisation(name="Busan Tech Agency")
    f.user(organisation=org, username="real-operator")
    assert demo_state() == "foreign"
    with pytest.raises(DemoRefused):
        load_demo_safely()
    assert main(["demo", "--no-serve"]) == 2
    err = capsys.readouterr().err
    assert "published password" in err
    assert "PAVILION_DATA_DIR=" in err
    assert list(User.objects.values_list("username", flat=True)) == ["real-operator"]
    assert not Organisation.objects.filter(slug=DEMO_ORG_SLUG).exists()


def test_a_lone_user_is_enough_to_refuse(db, no_migrate):
    User.objects.create_superuser("admin", "admin@example.org", "x")
    assert demo_state() == "foreign"
    assert main(["demo", "--no-serve"]) == 2
    assert User.objects.count() == 1


def test_a_second_run_on_a_demo_database_says_nothing_was_added(db, no_migrate, capsys):
    f.organisation(name="Demo", slug=DEMO_ORG_SLUG)
    assert demo_state() == "demo"
    users = User.objects.count()
    assert main(["demo", "--no-serve"]) == 0
    out = capsys.readouterr().out
    assert "already" in out and "nothing was added" in out
    assert User.objects.count() == users
