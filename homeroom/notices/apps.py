from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "homeroom.notices"
    label = "notices"

    def ready(self) -> None:
        from homeroom.notices import alerts

        alerts.install()
