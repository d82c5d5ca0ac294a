"""A task worker killed with SIGKILL in the middle of deliveries and started again: every
notification is delivered, and exactly once.

Runs a real ``tongban db_worker`` process against the test database (PostgreSQL: the
SQLite test database lives in this process's memory). Messages are written to the outbox
first; their delivery tasks go to the database backend; the worker is killed after a few
deliveries; the scheduler's sweep re-enqueues what is still pending; a second worker
finishes the work."""

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from tests.reliability.conftest import only_on_postgresql
from tongban.notifications.models import Message
from tongban.notifications.tasks import deliver_message, dispatch_due_messages

pytestmark = [
    pytest.mark.django_db(transaction=True),
    only_on_postgresql("the worker process needs a database it can share"),
]
COUNT = 30


def _worker(outbox: Path, *args: str) -> subprocess.Popen[bytes]:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tongban.config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "SMS_BACKEND": "tests.reliability.slow_sms.SlowFileSms",
        "NOTIFICATION_FILE_DIR": str(outbox),
    }
    command = [
        sys.executable,
        "-m",
        "tongban",
        "db_worker",
        "--backend",
        "database",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.1",
        *args,
    ]
    return subprocess.Popen(  # noqa: S603 - our own worker command
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _delivered(outbox: Path) -> list[str]:
    path = outbox / "sms.jsonl"
    if not path.exists():
        return []
    return [json.loads(line)["id"] for line in path.read_text().splitlines() if line]


def test_a_killed_worker_delivers_everything_once_after_restart(tmp_path: Path) -> None:
    messages = [
        Message.objects.create(
            channel="sms",
            recipient=f"1380000{i:04d}",
            template="x",
            language="zh-hans",
            body=f"消息 {i}",
            next_attempt_at=timezone.now(),
        )
        for i in range(COUNT)
    ]
    for message in messages:
        deliver_message.using(backend="database").enqueue(message_id=message.pk)

    first = _worker(tmp_path)
    deadline = time.monotonic() + 60
    while len(_delivered(tmp_path)) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    delivered_before = len(_delivered(tmp_path))
    assert 5 <= delivered_before < COUNT, "the kill must land in the middle of the work"

    # What the scheduler does every SCHEDULER_INTERVAL: re-enqueue pending messages whose
    # task was lost with the killed worker (older than the grace period).
    Message.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    dispatch_due_messages.using(backend="database").enqueue()
    second = _worker(tmp_path, "--batch")
    second.wait(timeout=120)

    delivered = _delivered(tmp_path)
    assert sorted(delivered) == sorted(str(m.uuid) for m in messages)  # all, none twice
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
