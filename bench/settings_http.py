"""Settings of the HTTP server ``bench.certificates`` starts: the test settings, the
application's URLs plus the bare baseline view, no throttle in the way."""

from tongban.config.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
API_THROTTLE_RATES = {"anon": "100000000/minute", "user": "100000000/minute"}
