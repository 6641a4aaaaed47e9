from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "homeroom.enrollment"
    label = "enrollment"

    def ready(self) -> None:
        from homeroom.enrollment import scopes  # noqa: F401  (registers its scopes with the policy)
