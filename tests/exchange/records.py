"""Helpers for the exchange tests with real records: a batch cut and fetched through the
API (a fresh token each time: the tests move the clock by days), and the length rule of
every text field checked on a record."""

from typing import Any

from rest_framework.test import APIClient

from tests.client_systems import bearer
from tongban.exchange.domain.datasets import DATASETS

API = "/api/v1/exchange"


def cut(platform: tuple[str, str], dataset: str) -> dict[str, Any]:
    api: APIClient = bearer(*platform)
    made = api.post(f"{API}/datasets/{dataset}/batches")
    assert made.status_code == 201, made.content
    page = api.get(f"{API}/batches/{made.json()['batch_number']}")
    assert page.status_code == 200, page.content
    return dict(page.json())


def within_lengths(dataset: str, record: dict[str, Any]) -> None:
    for field in DATASETS[dataset].fields:
        if field.kind == "text":
            assert len(record[field.key]) <= field.max_length, field.key
