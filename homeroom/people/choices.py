"""Coded values for people, as the state codes them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    """CALPADS gender codes."""

    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    NONBINARY = "X", _("Non-binary")


class HomeLanguage(models.TextChoices):
    """A subset of the CALPADS home language codes."""

    ENGLISH = "00", _("English")
    SPANISH = "01", _("Spanish")
    VIETNAMESE = "02", _("Vietnamese")
    CANTONESE = "03", _("Cantonese")
    KOREAN = "04", _("Korean")
    FILIPINO = "05", _("Filipino (Tagalog)")
    PORTUGUESE = "06", _("Portuguese")
    MANDARIN = "07", _("Mandarin (Putonghua)")
    JAPANESE = "08", _("Japanese")
    ARABIC = "11", _("Arabic")
    ARMENIAN = "12", _("Armenian")
    RUSSIAN = "16", _("Russian")
    FARSI = "23", _("Farsi (Persian)")
    HINDI = "28", _("Hindi")
    PUNJABI = "30", _("Punjabi")
    OTHER = "99", _("Other non-English languages")


class Relationship(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    PARENT = "parent", _("Parent")
    STEPPARENT = "stepparent", _("Stepparent")
    GRANDPARENT = "grandparent", _("Grandparent")
    FOSTER = "foster", _("Foster parent")
    GUARDIAN = "guardian", _("Legal guardian")
    CAREGIVER = "caregiver", _("Caregiver")
    OTHER = "other", _("Other")


class Custody(models.TextChoices):
    FULL = "full", _("Full custody")
    JOINT = "joint", _("Joint custody")
    NONE = "none", _("No custody")
    RESTRICTED = "restricted", _("Court-restricted contact")


class SurveySource(models.TextChoices):
    """Where a Home Language Survey was answered."""

    PREREGISTRATION = "preregistration", _("Online pre-registration")
    COUNTER = "counter", _("At the school office")
