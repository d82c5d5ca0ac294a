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
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "CACHE_URL",
            "AUDIT_HEAD_KEY",
            "PUBLIC_BASE_URL",
            "CERTIFICATE_KEY_DIR",
        }
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
        (
            {
                "DEBUG": "false",
                "SECRET_KEY": GOOD_KEY,
                "FIELD_ENCRYPTION_KEYS": ENCRYPTION,
                "BLIND_INDEX_KEY": "b" * 32,
            },
            "AUDIT_HEAD_KEY must be set",
        ),
        (
            {
                "DEBUG": "false",
                "SECRET_KEY": GOOD_KEY,
                "FIELD_ENCRYPTION_KEYS": ENCRYPTION,
                "BLIND_INDEX_KEY": "b" * 32,
                "AUDIT_HEAD_KEY": "h" * 32,
            },
            "CACHE_URL must name a shared cache",
        ),
        (
            {
                "DEBUG": "false",
                "SECRET_KEY": GOOD_KEY,
                "FIELD_ENCRYPTION_KEYS": ENCRYPTION,
                "BLIND_INDEX_KEY": "b" * 32,
                "AUDIT_HEAD_KEY": "h" * 32,
                "CACHE_URL": "redis://127.0.0.1:6379/0",
            },
            "PUBLIC_BASE_URL",  # notices' QR codes must lead to the public portal
        ),
        (
            {
                "DEBUG": "false",
                "SECRET_KEY": GOOD_KEY,
                "FIELD_ENCRYPTION_KEYS": ENCRYPTION,
                "BLIND_INDEX_KEY": "b" * 32,
                "AUDIT_HEAD_KEY": "h" * 32,
                "CACHE_URL": "redis://127.0.0.1:6379/0",
                "PUBLIC_BASE_URL": "https://zwfw.example.gov.cn",
            },
            "CERTIFICATE_KEY_DIR",  # signing keys live outside the database
        ),
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
        AUDIT_HEAD_KEY="h" * 32,
        CACHE_URL="redis://127.0.0.1:6379/0",
        PUBLIC_BASE_URL="https://zwfw.example.gov.cn",
        CERTIFICATE_KEY_DIR="/srv/tongban/certificate-keys",
    )
    assert result.returncode == 0, result.stderr


def test_prod_settings_keep_sessions_in_the_cache_and_the_database() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tongban.config.settings import prod; print(prod.SESSION_ENGINE)",
        ],
        env={
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": GOOD_KEY,
            "FIELD_ENCRYPTION_KEYS": ENCRYPTION,
            "BLIND_INDEX_KEY": "b" * 32,
            "AUDIT_HEAD_KEY": "h" * 32,
            "CACHE_URL": "redis://127.0.0.1:6379/0",
            "PUBLIC_BASE_URL": "https://zwfw.example.gov.cn",
            "CERTIFICATE_KEY_DIR": "/srv/tongban/certificate-keys",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "django.contrib.sessions.backends.cached_db"


def test_files_go_to_an_s3_compatible_store_when_configured() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tongban.config.settings import base; "
            "print(base.STORAGES['default']['BACKEND'], "
            "base.STORAGES['default']['OPTIONS']['bucket_name'])",
        ],
        env={**os.environ, "FILE_STORAGE": "s3", "S3_BUCKET": "tongban-files"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == ["storages.backends.s3.S3Storage", "tongban-files"]
