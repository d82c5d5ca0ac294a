"""Test settings: fast hashing, immediate tasks unless a test chooses the database backend."""

from .base import *

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
FIELD_ENCRYPTION_KEYS = ["hc5p4Dk2s0Cv3tKkQbzJ2c7nkq2uXkQ0oX8yF2mQ9Cw="]
BLIND_INDEX_KEY = "test-blind-index-key"
NOTIFICATION_FILE_DIR = Path(
    env.str("NOTIFICATION_FILE_DIR", default=str(VAR_DIR / "test-outbox"))
)
CERTIFICATE_KEY_DIR = Path(
    env.str("CERTIFICATE_KEY_DIR", default=str(VAR_DIR / "test-certificate-keys"))
)
CERTIFICATE_KEY_AUTOGENERATE = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
NOTIFICATION_CHANNELS = {
    # A worker started by a test (tests/reliability) writes to a file instead.
    "sms": env.str("SMS_BACKEND", default="tongban.notifications.backends.MemorySms"),
    "email": "tongban.notifications.backends.DjangoEmail",
}
# High by default so tests never trip them by accident; a test of the limits sets them.
API_THROTTLE_RATES = {
    "anon": env.str("API_THROTTLE_ANON", default="10000/minute"),
    "user": env.str("API_THROTTLE_USER", default="10000/minute"),
}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Tasks run at once in tests (after commit, like a worker would); tests of the worker itself
# enqueue on the "database" backend, which a real ``db_worker`` process works off.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
# The tests' webhook receivers listen on 127.0.0.1: allowed here explicitly (production
# refuses loopback and private addresses; tests/exchange/test_webhook_addresses.py turns
# this off to show it).
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
