from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "homeroom.scheduling"
    label = "scheduling"

    def ready(self) -> None:
        from homeroom.scheduling import scopes  # noqa: F401  (registers its scopes with the policy)
