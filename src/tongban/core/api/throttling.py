"""Rate limits per client (anonymous by IP, staff by user), rates read from settings at call
time so a deployment or a test can change them without reloading DRF's class attributes."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    def get_rate(self) -> str:
        return str(settings.API_THROTTLE_RATES["anon"])


class UserThrottle(UserRateThrottle):
    def get_rate(self) -> str:
        return str(settings.API_THROTTLE_RATES["user"])
