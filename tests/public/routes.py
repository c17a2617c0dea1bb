"""The permission matrix's entries for the public page and the ways in (issue #11).

``ROUTES`` is the world as the main matrix builds it: the edition's page is
not public (so only its operators preview it; for the others it does not
exist). ``PUBLIC_ROUTES`` is the same world with the page public, checked by
tests/public/test_public_matrix.py.
"""

from tests.accounts.matrix import Route, roles

NOT_FOUND = roles(404, anonymous=404)

ROUTES = {
    # scoped=False: another organisation's page is checked by name in
    # test_public_matrix (an anonymous visitor gets 404 there, not the sign-in page).
    "public-edition": Route(
        args=lambda w: {"slug": w.edition.slug},
        get=roles(404, anonymous=404, operator=200),
        scoped=False,
    ),
    "public-register": Route(
        args=lambda w: {"slug": w.edition.slug}, get=NOT_FOUND, post=NOT_FOUND, scoped=False
    ),
    "public-apply": Route(
        args=lambda w: {"slug": w.edition.slug}, get=NOT_FOUND, post=NOT_FOUND, scoped=False
    ),
    "public-sign-up-confirm": Route(
        args=lambda w: {"token": "not-a-valid-link"},
        get=roles(400, anonymous=400),
        post=roles(400, anonymous=400),
        scoped=False,
    ),
    "edition-publicity": Route(
        args=lambda w: {"slug": w.edition.slug},
        get=roles(403, operator=200),
        post=roles(403, operator=302),  # everything off: a valid form
    ),
    "partner-registrations": Route(
        get=roles(403, operator=200),
        post=roles(403, operator=404),  # 404: no registration named
    ),
    "join-requests": Route(get=roles(200), post=roles(404)),  # 404: no request named
}

PUBLIC_ROUTES = {
    **ROUTES,
    # The page stays public for the routes checked after this one.
    "edition-publicity": Route(
        args=lambda w: {"slug": w.edition.slug},
        get=roles(403, operator=200),
        post=roles(403, operator=302),
        post_data={"public_page": "on", "public_call": "on", "partner_registration_open": "on"},
    ),
    "home": Route(get=roles(302, anonymous=200)),
    "public-edition": Route(
        args=lambda w: {"slug": w.edition.slug}, get=roles(200, anonymous=200), scoped=False
    ),
    # 200: the empty form is refused, naming the fields.
    "public-register": Route(
        args=lambda w: {"slug": w.edition.slug},
        get=roles(200, anonymous=200),
        post=roles(200, anonymous=200),
        scoped=False,
    ),
    # Signed in, a company applies from its account (302 to the call's apply page).
    "public-apply": Route(
        args=lambda w: {"slug": w.edition.slug},
        get=roles(302, anonymous=200),
        post=roles(302, anonymous=200),
        scoped=False,
    ),
}
