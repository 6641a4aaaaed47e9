"""Roles, their scopes, and the parts of a student record each may see."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    SCHOOL_ADMIN = "school_admin", _("School administrator")
    REGISTRAR = "registrar", _("Registrar")
    COUNSELOR = "counselor", _("Counselor")
    NURSE = "nurse", _("Nurse")
    TEACHER = "teacher", _("Teacher")
    GUARDIAN = "guardian", _("Parent or guardian")
    STUDENT = "student", _("Student")


class Scope(models.TextChoices):
    DISTRICT = "district", _("Whole district")
    SCHOOL = "school", _("Students enrolled at the school")
    SECTION = "section", _("Students in the sections taught")
    CASELOAD = "caseload", _("Students on the caseload")
    GUARDIAN_OF = "guardian_of", _("Own children with educational rights")
    SELF = "self", _("Own record")


class TokenScope(models.TextChoices):
    """What an API token may do: ``read`` answers GET; ``write`` is needed for any change."""

    READ = "read", _("Read")
    WRITE = "write", _("Write")


def default_token_scopes() -> list[str]:
    """Read and write: what a token could do before scopes existed (migration 0004)."""
    return [TokenScope.READ.value, TokenScope.WRITE.value]


class Aspect(models.TextChoices):
    """A part of a student's record that is granted or withheld as a whole."""

    IDENTITY = "identity", _("Name, birth date and ids")
    DEMOGRAPHICS = "demographics", _("Gender and language")
    CONTACTS = "contacts", _("Guardians and contacts")
    ENROLLMENT = "enrollment", _("Enrollment history")
    HEALTH = "health", _("Health")
    COUNSELING = "counseling", _("Counseling")
    AUDIT = "audit", _("Record history")


class Sensitivity(models.TextChoices):
    """How narrowly one record is read: a restricted record is read only by the roles
    ``policy.RESTRICTED_READERS`` names for its aspect (a contact under a protective
    order by the office; a confidential health note by the nurse)."""

    NORMAL = "normal", _("Normal")
    RESTRICTED = "restricted", _("Restricted")
