from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "homeroom.access"
    label = "access"
