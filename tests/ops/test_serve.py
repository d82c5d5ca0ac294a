"""``tongban serve`` keeps the stack up: a child process (web, worker, scheduler) that dies
is started again after a back-off, with a log line, while the others keep running; stopping
the supervisor stops every child."""

import io
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from tongban.ops.supervise import Child, Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


def _wait_for(condition: Callable[[], bool], seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


@pytest.fixture
def running() -> Iterator[tuple[Supervisor, io.StringIO]]:
    log = io.StringIO()
    supervisor = Supervisor(
        [Child("web", SLEEPER), Child("worker", SLEEPER), Child("scheduler", SLEEPER)],
        log=log.write,
        poll_seconds=0.05,
        backoff_seconds=0.2,
    )
    thread = threading.Thread(target=supervisor.run)
    thread.start()
    _wait_for(lambda: all(c.pid for c in supervisor.children))
    yield supervisor, log
    supervisor.stop()
    thread.join(timeout=15)
    assert not thread.is_alive()


def test_a_killed_child_is_restarted_and_the_others_keep_running(running) -> None:  # type: ignore[no-untyped-def]
    supervisor, log = running
    worker = supervisor.children[1]
    before = {c.name: c.pid for c in supervisor.children}
    os.kill(worker.pid, signal.SIGKILL)
    _wait_for(lambda: worker.pid not in (None, before["worker"]))
    assert worker.restarts == 1
    assert {c.name: c.pid for c in supervisor.children if c.name != "worker"} == {
        "web": before["web"],
        "scheduler": before["scheduler"],
    }
    assert "worker exited" in log.getvalue()
    assert "restarting in 0.2 s" in log.getvalue()


def test_restarts_back_off_while_a_child_keeps_dying(running) -> None:  # type: ignore[no-untyped-def]
    supervisor, log = running
    scheduler = supervisor.children[2]
    for expected in (1, 2):
        pid = scheduler.pid
        os.kill(pid, signal.SIGKILL)
        _wait_for(lambda pid=pid: scheduler.pid not in (None, pid))
        assert scheduler.restarts == expected
    assert "restarting in 0.4 s" in log.getvalue()  # doubled on the second quick death


def test_stopping_the_supervisor_stops_every_child(running) -> None:  # type: ignore[no-untyped-def]
    supervisor, _log = running
    processes = [c.process for c in supervisor.children]
    supervisor.stop()
    _wait_for(lambda: all(p is not None and p.poll() is not None for p in processes))
