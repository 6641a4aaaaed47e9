"""Enrollment codes as CALPADS codes them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrollmentStatus(models.TextChoices):
    PRIMARY = "10", _("Primary")
    SECONDARY = "20", _("Secondary")
    SHORT_TERM = "30", _("Short-term")


class ExitReason(models.TextChoices):
    """Exit reasons, after the CALPADS exit category codes.

    The reference (docs/enrollment.md) names N470; the others follow the CALPADS code
    set as we understand it and are kept here, in one place, to be checked against the
    current published code set each year.
    """

    MIDYEAR_UPDATE = "E150", _("Mid-year update (grade or status change)")
    YEAR_END = "E155", _("Year-end exit, continuing next year")
    GRADUATED = "E230", _("Completer: graduated")
    DIED = "E130", _("Died")
    DROPOUT = "E400", _("Dropout")
    OTHER = "E300", _("Other exit")
    TRANSFER_IN_DISTRICT = "T160", _("Transfer within the district")
    TRANSFER_CA_PUBLIC = "T165", _("Transfer to another California public school")
    TRANSFER_PRIVATE = "T180", _("Transfer to a private school")
    TRANSFER_OTHER_STATE = "T200", _("Transfer to a school in another state")
    TRANSFER_OTHER_COUNTRY = "T240", _("Transfer out of the United States")
    HOME_SCHOOL = "T260", _("Home schooling")
    NO_SHOW = "N470", _("No-show")


# Exits that close one segment of a continuing enrollment rather than end it.
CONTINUING_EXITS = frozenset({ExitReason.MIDYEAR_UPDATE, ExitReason.YEAR_END})
