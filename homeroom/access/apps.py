from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "homeroom.access"
    label = "access"

    def ready(self) -> None:
        from homeroom.access import checks  # noqa: F401  (registers the start-up check)
