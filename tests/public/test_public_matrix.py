"""The matrix of the public routes with the edition's page public, and the
other organisation's editions (not public) from every role."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts import matrix
from tests.accounts.matrix import ROLES
from tests.accounts.test_permission_matrix import client_factory
from tests.public import show_still_to_end
from tests.public.routes import PUBLIC_ROUTES


@pytest.mark.django_db
def test_public_routes_for_every_role(world, other_world):
    world.edition.public_page = True
    show_still_to_end(world.edition)
    problems = [
        p
        for p in matrix.check_routes(client_factory(world), world, other_world, PUBLIC_ROUTES)
        if "no entry in the permission matrix" not in p
    ]
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_another_organisations_page_that_is_not_public_is_not_found(world, other_world):
    world.edition.public_page = True
    world.edition.save()
    for role in ROLES:
        client = client_factory(world)(role)
        for name in ("public-edition", "public-register", "public-apply"):
            url = reverse(name, args=[other_world.edition.slug])
            assert client.get(url).status_code == 404, (role, name)
        assert client.get(
            reverse("edition-publicity", args=[other_world.edition.slug])
        ).status_code in (404, 302)
    # Made public, its page answers everyone; its settings stay its own operators'.
    other_world.edition.public_page = True
    other_world.edition.save()
    assert (
        Client().get(reverse("public-edition", args=[other_world.edition.slug])).status_code == 200
    )
    client = client_factory(world)("operator")
    url = reverse("edition-publicity", args=[other_world.edition.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"public_page": ""}).status_code == 404
    other_world.edition.refresh_from_db()
    assert other_world.edition.public_page
