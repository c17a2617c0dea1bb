"""Walking the site as a person does: from a landing page, following every link.

One walker for the tests (no page fails, every page a role may use is reachable
by links) and for ``bench/pages`` (every page timed). ``get`` fetches one URL
without following redirects: a test client's ``get``, or a timed wrapper of it.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable

LINKS = re.compile(r'href="(/[^"#]*)"')
LINKS_AND_SOURCES = re.compile(r'(?:href|src)="(/[^"#]*)"')
# Not pages a person walks to: files, the admin, the API's docs, signing out
# (it would end the walk), the language switch.
NOT_PAGES = ("/static/", "/admin/", "/api/v1/docs", "/accounts/logout/", "/i18n/")


def walk(
    get: Callable,
    *,
    limit: int,
    start: str = "/",
    skip: tuple[str, ...] = NOT_PAGES,
    links: re.Pattern = LINKS,
    on_response: Callable | None = None,
) -> dict[str, int]:
    """Breadth-first from ``start``, at most ``limit`` URLs: {url: status code}.

    A redirect to a local URL is followed as a link; only HTML pages are read for
    links; ``&amp;`` in a link is a plain ``&``.
    """
    seen, queue, statuses = {start}, deque([start]), {}
    while queue and len(statuses) < limit:
        url = queue.popleft()
        response = get(url)
        statuses[url] = response.status_code
        if on_response is not None:
            on_response(url, response)
        if response.status_code in (301, 302):
            target = response["Location"]
            if target.startswith("/") and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in links.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link not in seen and not link.startswith(skip):
                seen.add(link)
                queue.append(link)
    return statuses
