"""Enrollment's parts of the student record: where a student is today (placement)
and the enrollment history card on the student page. Registered from ``ready()``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from homeroom.access.choices import Aspect
from homeroom.enrollment.selectors import current_enrollments, enrollments_of
from homeroom.people.record import Panel, Placement, RecordView, placement_reader, register_panel


@placement_reader
def place(student_ids: list[int], day: dt.date) -> dict[int, Placement]:
    """Each student's primary school and grade on ``day`` (one query)."""
    return {
        sid: Placement(e.school_id, e.school.code, e.school.name, e.grade_level)
        for sid, e in current_enrollments(student_ids, day).items()
    }


def _history(view: RecordView) -> dict[str, Any]:
    return {"enrollments": list(enrollments_of(view.student))}


register_panel(
    Panel(
        key="enrollment",
        aspect=Aspect.ENROLLMENT,
        template="enrollment/_student_panel.html",
        context=_history,
        order=10,
    )
)
