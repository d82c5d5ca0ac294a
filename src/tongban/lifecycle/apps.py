from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "tongban.lifecycle"
    label = "lifecycle"
    verbose_name = "Lifecycles"
