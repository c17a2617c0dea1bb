"""The route × method × role × own/other-organisation permission matrix for pages.

Every named URL of the site (except the Django admin and the API, which
have their own tests) must have an entry in ROUTES saying what each role
gets; the matrix requests each route as each role, with our organisation's
records and with another organisation's, and reports:

- a route without an entry (a new page must declare who may see it);
- a status other than the one declared;
- any 5xx;
- a response that shows a record or private detail the role may not see.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ("anonymous", "operator", "official", "exhibitor", "partner_user", "agency_user")
STAFF = ("operator", "official")
SKIP_PREFIXES = ("admin/", "api/v1/", "static/", "media/")


@dataclass
class Route:
    """Who gets what on one URL.

    ``get``/``post`` map role → expected status for our organisation's
    records ("login" = redirect to the login page). ``args`` builds the URL
    kwargs from a World; routes that take a record are also requested with
    the other organisation's record, which must be 404 (or login) for all.
    """

    args: Callable | None = None
    get: dict[str, int | str] = field(default_factory=dict)
    post: dict[str, int | str] = field(default_factory=dict)
    post_data: dict = field(default_factory=dict)
    # False when the URL arguments name no organisation's record (e.g. a file format).
    scoped: bool = True


def all_roles(status, *, anonymous="login"):
    return {role: (anonymous if role == "anonymous" else status) for role in ROLES}


def roles(default, anonymous="login", **overrides):
    table = all_roles(default, anonymous=anonymous)
    table.update(overrides)
    return table


def named_routes(resolver=None, prefix="") -> dict[str, str]:
    """Every named URL pattern: name → route text."""
    resolver = resolver or get_resolver()
    found = {}
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIP_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            found.update(named_routes(pattern, route))
        elif isinstance(pattern, URLPattern) and pattern.name:
            found[pattern.name] = route
    return found


def secrets_of(world) -> dict[str, str]:
    """Text that identifies a record or a private detail of `world`."""
    return {
        "company_brn": world.company.brn_display,
        "other_company_brn": world.other_company.brn_display,
        "company_internal_notes": world.company.internal_notes,
        "contact_email": world.contact.email,
        "partner_internal_notes": world.partner.internal_notes,
        "investment_notes": world.investment.notes,
        "visitor_email": world.badge.email if world.badge else "",
        "review_comment": world.review.comment if world.review else "",
    }


# Who may see each secret of their own organisation (everything of another
# organisation is visible to nobody).
SECRET_READERS = {
    "company_brn": {"operator", "official", "exhibitor"},
    "other_company_brn": {"operator", "official"},
    "company_internal_notes": {"operator", "official"},
    "contact_email": {"operator", "official", "partner_user"},
    "partner_internal_notes": {"operator", "official"},
    # the world's operator has no fund permission: only the agency reads its notes
    "investment_notes": {"agency_user"},
    # A visitor's personal data: operators and the exhibitor that scanned them.
    "visitor_email": {"operator", "exhibitor"},
    # Reviews: the operators; an official only once invited and having reviewed too.
    "review_comment": {"operator"},
}


def other_world_markers(other) -> list[str]:
    return [
        other.company.name_en,
        other.other_company.name_en,
        other.partner.name,
        other.contact.email,
        other.company.brn_display,
        other.edition.slug,
        other.fund.name,
        other.badge.email if other.badge else "",
    ]


def _outcome(response) -> int | str:
    if response.status_code in (301, 302) and "/accounts/login/" in response.get("Location", ""):
        return "login"
    return response.status_code


def check_routes(client_for, world, other, routes: dict[str, Route]) -> list[str]:
    """Run the matrix; return every problem found (empty = all good).

    ``client_for(role)`` returns a fresh client signed in as that role, so one
    request (a log-out, a language switch) cannot change the next one.
    """
    problems = []
    names = named_routes()
    for name in sorted(set(names) - set(routes)):
        problems.append(f"{name} ({names[name]}): no entry in the permission matrix")
    for name, route in sorted(routes.items()):
        if name not in names:
            problems.append(f"{name}: in the matrix but not a URL any more")
            continue
        own = reverse(name, kwargs=route.args(world) if route.args else None)
        foreign = reverse(name, kwargs=route.args(other)) if route.args and route.scoped else None
        for method, expected in (("get", route.get), ("post", route.post)):
            for role in ROLES:
                client = client_for(role)
                send = getattr(client, method)
                kwargs = {"data": route.post_data} if method == "post" else {}
                response = send(own, **kwargs)
                got = _outcome(response)
                where = f"{method.upper()} {name} as {role}"
                if isinstance(response.status_code, int) and response.status_code >= 500:
                    problems.append(f"{where}: server error {response.status_code}")
                want = expected.get(role, 405)
                if got != want:
                    problems.append(f"{where}: expected {want}, got {got}")
                problems += _leaks(where, response, role, world, other)
                if foreign is not None:
                    response = getattr(client_for(role), method)(foreign, **kwargs)
                    got = _outcome(response)
                    # 405 says nothing about the record; anonymous users may get it
                    # before the log-in redirect.
                    allowed = {"login", 405} if role == "anonymous" else {404, 405}
                    if got not in allowed:
                        problems.append(
                            f"{where} with another organisation's record: got {got}, "
                            f"expected one of {sorted(map(str, allowed))}"
                        )
                    problems += _leaks(where + " (other org)", response, role, world, other)
    return problems


def _body(response) -> str:
    """The text a response shows: a download streamed from a file, a ZIP's files unpacked."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type") == "application/zip":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())
    return content.decode(errors="replace")


def _leaks(where, response, role, world, other) -> list[str]:
    body = _body(response)
    found = []
    for marker in other_world_markers(other):
        if marker and marker in body:
            found.append(f"{where}: shows another organisation's {marker!r}")
    for key, text in secrets_of(world).items():
        if text and text in body and role not in SECRET_READERS[key]:
            found.append(f"{where}: shows {key} ({text!r}) to {role}")
    return found
