from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "homeroom.audit"
    label = "audit"

    def ready(self) -> None:
        from homeroom.audit import alerts, recorder

        recorder.connect()
        alerts.install()
