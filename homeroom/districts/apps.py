from django.apps import AppConfig


class DistrictsConfig(AppConfig):
    name = "homeroom.districts"
    label = "districts"
