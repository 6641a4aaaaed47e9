from django.apps import AppConfig


class ApiConfig(AppConfig):
    """Installed for its management commands; it has no models."""

    name = "homeroom.api"
    label = "homeroom_api"
