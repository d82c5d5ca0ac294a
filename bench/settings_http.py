"""Settings of the HTTP server ``bench.certificates`` and ``bench.guide`` start: the test
settings, the application's URLs plus the bare baseline view, no throttle in the way,
search pages cached as in production."""

from tongban.config.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
API_THROTTLE_RATES = {"anon": "100000000/minute", "user": "100000000/minute"}
SCOPED_THROTTLE_RATES = {**SCOPED_THROTTLE_RATES, "guide_pdf": "100000000/minute"}  # noqa: F405
SEARCH_CACHE_SECONDS = 60
