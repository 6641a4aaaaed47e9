"""Effective-dated enrollment: which school a student attends on which dates."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar, Self, TypeVar

from django.db import models
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from homeroom.districts.choices import GradeLevel
from homeroom.districts.models import School
from homeroom.enrollment.choices import EnrollmentStatus, ExitReason
from homeroom.people.models import Student

_Dated = TypeVar("_Dated", bound=models.Model)


class DatedQuerySet(QuerySet[_Dated]):
    """Rows in force from ``entry_date`` until ``exit_date``, asked about by day.

    ``exit_date`` is exclusive: the first day the row no longer holds. The one place
    that says so for enrollments and roster rows (``scheduling.SectionEnrollment``);
    ``in_force`` and ``not_ended`` give the same conditions through a relation
    (``via``, e.g. ``"roster"`` from a section) for counts and ``Exists``.
    """

    @staticmethod
    def not_ended(day: dt.date, via: str = "") -> Q:
        """Not yet ended on ``day``: in force then, or starting later."""
        p = f"{via}__" if via else ""
        return Q(**{f"{p}exit_date__isnull": True}) | Q(**{f"{p}exit_date__gt": day})

    @classmethod
    def in_force(cls, day: dt.date, via: str = "") -> Q:
        """In force on ``day``: entered on or before it, not yet ended."""
        p = f"{via}__" if via else ""
        return Q(**{f"{p}entry_date__lte": day}) & cls.not_ended(day, via)

    def on(self, day: dt.date) -> Self:
        """Rows in force on ``day``."""
        return self.filter(self.in_force(day))

    def current_or_upcoming(self, day: dt.date) -> Self:
        """Rows in force on ``day`` or starting after it."""
        return self.filter(self.not_ended(day))


class EnrollmentQuerySet(DatedQuerySet["Enrollment"]):
    def primary(self) -> EnrollmentQuerySet:
        return self.filter(status=EnrollmentStatus.PRIMARY)


class Enrollment(models.Model):
    """A student's enrollment at one school from ``entry_date`` until ``exit_date``.

    ``exit_date`` is exclusive: the first day the student no longer attends.
    """

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="enrollments")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="enrollments")
    grade_level = models.CharField(max_length=2, choices=GradeLevel.choices)
    status = models.CharField(
        max_length=2, choices=EnrollmentStatus.choices, default=EnrollmentStatus.PRIMARY
    )
    entry_date = models.DateField()
    exit_date = models.DateField(null=True, blank=True)
    exit_reason = models.CharField(max_length=5, choices=ExitReason.choices, blank=True)
    arrived_on = models.DateField(
        null=True, blank=True, help_text="First day the student was seen at school."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    sourced_id = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Each enrollment its own: next year's, made by the rollover, gets a new one.",
    )

    objects = EnrollmentQuerySet.as_manager()

    audit_student_field: ClassVar[str] = "student_id"

    class Meta:
        ordering = ["student", "entry_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exit_date__isnull=True)
                | Q(exit_date__gt=F("entry_date"))
                | Q(exit_date=F("entry_date"), exit_reason="N470"),
                name="enrollment_exits_after_entry",
            ),
            models.CheckConstraint(
                condition=Q(exit_date__isnull=True, exit_reason="")
                | Q(exit_date__isnull=False) & ~Q(exit_reason=""),
                name="enrollment_exit_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "entry_date"], name="enrollment_school_entry"),
            models.Index(fields=["student", "entry_date"], name="enrollment_student_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.student} at {self.school} from {self.entry_date}"

    @property
    def is_no_show(self) -> bool:
        return self.exit_reason == ExitReason.NO_SHOW

    def in_force_on(self, day: dt.date) -> bool:
        return self.entry_date <= day and (self.exit_date is None or self.exit_date > day)


class ClaimKind(models.TextChoices):
    ENROLLMENT = "enrollment", _("Secondary or short-term enrollment")
    TRANSFER = "transfer", _("Transfer in")


class ClaimState(models.TextChoices):
    PENDING = "pending", _("Waiting for the current school")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class EnrollmentClaim(models.Model):
    """A school asks to enroll, or take in, a student whose record another school holds.

    Nobody gains a student's record by enrolling them: the request states a reason, is
    written to the disclosure log with it, and is shown to the school the student attends
    (``from_school``). It takes effect when that school or the district confirms, or at
    once when the district's ``receiving_school_access`` says so.
    """

    kind = models.CharField(max_length=12, choices=ClaimKind.choices)
    state = models.CharField(max_length=10, choices=ClaimState.choices, default="pending")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="claims")
    from_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    to_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    grade_level = models.CharField(max_length=2, choices=GradeLevel.choices)
    status = models.CharField(max_length=2, choices=EnrollmentStatus.choices)
    entry_date = models.DateField(help_text="First day at the receiving school.")
    reason = models.CharField(max_length=300)
    requested_by = models.ForeignKey(
        "access.User", null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        "access.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)
    enrollment = models.ForeignKey(
        Enrollment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    audit_student_field: ClassVar[str] = "student_id"

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["from_school", "state"], name="claim_from_state"),
            models.Index(fields=["to_school", "state"], name="claim_to_state"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.student_id} to {self.to_school_id}"


class PreRegistrationStatus(models.TextChoices):
    STARTED = "started", "started"
    VERIFIED = "verified", "verified"
    SUBMITTED = "submitted", "submitted"
    COMPLETED = "completed", "completed"
    CANCELLED = "cancelled", "cancelled"


class PreRegistration(models.Model):
    """A family's online pre-registration, before they come to the counter.

    The family proves an email address or phone number with a one-time code; no
    account is needed. ``public_id`` is the only handle the family ever sees.
    """

    public_id = models.UUIDField(unique=True, editable=False)
    status = models.CharField(
        max_length=10, choices=PreRegistrationStatus.choices, default=PreRegistrationStatus.STARTED
    )
    language = models.CharField(max_length=8, default="en")
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    code_digest = models.CharField(max_length=64)
    code_sent_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="preregistrations"
    )
    grade_level = models.CharField(max_length=2, choices=GradeLevel.choices, blank=True)
    child = models.JSONField(default=dict, blank=True, help_text="Child's names, birth date ...")
    guardian = models.JSONField(default=dict, blank=True, help_text="Guardian's names, phone ...")
    address = models.CharField(max_length=300, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    student = models.ForeignKey(
        Student, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "school"], name="prereg_status_school")]

    def __str__(self) -> str:
        child = self.child.get("given_name", "?")
        return f"Pre-registration {str(self.public_id)[:8]} ({child}, {self.status})"


class DocumentKind(models.TextChoices):
    PROOF_OF_ADDRESS = "proof_of_address", _("Proof of address")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate or proof of age")
    IMMUNIZATION = "immunization_record", _("Immunization record")


class DocumentCheck(models.Model):
    """A registrar saw a document: which kind, the date on it, who checked, when."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="documents")
    preregistration = models.ForeignKey(
        PreRegistration, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    document_date = models.DateField(null=True, blank=True, help_text="The date on the document.")
    checked_on = models.DateField()
    checked_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, related_name="+", null=True
    )
    notes = models.CharField(max_length=300, blank=True)

    audit_student_field: ClassVar[str] = "student_id"

    class Meta:
        ordering = ["student", "kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} checked {self.checked_on}"
