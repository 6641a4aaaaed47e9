"""Coded values for districts, schools and calendars."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolLevel(models.TextChoices):
    ELEMENTARY = "elementary", _("Elementary")
    MIDDLE = "middle", _("Middle")
    HIGH = "high", _("High")
    K8 = "k8", _("K-8")
    CONTINUATION = "continuation", _("Continuation")


class GradeLevel(models.TextChoices):
    """Grade levels as the API names them; the state extract maps K to KN."""

    TK = "TK", _("Transitional kindergarten")
    K = "K", _("Kindergarten")
    G1 = "1", "1"
    G2 = "2", "2"
    G3 = "3", "3"
    G4 = "4", "4"
    G5 = "5", "5"
    G6 = "6", "6"
    G7 = "7", "7"
    G8 = "8", "8"
    G9 = "9", "9"
    G10 = "10", "10"
    G11 = "11", "11"
    G12 = "12", "12"


GRADE_ORDER: dict[str, int] = {g.value: i for i, g in enumerate(GradeLevel)}


class DayKind(models.TextChoices):
    INSTRUCTIONAL = "instructional", _("Instructional day")
    MINIMUM = "minimum", _("Minimum day")
    HOLIDAY = "holiday", _("Holiday")
    STAFF = "staff", _("Staff day")
