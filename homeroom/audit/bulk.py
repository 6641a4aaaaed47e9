"""The one audited bulk-write path: many rows of a model and their audit events together.

Everything that writes rows of an audited model in bulk (the year-end rollover, the
demo seeder, and attendance, imports and schedule commits to come) goes through here,
so that each row gets exactly the create (or update) event the recorder's signals would
have written, attributed to :func:`~homeroom.audit.context.current_actor`, with secrets
hidden by the recorder's rule (:data:`~homeroom.audit.recorder.SECRET_FIELDS`,
``SKIPPED_FIELDS``, ``NOISE_FIELDS``), and rows and events commit or roll back together.

- :func:`create_rows`: row tuples whose ids are already taken (the fast path). On
  PostgreSQL the rows go in with ``COPY`` and the database builds the events from the
  stored rows in one ``INSERT ... SELECT`` per chunk; elsewhere one ``executemany``
  INSERT per batch, and events built in Python by the recorder's own functions.
- :func:`create_objects`: unsaved model instances; ids are drawn first
  (:func:`~homeroom.audit.loader.new_ids`), set on the instances, then as rows.
- :func:`update_objects`: changed instances and their snapshots from before the change.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.utils import timezone

from homeroom.audit.context import current_actor
from homeroom.audit.loader import Row, Table, Writer, is_postgresql, new_ids
from homeroom.audit.models import Action, AuditEvent
from homeroom.audit.recorder import (
    SET,
    build_event,
    diff,
    hide_secrets,
    plain,
    recorded_fields,
    secret_fields,
    snapshot,
)

M = TypeVar("M", bound=models.Model)

EVENTS = Table(
    AuditEvent,
    (
        "at", "actor_id", "actor_label", "ip_address", "via", "action", "model", "object_id",
        "student_id", "changes", "reason",
    ),
)  # fmt: skip
CHUNK = 50_000


def create_rows(
    table: Table,
    rows: Sequence[Row],
    *,
    reason: str = "",
    at: dt.datetime | None = None,
    writer: Writer | None = None,
    chunk: int = CHUNK,
) -> int:
    """Write ``rows`` (tuples in ``table.columns`` order, ``id`` included) and one create
    event per row, in one transaction; returns the number of events written.

    A failure at any point (a bad row in the last chunk included) leaves neither rows
    nor events. ``writer`` collects timings (the seeder's report); ``at`` (default: now)
    stamps the events.
    """
    if "id" not in table.columns:
        raise ValueError(f"{table.name}: audited rows need their ids to name them")
    writer = writer or Writer()
    at = at or timezone.now()
    written = 0
    with transaction.atomic():
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            writer.write(table, part)
            written += _write_events(table, part, at=at, reason=reason, writer=writer)
    return written


def create_objects(objs: Iterable[M], *, reason: str = "", chunk: int = CHUNK) -> list[M]:
    """Insert unsaved instances of one model and a create event for each, atomically.

    The instances come back saved, with their primary keys set (drawn first with
    :func:`~homeroom.audit.loader.new_ids`). Field ``pre_save`` hooks (``auto_now_add``)
    run as in ``bulk_create``; ``save()`` and signals do not.
    """
    made = list(objs)
    if not made:
        return made
    model = type(made[0])
    table = Table.of(model)
    fields = model._meta.concrete_fields
    with transaction.atomic():
        ids = iter(new_ids(model, sum(obj.pk is None for obj in made)))
        for obj in made:
            if obj.pk is None:
                obj.pk = next(ids)
        rows = [tuple(f.pre_save(obj, True) for f in fields) for obj in made]
        create_rows(table, rows, reason=reason, chunk=chunk)
    for obj in made:
        obj._state.adding, obj._state.db = False, connection.alias
    return made


def update_objects(
    changed: Sequence[tuple[M, dict[str, Any]]], fields: Sequence[str], *, reason: str = ""
) -> int:
    """Save ``fields`` of each instance and write one update event each, atomically.

    ``changed`` pairs each instance with its :func:`~homeroom.audit.recorder.snapshot`
    taken before the change; an instance whose recorded fields did not change gets no
    event. Returns the number of events written.
    """
    if not changed:
        return 0
    model = type(changed[0][0])
    events = []
    for obj, before in changed:
        changes = diff(before, snapshot(obj))
        if changes:
            events.append(build_event(obj, Action.UPDATE, changes, reason))
    with transaction.atomic():
        model._default_manager.bulk_update([obj for obj, _ in changed], fields, batch_size=2000)
        AuditEvent.objects.bulk_create(events, batch_size=2000)
    return len(events)


def _write_events(
    table: Table, rows: Sequence[Row], *, at: dt.datetime, reason: str, writer: Writer
) -> int:
    if is_postgresql():
        started, id_at = time.perf_counter(), table.columns.index("id")
        count = insert_events_sql(table, [row[id_at] for row in rows], at=at, reason=reason)
        writer.stats.add(EVENTS.name, count, time.perf_counter() - started)
        return count
    events = list(event_rows(table, rows, at=at, reason=reason))
    writer.write(EVENTS, events)
    return len(events)


def event_rows(
    table: Table, rows: Iterable[Row], *, at: dt.datetime, reason: str = ""
) -> Iterator[Row]:
    """One :data:`EVENTS` row per row of ``table``: what the recorder writes on a create.

    ``changes`` is ``{field: [None, value]}`` for every recorded field whose value is
    not NULL, secrets shown only as set (:func:`~homeroom.audit.recorder.hide_secrets`).
    """
    actor = current_actor()
    label = table.model._meta.label_lower
    student_field = getattr(table.model, "audit_student_field", None)
    student_at = table.columns.index(student_field) if student_field else None
    recorded = {f.attname for f in recorded_fields(table.model)}
    fields = sorted((name, i) for i, name in enumerate(table.columns) if name in recorded)
    id_at = table.columns.index("id")
    for row in rows:
        values = {name: [None, plain(row[i])] for name, i in fields if row[i] is not None}
        yield (
            at, actor.user_id, actor.label, actor.ip_address, actor.via, Action.CREATE.value,
            label, str(row[id_at]), row[student_at] if student_at is not None else None,
            hide_secrets(table.model, values), reason,
        )  # fmt: skip


def _changes_sql(model: type[models.Model]) -> str:
    """SQL for ``{field: [null, value]}`` over the stored row ``t``, NULL values left out.

    The same JSON as :func:`event_rows`: a secret is ``(set)`` unless it is empty, a
    decimal is its text (as :func:`~homeroom.audit.recorder.plain` writes it).
    """
    pairs = []
    secret = secret_fields(model)
    for f in recorded_fields(model):
        column = f't."{f.column}"'
        if f.attname in secret:
            column = f"CASE WHEN {column} = '' THEN '' ELSE '{SET}' END"
        else:
            column = _as_plain_sql(f, column)
        value = f"jsonb_build_array(NULL, {column})"
        if f.null:
            value = f'CASE WHEN t."{f.column}" IS NULL THEN NULL ELSE {value} END'
        pairs.append(f"'{f.attname}', {value}")
    return f"jsonb_strip_nulls(jsonb_build_object({', '.join(pairs)}))"


def _as_plain_sql(f: models.Field[Any, Any], column: str) -> str:
    """``column`` as :func:`~homeroom.audit.recorder.plain` writes the field's value.

    PostgreSQL's JSON drops trailing zeros of fractional seconds, Python's
    ``isoformat`` keeps six digits (or none when there are no microseconds); a decimal
    is its text in the trail.
    """
    if isinstance(f, models.DecimalField):
        return f"{column}::text"
    if isinstance(f, models.DateTimeField):
        utc = f"({column} AT TIME ZONE 'UTC')"
        whole = f"""to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS')"""
        return (
            f"{whole} || CASE WHEN to_char({utc}, 'US') = '000000' THEN '' "
            f"ELSE '.' || to_char({utc}, 'US') END || '+00:00'"
        )
    if isinstance(f, models.TimeField):
        whole = f"to_char({column}, 'HH24:MI:SS')"
        return (
            f"{whole} || CASE WHEN to_char({column}, 'US') = '000000' THEN '' "
            f"ELSE '.' || to_char({column}, 'US') END"
        )
    return column


def _rows_named(ids: list[int]) -> tuple[str, list[Any]]:
    """A filter on ``t.id`` for exactly ``ids``: a range when they are one unbroken run."""
    low, high = min(ids), max(ids)
    if high - low + 1 == len(ids) == len(set(ids)):
        return "t.id BETWEEN %s AND %s", [low, high]
    return "t.id = ANY(%s)", [list(ids)]


def insert_events_sql(table: Table, ids: list[int], *, at: dt.datetime, reason: str = "") -> int:
    """On PostgreSQL: the create events of the stored rows ``ids``, built by the database.

    Raises ``RuntimeError`` (rolling the write back) unless there is one event per id.
    """
    if not ids:
        return 0
    actor = current_actor()
    student_field = getattr(table.model, "audit_student_field", None)
    student = f't."{student_field}"' if student_field else "NULL"
    where, where_params = _rows_named(ids)
    sql = f"""
        INSERT INTO "{AuditEvent._meta.db_table}"
            (at, actor_id, actor_label, ip_address, via, action, model, object_id,
             student_id, changes, reason)
        SELECT %s, %s, %s, %s, %s, %s, %s, t.id::text, {student},
               {_changes_sql(table.model)}, %s
        FROM "{table.name}" t WHERE {where}
    """
    params = [
        at, actor.user_id, actor.label, actor.ip_address, actor.via, Action.CREATE.value,
        table.model._meta.label_lower, reason, *where_params,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        written = cursor.rowcount
    if written != len(ids):
        raise RuntimeError(f"{table.name}: {written} audit events for {len(ids)} rows")
    return written
