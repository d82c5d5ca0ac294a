"""The database connection drops under a request: the caller gets a clean 503
problem+json, and nothing is half-written."""

import psycopg
import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.reliability.conftest import only_on_postgresql
from tongban.accounts.domain.roles import Role
from tongban.regions.models import Organisation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
    only_on_postgresql("needs a server whose connection can be cut"),
]


def _cut_connection() -> None:
    """Terminate this process's database session from a second, independent session."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        dbname=db["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_dropped_connection_answers_503_and_writes_nothing(make_staff) -> None:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(
        make_staff("admin.x", Role.PLATFORM_ADMIN, division_code=None)
    )
    _cut_connection()
    response = client.post(
        "/api/v1/internal/organisations/",
        {
            "name": "拉萨市测试局",
            "uscc": "11540100MB0T12340N",
            "division_code": "540100",
            "exercise_level": 3,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "service_unavailable"
    connection.close()  # the next query reconnects
    assert not Organisation.objects.exists()
    # And the service works again once the database is back.
    again = client.post(
        "/api/v1/internal/organisations/",
        {
            "name": "拉萨市测试局",
            "uscc": "11540100MB0T12340N",
            "division_code": "540100",
            "exercise_level": 3,
        },
        format="json",
    )
    assert again.status_code == 201
