"""Exchange fixtures: rows of "now" count as settled (time is frozen in these tests), and
the provincial platform as a client system of 拉萨 with the exchange scope (its id and
secret; a token is fetched per call, as the tests move the clock by days); the service
desk's staff."""

from typing import Any

import pytest

from tests.client_systems import client_system
from tests.servicedesk.conftest import desk  # noqa: F401 - the service-desk staff


@pytest.fixture(autouse=True)
def _settled(settings: Any) -> None:
    settings.EXCHANGE_SETTLE_SECONDS = 0  # time is frozen: rows of "now" are settled


@pytest.fixture
def platform(make_staff, capsys) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    make_staff("province.platform", "exchange_client", division_code="540100")
    return client_system(capsys, "province.platform", "exchange.datasets.read")
