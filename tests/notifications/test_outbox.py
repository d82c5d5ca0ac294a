"""The outbox: written with the change, delivered after commit in the recipient's language,
retried on failure, never sent twice."""

import pytest
from django.db import transaction

from tongban.notifications import services
from tongban.notifications.backends import MemorySms
from tongban.notifications.models import Message

pytestmark = pytest.mark.django_db


def _enqueue(language: str = "en") -> Message:
    return services.notification_enqueue(
        channel="sms",
        recipient="13800000001",
        template="login_code",
        language=language,
        context={"code": "123456", "minutes": 5},
    )


def _enqueue_in_a_failed_change() -> None:
    def change() -> None:
        with transaction.atomic():
            _enqueue()
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError, match="the change failed"):
        change()


def test_nothing_is_sent_before_commit(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = _enqueue()
        assert MemorySms.sent == []
    assert len(callbacks) == 1
    assert [m.uuid for m in MemorySms.sent] == [message.uuid]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        _enqueue_in_a_failed_change()
    assert MemorySms.sent == []
    assert not Message.objects.exists()


def test_delivering_twice_sends_once() -> None:
    message = _enqueue()
    assert services.message_deliver(message_id=message.pk) == "sent"
    assert services.message_deliver(message_id=message.pk) == "sent"
    assert len(MemorySms.sent) == 1


class _Down:
    def send(self, message: Message) -> None:
        raise ConnectionError("gateway down")


def test_a_failed_delivery_is_retried_later(settings, time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-11-27 10:00:00+08:00", tick=False)
    settings.NOTIFICATION_CHANNELS = {"sms": "tests.notifications.test_outbox._Down"}
    message = _enqueue()
    assert services.message_deliver(message_id=message.pk) == "pending"
    message.refresh_from_db()
    assert (message.attempts, message.last_error) == (1, "gateway down")
    assert services.message_deliver(message_id=message.pk) == "pending"  # not due yet
    assert Message.objects.get(pk=message.pk).attempts == 1
    settings.NOTIFICATION_CHANNELS = {"sms": "tongban.notifications.backends.MemorySms"}
    time_machine.move_to("2026-11-27 10:01:00+08:00", tick=False)
    assert services.messages_due() == [message.pk]
    assert services.message_deliver(message_id=message.pk) == "sent"


def test_a_message_that_keeps_failing_is_marked_failed(settings) -> None:  # type: ignore[no-untyped-def]
    settings.NOTIFICATION_CHANNELS = {"sms": "tests.notifications.test_outbox._Down"}
    settings.NOTIFICATION_MAX_ATTEMPTS = 1
    message = _enqueue()
    assert services.message_deliver(message_id=message.pk) == "failed"


@pytest.mark.parametrize(
    ("language", "fragment"),
    [("en", "login code is 123456"), ("zh-hans", "123456"), ("bo", "123456")],
)
def test_messages_render_in_the_recipients_language(
    language: str, fragment: str
) -> None:
    body = _enqueue(language).body
    assert fragment in body
    if language == "bo":
        assert any("\u0f00" <= ch <= "\u0fff" for ch in body)
    if language == "zh-hans":
        assert "验证码" in body


def test_a_queue_in_the_database_gets_the_delivery_inside_the_transaction(
    tasks_in_database, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    """The task's row is written with the message, not in a transaction of its own
    after the commit (one transaction a submission saves, and no delivery lost to a
    process that dies between its commit and its commit hooks)."""
    from django_tasks_db.models import DBTaskResult

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
    ):
        message = _enqueue()
        (queued,) = DBTaskResult.objects.all()  # before the commit
    assert callbacks == []
    assert queued.args_kwargs == {"args": [], "kwargs": {"message_id": message.pk}}
    assert queued.task_path.endswith("deliver_message")
    assert MemorySms.sent == []  # for a worker


def test_a_rolled_back_change_takes_its_queued_delivery_with_it(
    tasks_in_database,
) -> None:  # type: ignore[no-untyped-def]
    from django_tasks_db.models import DBTaskResult

    _enqueue_in_a_failed_change()
    assert not DBTaskResult.objects.exists()
    assert not Message.objects.exists()
