from django.apps import AppConfig


class CounselingConfig(AppConfig):
    name = "homeroom.counseling"
    label = "counseling"

    def ready(self) -> None:
        from homeroom.counseling import scopes  # noqa: F401  (registers the caseload scope)
