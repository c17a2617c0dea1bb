"""Every role walks the demo by following links: no page answers with a server
error, and no link leads a user to a page they may not open or that is not there."""

import pytest
from django.test import Client

from pavilion.accounts.models import User
from pavilion.core.crawl import walk
from pavilion.demo.loader import load_demo


def crawl(client: Client, *, limit: int, on_response=None) -> dict[str, int]:
    """Every page a signed-in client reaches from its landing page: {url: status}."""
    return walk(lambda url: client.get(url, follow=False), limit=limit, on_response=on_response)


@pytest.mark.parametrize(
    ("username", "language"),
    [
        ("operator", "ko"),
        ("official", "en"),
        ("exhibitor", "ko"),
        ("buyer", "en"),
        ("agency", "ko"),
    ],
)
def test_no_page_of_the_demo_fails(db, username, language):
    load_demo()
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(User.objects.get(username=username))
    statuses = crawl(client, limit=400)
    assert len(statuses) > 15
    assert {url: s for url, s in statuses.items() if s >= 400} == {}
