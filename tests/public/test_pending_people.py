"""People waiting to get in see nothing of the organisation: an applicant whose
request to join a company is pending (an account, no company yet) requests
every page of the site and gets no server error, no private detail and
nothing of another organisation."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from pavilion.accounts.models import Role
from pavilion.companies.models import JoinRequest
from tests.accounts import matrix
from tests.accounts.test_permission_matrix import routes_table, secret_world  # noqa: F401


@pytest.mark.django_db
def test_a_pending_applicant_sees_nothing_private(secret_world):  # noqa: F811 (the fixture)
    world, other_world = secret_world
    world.company.internal_notes = "INTERNAL-NOTE-PENDING"
    world.company.save()
    applicant = get_user_model().objects.create(
        username="waiting",
        email="waiting@newco.example",
        role=Role.EXHIBITOR,
        organisation=world.organisation,
    )
    JoinRequest.objects.create(company=world.company, user=applicant)
    client = Client()
    client.force_login(applicant)
    problems = []
    for name, route in sorted(routes_table().items()):
        if name == "logout":
            continue
        url = reverse(name, kwargs=route.args(world) if route.args else None)
        response = client.get(url)
        where = f"GET {name}"
        if response.status_code >= 500:
            problems.append(f"{where}: server error {response.status_code}")
        # Treated as an anonymous visitor: none of the world's secrets may show.
        problems += matrix._leaks(where, response, "anonymous", world, other_world)
        if response.status_code == 200 and name in ("company-detail", "partner-detail"):
            problems.append(f"{where}: a pending applicant reads a record")
    assert problems == [], "\n".join(problems)
    # Their own request they do see.
    assert world.company.name_en in client.get(reverse("join-requests")).content.decode()
