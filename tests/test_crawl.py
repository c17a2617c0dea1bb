"""Every role walks the demo by following links: no page answers with a server
error, and no link leads a user to a page they may not open or that is not there."""

import re
from collections import deque

import pytest
from django.test import Client

from pavilion.accounts.models import User
from pavilion.demo.loader import load_demo

LINK = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/admin/", "/api/v1/docs", "/accounts/logout/", "/i18n/")


def crawl(client: Client, *, limit: int, on_response=None) -> dict[str, int]:
    seen, queue, statuses = {"/"}, deque(["/"]), {}
    while queue and len(statuses) < limit:
        url = queue.popleft()
        response = client.get(url, follow=False)
        statuses[url] = response.status_code
        if on_response is not None:
            on_response(url, response)
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            target = response["Location"]
            if target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link not in seen and not link.startswith(SKIP):
                seen.add(link)
                queue.append(link)
    return statuses


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
