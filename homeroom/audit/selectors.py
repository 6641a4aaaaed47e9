"""Reading the audit trail of one student."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from homeroom.audit.models import AuditEvent, Disclosure


def student_history(student_id: int, guardian_ids: list[int] | None = None) -> QuerySet[AuditEvent]:
    """Changes to the student's records, newest first, including their guardians' records."""
    q = Q(student_id=student_id)
    if guardian_ids:
        q |= Q(model="people.guardian", object_id__in=[str(g) for g in guardian_ids])
    return AuditEvent.objects.filter(q).order_by("-at", "-id")


def student_disclosures(student_id: int) -> QuerySet[Disclosure]:
    """Every read that named the student, newest first: profiles, lists, reports, refusals.

    Answered from the named-student rows (index ``disclosure_named_student``).
    """
    return Disclosure.objects.filter(named__student_id=student_id).order_by("-at", "-id")
