"""The record history in words: one sentence per audit event, in the reader's language.

The audit trail stores what changed as ``{field: [before, after]}`` under a model label
(``people.studentguardian``) with codes and ids (``"01"``, ``42``): exact, and what an
auditor needs, but not something a registrar can read. :func:`describe` turns a page of
events into sentences ("Guardian added: María Ibáñez (mother, full custody)"):

- field names are the models' verbose names, coded values their choices' labels, both
  through gettext; dates are formatted for the active language; secrets stay
  "(set)"/"(changed)", as the trail stored them;
- foreign keys name the record they point to (a school, a guardian, a class), fetched
  in bulk: one query per kind of record named, whatever the number of events.

The audit core knows no app, and people must not import the apps above it, so models
are found by label (``django.apps``) at run time, and each kind of event gets its
sentence from a describer registered here by label with :func:`describer`. An app
added later may register its own from its ``ready()``; a model nobody describes gets a
plain "<Model> changed: <field>: <before> → <after>".
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from homeroom.access.choices import Role
from homeroom.access.models import RoleAssignment
from homeroom.audit.models import Action, AuditEvent
from homeroom.audit.recorder import CHANGED, SET
from homeroom.lib import names
from homeroom.people.models import NAME_FIELDS

# Verbose names and choice labels the models leave untranslated: marked here so that
# `make messages` extracts them; :func:`_t` looks every one up at run time.
gettext_noop("given name")
gettext_noop("middle name")
gettext_noop("family name")
gettext_noop("suffix")
gettext_noop("preferred given name")
gettext_noop("preferred family name")
gettext_noop("birth date")
gettext_noop("gender")
gettext_noop("gender self description")
gettext_noop("home language")
gettext_noop("preferred language")
gettext_noop("email")
gettext_noop("phone")
gettext_noop("user")
gettext_noop("relationship")
gettext_noop("custody")
gettext_noop("contact order")
gettext_noop("lives with")
gettext_noop("educational rights")
gettext_noop("emergency contact")
gettext_noop("pickup allowed")
gettext_noop("sensitivity")
gettext_noop("school")
gettext_noop("grade level")
gettext_noop("status")
gettext_noop("entry date")
gettext_noop("exit date")
gettext_noop("exit reason")
gettext_noop("arrived on")
gettext_noop("section")
gettext_noop("counselor")
gettext_noop("kind")
gettext_noop("document date")
gettext_noop("checked on")
gettext_noop("checked by")
gettext_noop("notes")
gettext_noop("preregistration")
gettext_noop("state")
gettext_noop("from school")
gettext_noop("to school")
gettext_noop("reason")
gettext_noop("requested by")
gettext_noop("requested at")
gettext_noop("decided by")
gettext_noop("decided at")
gettext_noop("decision note")
gettext_noop("enrollment")
gettext_noop("student")
gettext_noop("guardian")
gettext_noop("student guardian")
gettext_noop("caseload assignment")
gettext_noop("document check")
gettext_noop("enrollment claim")
gettext_noop("section enrollment")

EMPTY = "—"
Describer = Callable[["Facts"], str]


def _t(text: object) -> str:
    """``text`` in the active language: lazy labels translate themselves, plain ones here."""
    return _(str(text)) if isinstance(text, str) else str(text)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@dataclass(frozen=True)
class _Kind:
    describe: Describer
    refs: tuple[str, ...]


_DESCRIBERS: dict[str, _Kind] = {}


def describer(label: str, *, refs: Sequence[str] = ()) -> Callable[[Describer], Describer]:
    """Register the sentence for events of model ``label`` (``app.model``, lower case).

    ``refs`` names the foreign keys (attribute names, ``school_id``) the sentence shows:
    they are fetched in bulk for the whole page before any sentence is written.
    """

    def register(fn: Describer) -> Describer:
        _DESCRIBERS[label] = _Kind(fn, tuple(refs))
        return fn

    return register


# ---- what the page and the API get ---------------------------------------------------


@dataclass(frozen=True)
class Described:
    """One event, readable: what happened, by whom; ``raw`` keeps the stored values."""

    event: AuditEvent
    text: str
    actor: str
    raw: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        """The whole event in one sentence: what, by whom, and why when a reason was given."""
        if self.event.reason:
            return _("%(what)s (by %(who)s, reason: %(reason)s)") % {
                "what": self.text,
                "who": self.actor,
                "reason": self.event.reason,
            }
        return _("%(what)s (by %(who)s)") % {"what": self.text, "who": self.actor}


def describe(events: Iterable[AuditEvent]) -> list[Described]:
    """Each event as a sentence in the active language; a constant number of queries."""
    events = list(events)
    refs = _Refs.load(events)
    return [
        Described(event=e, text=_text(Facts(e, refs)), actor=refs.actor(e), raw=raw_changes(e))
        for e in events
    ]


def raw_changes(event: AuditEvent) -> list[tuple[str, str, str]]:
    """The stored ``(field, before, after)`` as JSON text, for auditors.

    A field empty before and after (blank at creation) says nothing and is left out.
    """
    return [
        (name, json.dumps(pair[0], ensure_ascii=False), json.dumps(pair[1], ensure_ascii=False))
        for name, pair in sorted(event.changes.items())
        if pair[0] not in (None, "") or pair[1] not in (None, "")
    ]


def _text(facts: Facts) -> str:
    kind = _DESCRIBERS.get(facts.event.model)
    return kind.describe(facts) if kind else _generic(facts)


# ---- the records an event names, fetched once per page -------------------------------


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _fk(model: type[models.Model] | None, name: str) -> models.ForeignKey[Any, Any] | None:
    f = _field(model, name)
    return f if isinstance(f, models.ForeignKey) else None


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


# How a referenced record is named: the relations to fetch with it, and its name.
_SHOWN: dict[str, tuple[tuple[str, ...], Callable[[Any], str]]] = {
    "people.student": ((), lambda o: o.display_name),
    "people.guardian": ((), lambda o: o.display_name),
    "districts.school": ((), lambda o: o.name),
    "scheduling.section": (
        ("course", "period"),
        lambda o: f"{o.course.title} ({o.period.name})" if o.period else o.course.title,
    ),
    "access.user": (("staff_record", "guardian_record"), lambda o: _person_of(o)),
}


def _person_of(user: Any) -> str:
    for attr in ("staff_record", "guardian_record"):
        person = getattr(user, attr, None)
        if person is not None:
            return str(person.display_name)
    return str(user.get_full_name() or user.username)


# Actors that are no user (audit.context): said in the reader's language.
_UNNAMED: dict[str, Callable[[], str]] = {
    "system": lambda: _("the system"),
    "anonymous": lambda: _("someone not signed in"),
}


@dataclass
class _Refs:
    """Current rows of updated records, and the records events point to, by label and id."""

    current: dict[tuple[str, str], models.Model]
    shown: dict[tuple[str, str], str]
    roles: dict[str, str]

    @classmethod
    def load(cls, events: list[AuditEvent]) -> _Refs:
        current = _load_current(events)
        wanted: dict[str, set[str]] = defaultdict(set)
        for e in events:
            for related, value in _references(e, current.get((e.model, e.object_id))):
                wanted[related].add(value)
            if e.actor_id is not None:
                wanted["access.user"].add(str(e.actor_id))
        shown = {key: name for label, ids in wanted.items() for key, name in _names(label, ids)}
        return cls(current, shown, _roles(wanted.get("access.user", set())))

    def name(self, label: str, value: Any) -> str:
        return self.shown.get((label, str(value)), f"#{value}")

    def actor(self, event: AuditEvent) -> str:
        if event.actor_id is None:
            unnamed = _UNNAMED.get(event.actor_label)
            return unnamed() if unnamed else event.actor_label
        who = self.shown.get(("access.user", str(event.actor_id)), event.actor_label)
        role = self.roles.get(str(event.actor_id))
        return f"{who} ({role})" if role else who


def _load_current(events: list[AuditEvent]) -> dict[tuple[str, str], models.Model]:
    """Today's row of each record that an update event names (one query per model).

    Creates and deletes carry every field in their changes; an update only the fields
    that changed, so the sentence takes the rest (whose guardianship?) from the row.
    """
    ids: dict[str, set[str]] = defaultdict(set)
    for e in events:
        if e.action == Action.UPDATE:
            ids[e.model].add(e.object_id)
    found: dict[tuple[str, str], models.Model] = {}
    for label, pks in ids.items():
        model = _model(label)
        if model is not None:
            for obj in model._default_manager.filter(pk__in=pks):
                found[(label, str(obj.pk))] = obj
    return found


def _references(event: AuditEvent, row: models.Model | None) -> Iterable[tuple[str, str]]:
    """``(related label, id)`` for each foreign key the event's sentence may show."""
    model = _model(event.model)
    kind = _DESCRIBERS.get(event.model)
    names_ = set(kind.refs if kind else ())
    if event.action == Action.UPDATE:  # its sentence lists the changed fields
        names_ |= set(event.changes)
    for name in names_:
        fk = _fk(model, name)
        if fk is None:
            continue
        related = fk.related_model._meta.label_lower
        values = list(event.changes.get(name, ()))
        if row is not None:
            values.append(getattr(row, fk.attname))
        for value in values:
            if value is not None and value != "":
                yield related, str(value)


def _names(label: str, ids: set[str]) -> Iterable[tuple[tuple[str, str], str]]:
    model = _model(label)
    if model is None or not ids:
        return []
    related, name = _SHOWN.get(label, ((), str))
    rows = model._default_manager.filter(pk__in=ids).select_related(*related)
    return [((label, str(o.pk)), name(o)) for o in rows]


def _roles(user_ids: set[str]) -> dict[str, str]:
    """Each acting user's broadest role, named (one query for all)."""
    if not user_ids:
        return {}
    held: dict[str, set[str]] = defaultdict(set)
    rows = RoleAssignment.objects.filter(user_id__in=user_ids).values_list("user_id", "role")
    for user_id, role in rows:
        held[str(user_id)].add(role)
    return {
        uid: str(next(r.label for r in Role if r.value in roles))
        for uid, roles in held.items()
        if roles
    }


# ---- one event ----------------------------------------------------------------------


class Facts:
    """What a describer reads about one event: its fields, readable, and its changes."""

    def __init__(self, event: AuditEvent, refs: _Refs) -> None:
        self.event = event
        self.refs = refs
        self.model = _model(event.model)
        self.row = refs.current.get((event.model, event.object_id))

    @property
    def action(self) -> str:
        return self.event.action

    def changed(self, name: str) -> bool:
        return name in self.event.changes

    def default(self, name: str) -> Any:
        """The field's default (an enrollment's usual status), to leave the usual unsaid."""
        f = _field(self.model, name)
        return f.get_default() if f is not None else None

    def value(self, name: str) -> Any:
        """The field's value after the event (before it, for a delete)."""
        if name in self.event.changes:
            before, after = self.event.changes[name]
            return before if self.action == Action.DELETE else after
        if self.row is not None:
            return getattr(self.row, name, None)
        return None

    def shown(self, name: str, value: Any = None) -> str:
        """The field's value after the event (or ``value``), as a reader says it."""
        return shown_value(self.model, name, self.value(name) if value is None else value, self)

    def person(self) -> str:
        """The name of the person the event is about (a student or guardian row)."""
        parts = [self.value(n) or "" for n in NAME_FIELDS]
        return names.display_name(
            parts[0], parts[2], preferred_given=parts[4], preferred_family=parts[5], suffix=parts[3]
        )

    def changes(self, skip: Iterable[str] = ()) -> str:
        """``Label: before → after`` for each changed field, joined by semicolons."""
        left = set(skip)
        items = [
            f"{label_of(self.model, n)}: {shown_value(self.model, n, b, self)} → "
            f"{shown_value(self.model, n, a, self)}"
            for n, (b, a) in sorted(self.event.changes.items())
            if n not in left and (b not in (None, "") or a not in (None, ""))
        ]
        return "; ".join(items) or _("no visible change")


def label_of(model: type[models.Model] | None, name: str) -> str:
    """A field's name for readers: its verbose name, translated."""
    f = _field(model, name)
    if f is None or not hasattr(f, "verbose_name"):
        return capfirst(name.removesuffix("_id").replace("_", " "))
    return capfirst(_t(f.verbose_name))


def shown_value(model: type[models.Model] | None, name: str, value: Any, facts: Facts) -> str:
    """One stored value as a reader says it: a label, a name, a date, yes or no."""
    if value is None or value == "":
        return EMPTY
    if value in (SET, CHANGED):
        return _("(set)") if value == SET else _("(changed)")
    f = _field(model, name)
    if isinstance(f, models.ForeignKey):
        return facts.refs.name(f.related_model._meta.label_lower, value)
    if f is not None and f.choices:
        return _t(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField) or isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(f, models.DateTimeField):
        return _datetime(value)
    if isinstance(f, models.DateField):
        return _date(value)
    if isinstance(value, dict):
        return ", ".join(str(v) for v in value.values() if v not in (None, "")) or EMPTY
    return str(value)


def _date(value: Any) -> str:
    day = value if isinstance(value, dt.date) else parse_date(str(value))
    return date_format(day, "DATE_FORMAT") if day else str(value)


def _datetime(value: Any) -> str:
    moment = value if isinstance(value, dt.datetime) else parse_datetime(str(value))
    if moment is None:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "DATETIME_FORMAT")


def _generic(facts: Facts) -> str:
    what = capfirst(_t(facts.model._meta.verbose_name)) if facts.model else facts.event.model
    if facts.action == Action.CREATE:
        return _("%(what)s created") % {"what": what}
    if facts.action == Action.DELETE:
        return _("%(what)s deleted") % {"what": what}
    return _("%(what)s changed: %(changes)s") % {"what": what, "changes": facts.changes()}


# ---- the student record's events ----------------------------------------------------


@describer("people.student")
def _student(facts: Facts) -> str:
    if facts.action == Action.CREATE:
        return _("Record created: %(name)s, born %(birth)s") % {
            "name": facts.person(),
            "birth": facts.shown("birth_date"),
        }
    if facts.action == Action.DELETE:
        return _("Record deleted: %(name)s") % {"name": facts.person()}
    return facts.changes()


@describer("people.guardian")
def _guardian(facts: Facts) -> str:
    name = facts.person()
    if facts.action == Action.CREATE:
        return _("Guardian record created: %(name)s") % {"name": name}
    if facts.action == Action.DELETE:
        return _("Guardian record deleted: %(name)s") % {"name": name}
    return _("Guardian %(name)s: %(changes)s") % {"name": name, "changes": facts.changes()}


@describer("people.studentguardian", refs=("guardian_id",))
def _guardianship(facts: Facts) -> str:
    name = facts.shown("guardian_id")
    if facts.action == Action.CREATE:
        return _("Guardian added: %(name)s (%(relationship)s, %(custody)s)") % {
            "name": name,
            "relationship": _lower_first(facts.shown("relationship")),
            "custody": _lower_first(facts.shown("custody")),
        }
    if facts.action == Action.DELETE:
        return _("Guardian removed: %(name)s") % {"name": name}
    return _("Guardianship of %(name)s: %(changes)s") % {"name": name, "changes": facts.changes()}


@describer("enrollment.enrollment", refs=("school_id",))
def _enrollment(facts: Facts) -> str:
    school = facts.shown("school_id")
    if facts.action == Action.CREATE:
        text = _("Enrolled at %(school)s, grade %(grade)s, from %(date)s") % {
            "school": school,
            "grade": facts.shown("grade_level"),
            "date": facts.shown("entry_date"),
        }
        if facts.value("status") == facts.default("status"):
            return text
        return f"{text} ({_lower_first(facts.shown('status'))})"
    if facts.action == Action.UPDATE and facts.changed("exit_date") and facts.value("exit_date"):
        text = _("Exited %(school)s on %(date)s: %(reason)s") % {
            "school": school,
            "date": facts.shown("exit_date"),
            "reason": facts.shown("exit_reason"),
        }
        rest = set(facts.event.changes) - {"exit_date", "exit_reason"}
        return f"{text}; {facts.changes(skip=('exit_date', 'exit_reason'))}" if rest else text
    if facts.action == Action.DELETE:
        return _("Enrollment at %(school)s deleted") % {"school": school}
    return _("Enrollment at %(school)s: %(changes)s") % {
        "school": school,
        "changes": facts.changes(),
    }


@describer("scheduling.sectionenrollment", refs=("section_id",))
def _roster(facts: Facts) -> str:
    section = facts.shown("section_id")
    if facts.action == Action.CREATE:
        return _("Placed in %(section)s from %(date)s") % {
            "section": section,
            "date": facts.shown("entry_date"),
        }
    if facts.action == Action.UPDATE and facts.changed("exit_date") and facts.value("exit_date"):
        return _("Dropped from %(section)s on %(date)s") % {
            "section": section,
            "date": facts.shown("exit_date"),
        }
    if facts.action == Action.DELETE:
        return _("Removed from %(section)s") % {"section": section}
    return _("Class %(section)s: %(changes)s") % {"section": section, "changes": facts.changes()}


@describer("counseling.caseloadassignment", refs=("counselor_id",))
def _caseload(facts: Facts) -> str:
    counselor = facts.shown("counselor_id")
    if facts.action == Action.CREATE:
        return _("Added to the caseload of %(counselor)s") % {"counselor": counselor}
    if facts.action == Action.DELETE:
        return _("Removed from the caseload of %(counselor)s") % {"counselor": counselor}
    return _("Caseload of %(counselor)s: %(changes)s") % {
        "counselor": counselor,
        "changes": facts.changes(),
    }


@describer("enrollment.documentcheck", refs=("checked_by_id",))
def _document(facts: Facts) -> str:
    kind = facts.shown("kind")
    if facts.action == Action.CREATE:
        if facts.value("document_date"):
            return _("Document checked: %(kind)s, dated %(date)s") % {
                "kind": kind,
                "date": facts.shown("document_date"),
            }
        return _("Document checked: %(kind)s") % {"kind": kind}
    if facts.action == Action.DELETE:
        return _("Document check removed: %(kind)s") % {"kind": kind}
    return _("Document %(kind)s: %(changes)s") % {"kind": kind, "changes": facts.changes()}


@describer("enrollment.enrollmentclaim", refs=("from_school_id", "to_school_id"))
def _claim(facts: Facts) -> str:
    to_school = facts.shown("to_school_id")
    if facts.action == Action.CREATE:
        return _(
            "%(school)s asked for the student (%(kind)s): grade %(grade)s from %(date)s; "
            "the current school is %(from)s"
        ) % {
            "school": to_school,
            "kind": _lower_first(facts.shown("kind")),
            "grade": facts.shown("grade_level"),
            "date": facts.shown("entry_date"),
            "from": facts.shown("from_school_id"),
        }
    if facts.action == Action.UPDATE and facts.changed("state"):
        return _("Request from %(school)s: %(state)s") % {
            "school": to_school,
            "state": _lower_first(facts.shown("state")),
        }
    return _("Request from %(school)s: %(changes)s") % {
        "school": to_school,
        "changes": facts.changes(),
    }
