from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "homeroom.scheduling"
    label = "scheduling"

    def ready(self) -> None:
        from homeroom.enrollment.signals import enrollment_ended
        from homeroom.scheduling import receivers, scopes  # noqa: F401  (scopes register)

        enrollment_ended.connect(receivers.end_classes, dispatch_uid="scheduling.end_classes")
