from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "homeroom.enrollment"
    label = "enrollment"

    def ready(self) -> None:
        # Its scope with the access policy; its parts of the student record with people.
        from homeroom.enrollment import record, scopes  # noqa: F401
