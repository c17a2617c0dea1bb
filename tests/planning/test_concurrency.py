"""On PostgreSQL: simultaneous assignments of one booth, and simultaneous pitches at one
time on one stage, each end with exactly one winner (the row locks do their job)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection, connections

from pavilion.companies.models import Participation
from pavilion.planning import floorplan
from pavilion.stage import services as stage_services
from tests import factories as f

WORKERS = 20

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(job):
    start = threading.Barrier(WORKERS)

    def attempt(i):
        try:
            start.wait(timeout=30)
            job(i)
            return "ok"
        except floorplan.BookingConflict as conflict:
            return conflict.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(attempt, range(WORKERS)))


@pytest.fixture
def crowd(world):
    if connection.vendor != "postgresql":
        pytest.skip("the concurrency tests run on PostgreSQL (DATABASE_URL=postgres://…)")
    parts = []
    for i in range(WORKERS):
        company = f.company(organisation=world.organisation, name_en=f"Crowd {i}")
        parts.append(
            f.participation(company=company, edition=world.edition, pavilion=world.pavilion)
        )
    return parts


def test_one_booth_assigned_twenty_times_at_once_has_one_company(world, crowd):
    booth = f.booth(pavilion=world.pavilion, number="Z1", x_m=20, y_m=20)
    answers = run_together(
        lambda i: floorplan.assign_booth(actor=world.operator, participation=crowd[i], booth=booth)
    )
    assert answers.count("ok") == 1
    assert answers.count("booth_taken") == WORKERS - 1
    assert Participation.objects.filter(booth=booth).count() == 1


def test_twenty_pitches_at_one_time_on_one_stage_give_one_session(world, crowd):
    start = world.pitch.end + timedelta(minutes=30)
    answers = run_together(
        lambda i: stage_services.schedule_pitch(
            actor=world.operator,
            stage=world.stage,
            company=crowd[i].company,
            start=start,
            end=start + timedelta(minutes=15),
            title=f"Pitch {i}",
        )
    )
    assert answers.count("ok") == 1
    assert answers.count("stage_taken") == WORKERS - 1
    assert world.stage.sessions.filter(start=start).count() == 1
