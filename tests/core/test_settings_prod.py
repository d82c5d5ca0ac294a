"""Production settings refuse unsafe deployments."""

import os
import subprocess
import sys

import pytest

GOOD_KEY = "k" * 64
ENCRYPTION = "hc5p4Dk2s0Cv3tKkQbzJ2c7nkq2uXkQ0oX8yF2mQ9Cw="


def _import_prod(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import tongban.config.settings.prod"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "true", "SECRET_KEY": GOOD_KEY}, "DEBUG must be off"),
        ({"DEBUG": "false"}, "SECRET_KEY is the development default"),
        ({"DEBUG": "false", "SECRET_KEY": "short"}, "shorter than 50"),
        ({"DEBUG": "false", "SECRET_KEY": GOOD_KEY}, "FIELD_ENCRYPTION_KEYS"),
    ],
)
def test_prod_settings_refuse(env: dict[str, str], message: str) -> None:
    result = _import_prod(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_prod_settings_start_when_configured() -> None:
    result = _import_prod(
        DEBUG="false",
        SECRET_KEY=GOOD_KEY,
        FIELD_ENCRYPTION_KEYS=ENCRYPTION,
        BLIND_INDEX_KEY="b" * 32,
        CERTIFICATE_KEY_DIR="/srv/tongban/certificate-keys",
    )
    assert result.returncode == 0, result.stderr
