"""schemathesis over every API operation, for every role: 0 server errors, 0 schema violations.

The OpenAPI document comes from the app itself; requests go through the WSGI
application in the test's own transaction (Django's test database), each
with a role's bearer token. Every generated request is sent as generated
(path parameters are then mostly unknown or huge ids) by one role in turn,
and again with the path parameters of real records by every role, so the
handlers behind the 404 are fuzzed too. Examples are bounded and
deterministic (a fixed seed), so CI sends the same requests every run.
"""

import itertools
import re

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from pavilion.accounts.models import ApiToken
from pavilion.api.urls import api
from tests.api.test_api_permission_matrix import PATH_PARAMS, _meetings

ROLES = ("operator", "official", "exhibitor", "partner_user", "agency_user")
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20260113,
        "generation": {
            "max-examples": 5,
            "deterministic": True,
            "database": "none",
            "no-shrink": True,
        },
        "checks": {
            # Business rules answer 422 to requests the schema allows (a booth
            # of width 0, an application of another call), and pydantic's lax
            # mode takes 0 for false: those two checks judge the API design,
            # not its failures. Server errors and answers that break the
            # schema (status, content type, headers, body) are all checked.
            "positive_data_acceptance": {"enabled": False},
            "negative_data_rejection": {"enabled": False},
        },
    }
)
schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(path_prefix="/api/v1/"), config=CONFIG
)
# Every request, the checks' own extra ones too (no token, other methods), goes to the app.
schema.app = WSGIHandler()


@pytest.fixture
def wsgi_app():
    # Django's test client does the same: a request must not close the test's
    # connection, which holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schema.app
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def turn():
    # Per operation, so which role sends which generated case does not depend
    # on the operations run before (pytest -k, a new route).
    return itertools.count()


@pytest.fixture
def role_keys(world):
    _meetings(world)
    return {role: ApiToken.issue(user=getattr(world, role), name="fuzz")[1] for role in ROLES}


def _send(case, key):
    headers = {"Authorization": f"Bearer {key}"}
    response = case.call(headers=headers)
    case.validate_response(response, headers=headers)


@pytest.mark.django_db
@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_api_fuzz(case, world, role_keys, wsgi_app, turn):
    keys = list(role_keys.values())
    _send(case, keys[next(turn) % len(keys)])
    names = re.findall(r"{(\w+)}", case.operation.path)
    if names:
        case.path_parameters = {name: PATH_PARAMS[name](world) for name in names}
        for key in keys:
            _send(case, key)
