"""App config for operations commands."""

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "tongban.ops"
    label = "ops"
