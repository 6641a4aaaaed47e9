"""Students, guardians and staff, with their names stored exactly as given."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from homeroom.access.choices import Sensitivity
from homeroom.lib import names
from homeroom.people.choices import Custody, Gender, HomeLanguage, Relationship, SurveySource

ten_digits = RegexValidator(r"^\d{10}$", "The SSID is exactly 10 digits.")

NAME_FIELDS = (
    "given_name",
    "middle_name",
    "family_name",
    "suffix",
    "preferred_given_name",
    "preferred_family_name",
)


class PersonName(models.Model):
    """Legal and preferred name parts, never re-cased, split or trimmed.

    ``search_key`` is derived: the folded form of every part, kept for matching only;
    ``compact_key`` is the same with each part's inner gaps closed, the key searches use.
    """

    given_name = models.CharField(max_length=names.MAX_NAME_LENGTH)
    middle_name = models.CharField(max_length=names.MAX_NAME_LENGTH, blank=True)
    family_name = models.CharField(max_length=names.MAX_NAME_LENGTH, blank=True)
    suffix = models.CharField(max_length=20, blank=True)
    preferred_given_name = models.CharField(max_length=names.MAX_NAME_LENGTH, blank=True)
    preferred_family_name = models.CharField(max_length=names.MAX_NAME_LENGTH, blank=True)
    search_key = models.CharField(max_length=800, editable=False, db_index=False)
    sort_key = models.CharField(
        max_length=300, editable=False, default="", help_text="Folded shown name, for lists."
    )
    compact_key = models.CharField(
        max_length=800, editable=False, default="", help_text="Folded parts, gaps closed."
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_key = self.build_search_key()
        self.compact_key = names.compact_key(getattr(self, f) for f in NAME_FIELDS)
        self.sort_key = names.sort_key(
            self.preferred_given_name or self.given_name,
            self.preferred_family_name or self.family_name,
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def build_search_key(self) -> str:
        return names.search_key(getattr(self, f) for f in NAME_FIELDS)

    @property
    def display_name(self) -> str:
        return names.display_name(
            self.given_name,
            self.family_name,
            preferred_given=self.preferred_given_name,
            preferred_family=self.preferred_family_name,
            suffix=self.suffix,
        )

    @property
    def legal_name(self) -> str:
        return names.legal_name(self.given_name, self.middle_name, self.family_name, self.suffix)


class StudentNumberCounter(models.Model):
    """The single row that hands out district student numbers; never goes back."""

    next_value = models.BigIntegerField(default=10_000_001)

    def __str__(self) -> str:
        return f"next student number {self.next_value}"


class Student(PersonName):
    """A child the district has ever served. Never deleted; ids are never reused."""

    district_id = models.CharField(max_length=12, unique=True, editable=False)
    identity_key = models.CharField(max_length=400, editable=False, default="")
    duplicate_ordinal = models.PositiveSmallIntegerField(
        default=0,
        editable=False,
        help_text="0, or n for the n-th child confirmed distinct with this name and birth date.",
    )
    # NULL, not "", when absent: the unique constraint applies only to real SSIDs.
    ssid = models.CharField(  # noqa: DJ001
        "state student id", max_length=10, null=True, blank=True, validators=[ten_digits]
    )
    birth_date = models.DateField()
    gender = models.CharField(max_length=1, choices=Gender.choices, blank=True)
    gender_self_description = models.CharField(max_length=100, blank=True)
    home_language = models.CharField(
        max_length=2, choices=HomeLanguage.choices, default=HomeLanguage.ENGLISH
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="student_record",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    sourced_id = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="The id other systems know this student by, for life.",
    )

    audit_student_field: ClassVar[str] = "id"

    class Meta:
        ordering = ["sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ssid"], condition=Q(ssid__isnull=False), name="unique_ssid_when_present"
            ),
            models.UniqueConstraint(
                fields=["identity_key", "birth_date", "duplicate_ordinal"],
                name="one_child_per_name_and_birth_date",
                violation_error_message="A student with this name and birth date exists.",
            ),
        ]
        indexes = [
            models.Index(fields=["birth_date"], name="student_birth_date"),
            models.Index(fields=["search_key"], name="student_search_key"),
            models.Index(fields=["sort_key", "id"], name="student_sort_key"),
        ]

    def save(self, *args: object, **kwargs: object) -> None:
        self.identity_key = names.identity_key(self.given_name, self.family_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("people:student", args=[self.pk])


class Guardian(PersonName):
    """A parent, guardian or caregiver; may sign in to the family portal."""

    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    phone_key = models.CharField(
        max_length=15, blank=True, editable=False, help_text="The phone's digits, for matching."
    )
    preferred_language = models.CharField(
        max_length=2, choices=HomeLanguage.choices, default=HomeLanguage.ENGLISH
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guardian_record",
    )
    sourced_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["phone_key"], name="guardian_phone_key")]

    def save(self, *args: object, **kwargs: object) -> None:
        self.phone_key = names.phone_key(self.phone)
        super().save(*args, **kwargs)


class StudentGuardian(models.Model):
    """How a guardian relates to a student: custody, contact order, rights."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="guardianships")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="guardianships")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    custody = models.CharField(max_length=20, choices=Custody.choices, default=Custody.FULL)
    contact_order = models.PositiveSmallIntegerField(default=1)
    lives_with = models.BooleanField(default=True)
    educational_rights = models.BooleanField(
        default=True, help_text="May see records and make educational decisions (FERPA)."
    )
    emergency_contact = models.BooleanField(default=True)
    pickup_allowed = models.BooleanField(default=True)
    sensitivity = models.CharField(
        max_length=12,
        choices=Sensitivity.choices,
        default=Sensitivity.NORMAL,
        help_text="Restricted: only the school office sees this contact (a protective order).",
    )
    sourced_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    audit_student_field: ClassVar[str] = "student_id"

    class Meta:
        ordering = ["student", "contact_order"]
        constraints = [
            models.UniqueConstraint(fields=["student", "guardian"], name="unique_guardianship"),
        ]

    def __str__(self) -> str:
        return f"{self.guardian} ({self.get_relationship_display()}) of {self.student}"


class Staff(PersonName):
    """An employee; their roles at schools live in ``access.RoleAssignment``."""

    employee_id = models.CharField(max_length=20, unique=True)
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_record",
    )

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name_plural = "staff"


class HomeLanguageSurvey(models.Model):
    """California's Home Language Survey: four questions a parent answers at first enrollment.

    One per student. The answers are CALPADS language codes; the student's home language
    and whether they must take the initial English proficiency assessment (ELPAC) follow
    from them (:mod:`homeroom.people.language` states the rules). A correction changes
    this row, audited with its reason; the survey is never deleted.
    """

    student = models.OneToOneField(
        Student, on_delete=models.PROTECT, related_name="home_language_survey"
    )
    answered_on = models.DateField(help_text="The day the parent or guardian answered.")
    answered_by = models.CharField(
        max_length=200, help_text="Who answered, as they gave their name and relationship."
    )
    first_language = models.CharField(
        "language first learned", max_length=2, choices=HomeLanguage.choices
    )
    child_home_language = models.CharField(
        "language the child most often speaks at home", max_length=2, choices=HomeLanguage.choices
    )
    language_with_child = models.CharField(
        "language the parents most often use with the child",
        max_length=2,
        choices=HomeLanguage.choices,
    )
    adults_language = models.CharField(
        "language the adults at home most often speak",
        max_length=2,
        choices=HomeLanguage.choices,
    )
    source = models.CharField(
        max_length=20,
        choices=SurveySource.choices,
        help_text="Where the answers were given: the family's pre-registration or the office.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The staff member who entered or accepted the answers.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_student_field: ClassVar[str] = "student_id"

    def __str__(self) -> str:
        return f"home language survey of {self.student_id} ({self.answered_on})"

    @property
    def answers(self) -> tuple[str, str, str, str]:
        """The four answers in the survey's order."""
        return (
            self.first_language,
            self.child_home_language,
            self.language_with_child,
            self.adults_language,
        )

    @property
    def needs_english_assessment(self) -> bool:
        """A language other than English in any of the first three answers: the student
        takes the initial ELPAC (unless earlier California records already classify them)."""
        return any(a != HomeLanguage.ENGLISH for a in self.answers[:3])

    @property
    def derived_home_language(self) -> str:
        """The first answer, in the survey's order, that is not English; else English."""
        return next((a for a in self.answers if a != HomeLanguage.ENGLISH), HomeLanguage.ENGLISH)
