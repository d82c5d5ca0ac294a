"""The version history names each version's status in the reader's language
(已发布, not ``published``)."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_history_shows_translated_statuses(
    client: Client, manager, implementation, publish
) -> None:  # type: ignore[no-untyped-def]
    publish(implementation)
    publish(implementation, promised_limit=3)
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(f"/workbench/catalog/{implementation.uuid}/").content.decode()
    history = page[page.index('id="h-history"') :]
    assert '<span class="badge">已发布</span>' in history
    assert '<span class="badge">published</span>' not in history
    assert "superseded" not in history
