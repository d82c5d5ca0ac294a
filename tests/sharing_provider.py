"""The reference data-sharing provider as a real process for the tests: started with
``python -m tongban.reference.sharing`` on a free port, reached over HTTP, stopped and
started again (on the same port) to play a registry that goes down and comes back.

Use the ``sharing_provider`` fixture: it points ``SHARING_URL`` at the process and forgets
the circuit breakers' state before and after the test. The process is shared by the tests
of a session (``sharing_provider_process``, made visible to every test by the root
conftest); a test may stop and start it, and the next test gets it running again."""

import subprocess
import sys
from collections.abc import Iterator

import pytest

from tongban.sharing.adapters import breakers_reset

SECRET = "test-sharing-secret-of-32-characters"


# Case tests freeze Tongban's clock on a day in 2026; the provider runs on the real one.
FROZEN_CLOCK_SKEW = 20 * 365 * 86400


class ProviderProcess:
    def __init__(self, max_skew: float = FROZEN_CLOCK_SKEW) -> None:
        self.port = 0
        self.max_skew = max_skew
        self.process: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            [
                sys.executable,
                "-m",
                "tongban.reference.sharing",
                "--port",
                str(self.port),
                "--secret",
                SECRET,
                "--max-skew-seconds",
                str(self.max_skew),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # blocks until the socket is bound
        assert line.startswith("listening on "), line
        self.port = int(line.rsplit(":", 1)[1])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture(scope="session")
def sharing_provider_process() -> Iterator[ProviderProcess]:
    """One provider process per test session (per xdist worker), started when a test first
    needs it. It keeps nothing between requests (every answer comes from its fixed records
    and the request), so the tests share it as they would share a registry."""
    provider = ProviderProcess()
    try:
        yield provider
    finally:
        provider.stop()


@pytest.fixture
def sharing_provider(  # type: ignore[no-untyped-def]
    sharing_provider_process: ProviderProcess, settings
) -> Iterator[ProviderProcess]:
    provider = sharing_provider_process
    if provider.process is None or provider.process.poll() is not None:
        # First use, or an earlier test stopped it and did not start it again: a new
        # process on a free port (the old port may have been taken meanwhile).
        provider.stop()
        provider.port = 0
        provider.start()
    settings.SHARING_URL = provider.url
    settings.SHARING_SECRET = SECRET
    settings.SHARING_ATTEMPTS = 2
    settings.SHARING_TIMEOUT_SECONDS = 2.0
    breakers_reset()
    try:
        yield provider
    finally:
        breakers_reset()
