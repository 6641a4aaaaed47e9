from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "homeroom.people"
    label = "people"

    def ready(self) -> None:
        from homeroom.people import scopes  # noqa: F401  (registers its scopes with the policy)
