from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "homeroom.scheduling"
    label = "scheduling"

    def ready(self) -> None:
        from homeroom.enrollment.signals import enrollment_ended
        from homeroom.scheduling import receivers

        enrollment_ended.connect(receivers.end_classes, dispatch_uid="scheduling.end_classes")
