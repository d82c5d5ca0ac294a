"""A small process supervisor for ``tongban serve`` (``make run``): starts each child, starts
again one that dies, and stops them all on request.

A child that dies is started again after a back-off that doubles while it keeps dying soon
after each start (``backoff_seconds`` up to ``max_backoff_seconds``) and resets once it has
run for ``stable_seconds``, so a crash loop (a port in use, a broken setting) neither spins
the machine nor fills the terminal. Every exit and restart is one log line. Production runs
the processes under the operating system's supervisor (systemd, Kubernetes) instead.
"""

import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass
class Child:
    name: str
    argv: Sequence[str]
    env: Mapping[str, str] | None = None  # None: this process's environment
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    started_at: float = 0.0
    next_start: float | None = None
    backoff: float = field(default=0.0)

    @property
    def pid(self) -> int | None:
        if self.process is None or self.process.poll() is not None:
            return None
        return self.process.pid


class Supervisor:
    def __init__(
        self,
        children: Sequence[Child],
        *,
        log: Callable[[str], object],
        poll_seconds: float = 0.5,
        backoff_seconds: float = 1.0,
        max_backoff_seconds: float = 30.0,
        stable_seconds: float = 60.0,
    ) -> None:
        self.children = list(children)
        self._log = log
        self._poll = poll_seconds
        self._first_backoff = backoff_seconds
        self._max_backoff = max_backoff_seconds
        self._stable = stable_seconds
        self._stopping = threading.Event()

    def run(self) -> None:
        """Start every child and watch them until ``stop()``; then stop them all."""
        try:
            for child in self.children:
                self._start(child)
            while not self._stopping.wait(self._poll):
                for child in self.children:
                    self._watch(child)
        finally:
            self._stop_children()

    def stop(self) -> None:
        self._stopping.set()

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(
            list(child.argv), env=None if child.env is None else dict(child.env)
        )
        child.started_at = time.monotonic()
        child.next_start = None

    def _watch(self, child: Child) -> None:
        now = time.monotonic()
        if child.next_start is not None:
            if now >= child.next_start:
                child.restarts += 1
                self._log(f"[serve] starting {child.name} again\n")
                self._start(child)
            return
        code = child.process.poll() if child.process else None
        if code is None:
            return
        quick = now - child.started_at < self._stable
        child.backoff = (
            min(child.backoff * 2, self._max_backoff)
            if quick and child.backoff
            else self._first_backoff
        )
        child.next_start = now + child.backoff
        self._log(
            f"[serve] {child.name} exited with code {code}; "
            f"restarting in {child.backoff:g} s\n"
        )

    def _stop_children(self) -> None:
        running = [c.process for c in self.children if c.process is not None]
        for process in running:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
