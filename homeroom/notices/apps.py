from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "homeroom.notices"
    label = "notices"
