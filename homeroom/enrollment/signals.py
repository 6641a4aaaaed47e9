"""Signals other apps listen to, so enrollment need not know them.

``enrollment_ended`` (sender :class:`~homeroom.enrollment.models.Enrollment`, with
``enrollment`` and ``day``, the first day no longer enrolled) is sent inside the
transaction that ends an enrollment by an exit, a transfer or a no-show; not for a
mid-year grade change, after which the student continues in the next segment at once.
A receiver's writes commit or roll back with the exit itself. Scheduling ends the
student's classes at that school (:mod:`homeroom.scheduling.receivers`).
"""

from __future__ import annotations

from django.dispatch import Signal

enrollment_ended = Signal()
