"""The committed OpenAPI file is what the code generates; schema and docs are served."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

COMMITTED = Path(__file__).resolve().parents[2] / "openapi" / "tongban.yaml"

pytestmark = pytest.mark.django_db


def test_committed_openapi_matches_the_code(tmp_path: Path) -> None:
    """Generated as ``make openapi`` does: in English, so translating a label never changes
    the contract, and against SQLite, whose unbounded integers do not depend on the
    database a test run happens to use."""
    generated = tmp_path / "tongban.yaml"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tongban.config.settings.test",
        "DATABASE_URL": "sqlite://:memory:",
    }
    subprocess.run(  # noqa: S603 - our own management command
        [
            sys.executable,
            "-m",
            "tongban",
            "spectacular",
            "--lang",
            "en",
            "--file",
            str(generated),
            "--validate",
            "--fail-on-warn",
        ],
        env=env,
        check=True,
        capture_output=True,
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
