"""Scheduling's answers to other apps' signals (connected in ``SchedulingConfig.ready``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from homeroom.enrollment.models import Enrollment
from homeroom.scheduling.models import SectionEnrollment


def end_classes(
    sender: type[Enrollment], *, enrollment: Enrollment, day: dt.date, **kwargs: Any
) -> None:
    """The student left ``enrollment``'s school on ``day``: end their classes there too,
    unless another enrollment keeps them at that school. A roster row left open would
    keep a seat taken (and, before the teacher's scope asked for a current enrollment,
    the student visible to the teacher)."""
    stays = (
        Enrollment.objects.current_or_upcoming(day)
        .filter(student_id=enrollment.student_id, school_id=enrollment.school_id)
        .exclude(pk=enrollment.pk)
    )
    if stays.exists():
        return
    open_rows = SectionEnrollment.objects.current_or_upcoming(day).filter(
        student_id=enrollment.student_id, section__course__school_id=enrollment.school_id
    )
    for class_row in open_rows.select_for_update():
        class_row.exit_date = max(day, class_row.entry_date)
        class_row.save(update_fields=["exit_date"])
