from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "homeroom.scheduling"
    label = "scheduling"
