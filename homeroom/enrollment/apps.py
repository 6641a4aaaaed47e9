from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "homeroom.enrollment"
    label = "enrollment"
