"""The search rows follow every publication and withdrawal: the search finds exactly
the live guides (``selectors.live_versions``), by name in all three languages, on any
day, including scheduled publications and withdrawals that no sweep has recorded."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from tongban.catalog import selectors, services
from tongban.catalog.models import SearchEntry
from tongban.catalog.search import get_search
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db


def _found(query: str = "", today: datetime.date | None = None) -> list[int]:
    return sorted(v.pk for v in get_search().search(query, today=today))


def _live(today: datetime.date | None = None) -> list[int]:
    return sorted(v.pk for v in selectors.live_versions(today=today))


def test_a_publication_is_found_by_its_name_in_every_language(
    item: Any, implementation: Any, publish: Callable[..., Any]
) -> None:
    services.basic_item_update(
        actor=SYSTEM, item=item, name_en="Business licence establishment"
    )
    assert _found("营业执照") == []  # a draft is not public
    version = publish(implementation)
    for query in ("营业执照", "ཚོང་ལས", "licence", "yyzz", implementation.code):
        assert _found(query) == [version.pk], query


def test_a_new_version_replaces_the_old_one_in_the_search(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    older = publish(implementation)
    newer = publish(implementation)
    assert _found("营业执照") == [newer.pk] == _live()
    assert not SearchEntry.objects.filter(version=older).exists()  # superseded


def test_a_withdrawal_today_removes_the_guide_from_the_search(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    version = publish(implementation)
    services.version_cancel(actor=SYSTEM, version=version)
    assert _found("营业执照") == [] == _live()
    assert not SearchEntry.objects.filter(version=version).exists()


def test_a_scheduled_withdrawal_takes_effect_on_its_date_without_a_sweep(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    today = timezone.localdate()
    later = today + datetime.timedelta(days=10)
    version = publish(implementation)
    services.version_cancel(actor=SYSTEM, version=version, cancel_from=later)
    assert _found("营业执照", today) == [version.pk] == _live(today)
    assert _found("营业执照", later) == [] == _live(later)


def test_a_scheduled_version_takes_over_on_its_date_without_a_sweep(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    today = timezone.localdate()
    later = today + datetime.timedelta(days=5)
    current = publish(implementation)
    scheduled = publish(implementation, effective_from=later)
    assert _found("营业执照", today) == [current.pk] == _live(today)
    assert _found("营业执照", later) == [scheduled.pk] == _live(later)


def test_renaming_a_basic_item_is_searchable_at_once(
    item: Any, implementation: Any, publish: Callable[..., Any]
) -> None:
    version = publish(implementation)
    services.basic_item_update(actor=SYSTEM, item=item, name="个体工商户营业执照")
    assert _found("个体工商户") == [version.pk]
    assert _found("gtgsh") == [version.pk]  # the pinyin keys follow the name


def test_a_rebuild_writes_the_rows_the_services_keep(
    implementation: Any, publish: Callable[..., Any]
) -> None:
    publish(implementation)
    publish(implementation, effective_from=timezone.localdate() + datetime.timedelta(3))
    kept = list(SearchEntry.objects.order_by("pk").values())
    assert services.search_entries_refresh() == len(kept)
    assert list(SearchEntry.objects.order_by("pk").values()) == kept
