"""Client systems in tests: made with ``tongban client_system`` and given a token by the
OAuth2 token endpoint (client credentials), as another system would."""

import base64
from typing import Any

from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient


def client_system(
    capsys: Any, username: str, scopes: str, *args: str
) -> tuple[str, str]:
    call_command("client_system", username, "--scopes", scopes, *args)
    client_id, secret = capsys.readouterr().out.split()
    return client_id, secret


def token_response(client_id: str, secret: str, scope: str = "") -> Any:
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    data = {"grant_type": "client_credentials"}
    if scope:
        data["scope"] = scope
    return Client().post("/oauth/token/", data, HTTP_AUTHORIZATION=f"Basic {basic}")


def bearer(client_id: str, secret: str, scope: str = "") -> APIClient:
    response = token_response(client_id, secret, scope)
    assert response.status_code == 200, response.content
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access_token']}")
    return api
