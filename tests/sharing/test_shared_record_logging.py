"""Every read of shared data leaves its access-log row: a fetch inside a caller's
transaction (whose rollback would erase the row) is refused before the source is asked;
a record reused within minutes (a form opened twice) is logged as a use of its own and
does not ask the source; a shown record is logged for the purpose it was received for."""

import pytest
from django.db import transaction

from tongban.core.permissions import SYSTEM
from tongban.sharing.adapters import Subject
from tongban.sharing.domain.purpose import Purpose
from tongban.sharing.models import AccessLog
from tongban.sharing.services import shared_record_fetch, shared_record_show

pytestmark = pytest.mark.django_db

GESANG = Subject("person", "111", "54010219900101002X")
CASE = Purpose("case", "540100-TEST-0001")
FORM = Purpose("declared", "预填申请表 TEST")


def _fetch(**extra):  # type: ignore[no-untyped-def]
    return shared_record_fetch(
        source_code="population", subject=GESANG, purpose=CASE, actor=SYSTEM, **extra
    )


def test_a_fetch_inside_a_transaction_is_refused_before_the_source_is_asked(
    sharing_provider, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.SHARING_BREAKER_FAIL_MAX = 1
    sharing_provider.stop()
    with pytest.raises(RuntimeError), transaction.atomic():
        _fetch()
    assert not AccessLog.objects.exists()
    # Had the stopped source been asked, its circuit would be open now.
    assert _fetch().access.error == "connection"


def test_a_record_fetched_again_within_minutes_is_reused_and_logged(
    sharing_provider,
) -> None:  # type: ignore[no-untyped-def]
    first = shared_record_fetch(
        source_code="population",
        subject=GESANG,
        purpose=FORM,
        actor=SYSTEM,
        reuse_seconds=300,
    )
    sharing_provider.stop()  # the second opening must not need the source
    again = shared_record_fetch(
        source_code="population",
        subject=GESANG,
        purpose=FORM,
        actor=SYSTEM,
        reuse_seconds=300,
    )
    assert again.answered
    assert again.values == first.values
    assert [a.outcome for a in AccessLog.objects.order_by("id")] == [
        "answered",
        "reused",
    ]
    assert again.access.purpose == FORM.reference


def test_without_reuse_every_fetch_asks_the_source(sharing_provider) -> None:  # type: ignore[no-untyped-def]
    _fetch(reuse_seconds=300)
    sharing_provider.stop()
    assert _fetch().outcome == "unavailable"


def test_a_shown_record_is_logged_and_only_for_its_own_purpose(
    sharing_provider,
) -> None:  # type: ignore[no-untyped-def]
    received = _fetch()
    other = Purpose("case", "540100-TEST-0002")
    assert (
        shared_record_show(
            access_uuid=received.access.uuid, purpose=other, actor=SYSTEM
        )
        == {}
    )
    shown = shared_record_show(
        access_uuid=received.access.uuid, purpose=CASE, actor=SYSTEM
    )
    assert shown["name"] == "格桑（演示）"
    assert list(AccessLog.objects.values_list("outcome", flat=True)) == [
        "reused",
        "answered",
    ]
