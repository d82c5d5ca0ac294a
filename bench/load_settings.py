"""Production settings with the bare view of ``bench.urls`` mounted: the load run's
same-run ceiling (a request through the whole middleware stack that does nothing)."""

from tongban.config.settings.prod import *  # noqa: F403 - the settings under load

ROOT_URLCONF = "bench.urls"
