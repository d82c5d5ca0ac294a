"""The committed OpenAPI file is what the code generates; schema and docs are served."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

COMMITTED = Path(__file__).resolve().parents[2] / "openapi" / "tongban.yaml"

pytestmark = pytest.mark.django_db


def test_committed_openapi_matches_the_code(tmp_path: Path) -> None:
    generated = tmp_path / "tongban.yaml"
    # The contract is written in English so translating a label never changes it.
    call_command(
        "spectacular",
        "--lang",
        "en",
        "--file",
        str(generated),
        "--validate",
        "--fail-on-warn",
    )
    assert COMMITTED.read_text() == generated.read_text(), (
        "openapi/tongban.yaml is stale: run `make openapi` and commit the result"
    )


def test_schema_is_served(client: Client) -> None:
    response = client.get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Tongban API"


def test_docs_ui_uses_local_assets(client: Client) -> None:
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/" in response.content
