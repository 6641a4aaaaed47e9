"""The "nobody lost" report: every student who may have fallen through a crack.

For a date and a set of schools (one school, or the district) it lists:

- ``no_schedule``: primary enrollment in force, no open roster row at that school;
- ``incomplete_schedule``: fewer sections than a full day at that level
  (``settings.HOMEROOM_FULL_SCHEDULE_SECTIONS``). Once the scheduling engine's results
  are stored, this reads the student's unfulfilled requests instead (docs/enrollment.md);
- ``transfer_not_received``: exited with a transfer within the district and enrolled
  nowhere since;
- ``not_continued``: exited at year end as continuing (E155), e.g. promoted from a
  feeder school, and enrolled nowhere since;
- ``preregistered``: a family's pre-registration submitted but not completed;
- ``primary_at_two``: two primary enrollments in force at once (the database forbids
  it; the row exists to prove nothing slipped past an import);
- ``probable_no_show``: enrolled for more than the grace days with no arrival recorded.

Each row names the student and the page that fixes it. Every student the page shows is
written to the disclosure log as one row (:func:`disclose`); pre-registered children
have no student record yet and are not in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from homeroom.audit.services import disclosure_record_many
from homeroom.districts.models import School
from homeroom.enrollment.choices import ExitReason
from homeroom.enrollment.models import DatedQuerySet, Enrollment, PreRegistration
from homeroom.enrollment.selectors import preregistrations_waiting

KINDS = (
    "no_schedule",
    "incomplete_schedule",
    "transfer_not_received",
    "not_continued",
    "preregistered",
    "primary_at_two",
    "probable_no_show",
)


@dataclass(frozen=True)
class Row:
    kind: str
    school: str
    student_id: int | None
    student_name: str
    detail: str
    student_url: str
    fix_url: str
    fix_label: str


Found = tuple[list[Row], dict[str, int]]


def _in_force(day: dt.date, schools: list[School]) -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.primary()
        .on(day)
        .filter(school__in=schools)
        .select_related("student", "school")
    )


def _row(kind: str, e: Enrollment, detail: str, fix_url: str, fix_label: str) -> Row:
    return Row(
        kind=kind,
        school=e.school.name,
        student_id=e.student_id,
        student_name=e.student.display_name,
        detail=detail,
        student_url=reverse("people:student", args=[e.student_id]),
        fix_url=fix_url,
        fix_label=fix_label,
    )


def _with_sections(day: dt.date, schools: list[School]) -> QuerySet[Enrollment]:
    on_roster = Q(
        student__section_enrollments__section__course__school=F("school_id")
    ) & DatedQuerySet.in_force(day, via="student__section_enrollments")
    return _in_force(day, schools).annotate(
        sections=Count("student__section_enrollments", filter=on_roster)
    )


def _short_of_full() -> Q:
    full = settings.HOMEROOM_FULL_SCHEDULE_SECTIONS
    q = Q(pk__in=[])
    for level, need in full.items():
        q |= Q(school__level=level, sections__lt=need)
    return q & Q(sections__gt=0)


def _schedule_rows(day: dt.date, schools: list[School], limit: int) -> Found:
    full = settings.HOMEROOM_FULL_SCHEDULE_SECTIONS
    order = ("school__name", "student__sort_key", "student_id")
    none = _with_sections(day, schools).filter(Q(sections=0)).order_by(*order)
    short = _with_sections(day, schools).filter(_short_of_full()).order_by(*order)
    rows = [
        _row(
            "no_schedule",
            e,
            _("no classes"),
            reverse("scheduling:placement", args=[e.pk]),
            _("Place in classes"),
        )
        for e in none[:limit]
    ] + [
        _row(
            "incomplete_schedule",
            e,
            _("%(n)s of %(need)s classes")
            % {"n": getattr(e, "sections", 0), "need": full.get(e.school.level, 1)},
            reverse("scheduling:placement", args=[e.pk]),
            _("Add classes"),
        )
        for e in short[:limit]
    ]
    return rows, {"no_schedule": none.count(), "incomplete_schedule": short.count()}


def _later_enrollment() -> Exists:
    return Exists(
        Enrollment.objects.filter(
            student=OuterRef("student_id"), entry_date__gte=OuterRef("exit_date")
        ).exclude(pk=OuterRef("pk"))
    )


GAPS = {
    ExitReason.TRANSFER_IN_DISTRICT: (
        "transfer_not_received",
        gettext_lazy("transferred out on %(date)s"),
    ),
    ExitReason.YEAR_END: (
        "not_continued",
        gettext_lazy("left at year end on %(date)s, no next enrollment"),
    ),
}


def _gap_rows(day: dt.date, schools: list[School], limit: int) -> Found:
    rows: list[Row] = []
    counts: dict[str, int] = {}
    for reason, (kind, text) in GAPS.items():
        exits = (
            Enrollment.objects.filter(school__in=schools, exit_reason=reason, exit_date__lte=day)
            .exclude(_later_enrollment())
            .select_related("student", "school")
            .order_by("exit_date", "id")
        )
        counts[kind] = exits.count()
        rows += [
            _row(
                kind,
                e,
                str(text) % {"date": e.exit_date},
                reverse("enrollment:enroll", args=[e.student_id]),
                _("Enroll"),
            )
            for e in exits[:limit]
        ]
    return rows, counts


def _two_primaries(day: dt.date, schools: list[School], limit: int) -> Found:
    doubled = (
        Enrollment.objects.primary()
        .on(day)
        .values("student_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values("student_id")
    )
    found = _in_force(day, schools).filter(student_id__in=doubled).order_by("student_id")
    rows = [
        _row(
            "primary_at_two",
            e,
            _("also primary elsewhere on %(date)s") % {"date": day},
            reverse("enrollment:manage", args=[e.pk]),
            _("Exit one"),
        )
        for e in found[:limit]
    ]
    return rows, {"primary_at_two": found.count()}


def _no_shows(day: dt.date, schools: list[School], limit: int) -> Found:
    grace = dt.timedelta(days=settings.HOMEROOM_NO_SHOW_AFTER_DAYS)
    found = (
        _in_force(day, schools)
        .filter(arrived_on__isnull=True, entry_date__lte=day - grace)
        .order_by("entry_date", "id")
    )
    rows = [
        _row(
            "probable_no_show",
            e,
            _("entered %(date)s, never seen") % {"date": e.entry_date},
            reverse("enrollment:manage", args=[e.pk]),
            _("Mark arrived or no-show"),
        )
        for e in found[:limit]
    ]
    return rows, {"probable_no_show": found.count()}


def _prereg_row(p: PreRegistration) -> Row:
    name = " ".join(x for x in (p.child.get("given_name", ""), p.child.get("family_name", "")) if x)
    return Row(
        kind="preregistered",
        school=p.school.name if p.school else "",
        student_id=None,
        student_name=name,
        detail=_("submitted %(date)s") % {"date": f"{p.submitted_at:%Y-%m-%d}"}
        if p.submitted_at
        else _("submitted"),
        student_url="",
        fix_url=reverse("enrollment:prereg", args=[p.public_id]),
        fix_label=_("Complete enrollment"),
    )


def _preregistered(schools: list[School], limit: int) -> Found:
    pending = preregistrations_waiting(schools)
    return [_prereg_row(p) for p in pending[:limit]], {"preregistered": pending.count()}


@dataclass
class Report:
    day: dt.date
    counts: dict[str, int]
    rows: dict[str, list[Row]]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def nobody_lost(*, day: dt.date, schools: Iterable[School], limit: int = 200) -> Report:
    """The report for ``day`` over ``schools``: a count of every kind and its first rows."""
    chosen = list(schools)
    report = Report(day=day, counts=dict.fromkeys(KINDS, 0), rows={k: [] for k in KINDS})
    parts = (
        _schedule_rows(day, chosen, limit),
        _gap_rows(day, chosen, limit),
        _two_primaries(day, chosen, limit),
        _no_shows(day, chosen, limit),
        _preregistered(chosen, limit),
    )
    for rows, counts in parts:
        report.counts.update(counts)
        for row in rows:
            report.rows[row.kind].append(row)
    return report


def disclose(report: Report, *, user: AbstractBaseUser | AnonymousUser) -> None:
    """Log the report as one read naming every student in its rows."""
    ids = [r.student_id for rows in report.rows.values() for r in rows if r.student_id]
    disclosure_record_many(
        student_ids=ids,
        aspects=("identity", "enrollment"),
        purpose=f"web: nobody-lost report for {report.day.isoformat()}",
        user=user,
    )
