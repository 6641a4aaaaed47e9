from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "homeroom.audit"
    label = "audit"

    def ready(self) -> None:
        from homeroom.audit import checks, db_roles, recorder  # noqa: F401  (registers)

        recorder.connect()
        db_roles.connect()
