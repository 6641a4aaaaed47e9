"""Enrollment codes as CALPADS codes them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrollmentStatus(models.TextChoices):
    PRIMARY = "10", _("Primary")
    SECONDARY = "20", _("Secondary")
    SHORT_TERM = "30", _("Short-term")


class ExitReason(models.TextChoices):
    """A subset of the CALPADS student exit reason codes."""

    TRANSFER_IN_DISTRICT = "T160", _("Transferred within the district")
    TRANSFER_IN_STATE = "T165", _("Transferred to another California public school")
    TRANSFER_OUT_OF_STATE = "T200", _("Transferred out of state")
    TRANSFER_PRIVATE = "T260", _("Transferred to a private school")
    TRANSFER_OUT_OF_COUNTRY = "T280", _("Moved out of the United States")
    HOME_SCHOOL = "T310", _("Home schooling")
    COMPLETER = "E230", _("Completed the grade span (promoted)")
    GRADUATED = "E230G", _("Graduated with a diploma")
    DROPOUT = "E400", _("Dropped out")
    DECEASED = "E140", _("Deceased")
    NO_SHOW = "N470", _("No-show")
    OTHER = "E300", _("Other exit")
