"""schemathesis against the served OpenAPI document (issue 11 › 3), in process through the WSGI app,
authenticated as the city admin: no answer is a server error, and every answer matches the document
(its status code is one the document lists, its body the schema of that status).

Bounded: MAX_EXAMPLES generated requests per operation (positive and negative data), no deadline.
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import DatabaseError, close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from gongjian.accounts.services import token_issue
from gongjian.testing import PASSWORD

MAX_EXAMPLES = 12

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django closes the database connection when a request finishes; the WSGI app called in process
    would close the test's own connection (inside its transaction) on PostgreSQL. Django's test
    client disconnects the same handler for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def city_token(city):
    from .conftest import build_scene

    build_scene(city)  # objects for the generated ids to find now and then
    return token_issue(username=city.city_user.username, password=PASSWORD)


@pytest.mark.django_db(transaction=False)
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_document(case, city_token):
    cache.clear()  # the rate limits count per address; a run of examples must not turn into 429s
    # Each example in a savepoint: on PostgreSQL a refused statement (answered 400) aborts the test's
    # transaction, which in production is no transaction at all (autocommit).
    savepoint = transaction.savepoint()
    try:
        case.call_and_validate(headers={"Authorization": f"Bearer {city_token}"},
                               checks=[not_a_server_error, status_code_conformance, response_schema_conformance])
    finally:
        try:
            transaction.savepoint_commit(savepoint)
        except DatabaseError:
            transaction.savepoint_rollback(savepoint)
