"""The student record is composed from the apps that hold its parts.

People owns the student's identity; the rest of the record (today's school and grade,
the enrollment history, and later health, counseling, attendance, grades) belongs to
other apps, which sit above people. They plug their parts in here from their
``ready()`` rather than people importing them:

- a *placement reader* answers "where is each of these students today" (enrollment);
- a *panel* is one card on the student page, shown only to viewers granted its aspect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from homeroom.access.choices import Aspect


class RecordView(Protocol):
    """What a panel is given: ``people.selectors.StudentView`` (named by shape here, so
    this module and the selectors do not import each other)."""

    @property
    def student(self) -> Any: ...

    @property
    def editable(self) -> bool: ...

    def may(self, aspect: Aspect) -> bool: ...


@dataclass(frozen=True)
class Placement:
    """Where a student is on a day: their primary school and grade."""

    school_id: int
    school_code: str
    school_name: str
    grade_level: str


PlacementReader = Callable[[list[int], dt.date], dict[int, Placement]]


@dataclass(frozen=True)
class Panel:
    """One card of the student page: ``template`` rendered with ``context(view)``."""

    key: str
    aspect: Aspect
    template: str
    context: Callable[[RecordView], dict[str, Any]]
    order: int = 100


@dataclass(frozen=True)
class ShownPanel:
    key: str
    template: str
    context: dict[str, Any]


_placement_readers: list[PlacementReader] = []
_panels: dict[str, Panel] = {}


def placement_reader(fn: PlacementReader) -> PlacementReader:
    """Register the function that places students (one app does: enrollment)."""
    _placement_readers[:] = [fn]
    return fn


def register_panel(panel: Panel) -> None:
    _panels[panel.key] = panel


def placements(student_ids: Iterable[int], day: dt.date) -> dict[int, Placement]:
    """Each student's placement on ``day``, keyed by id (none known: an empty dict)."""
    ids = list(student_ids)
    if not ids or not _placement_readers:
        return {}
    return _placement_readers[0](ids, day)


def panels_for(view: RecordView) -> list[ShownPanel]:
    """The panels ``view``'s viewer may see, in order, each with its context."""
    shown = sorted(
        (p for p in _panels.values() if view.may(p.aspect)), key=lambda p: (p.order, p.key)
    )
    return [ShownPanel(p.key, p.template, p.context(view)) for p in shown]
