"""Development settings: the embedded defaults of ``make run`` (SQLite, console channels)."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *

ALLOWED_HOSTS = [*ALLOWED_HOSTS, "[::1]", "0.0.0.0"]  # noqa: S104 - local development only
