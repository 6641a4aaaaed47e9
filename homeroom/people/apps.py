from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "homeroom.people"
    label = "people"

    def ready(self) -> None:
        from homeroom.people import language, scopes  # noqa: F401  (scopes; the survey's panel)
