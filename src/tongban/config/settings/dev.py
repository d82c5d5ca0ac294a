"""Development settings: the embedded defaults of ``make run`` (SQLite, console channels).

``make run`` is what a first-time user sees, so it shows the portal's own error pages:
DEBUG is off unless a developer asks for Django's debug pages with ``DEBUG=true``
(docs/decisions/0002-language-and-error-pages.md). Static files are then served by
WhiteNoise straight from the apps, with no ``collectstatic`` step.
"""

import os

os.environ.setdefault("DEBUG", "false")

from .base import *

ALLOWED_HOSTS = [*ALLOWED_HOSTS, "[::1]", "0.0.0.0"]  # noqa: S104 - local development only
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# `make run` starts the sample webhook receiver on 127.0.0.1: allow loopback receivers
# locally (base refuses them; WEBHOOK_ALLOW_PRIVATE_ADDRESSES=false shows the refusal).
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env.bool(
    "WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=True
)
