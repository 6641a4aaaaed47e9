"""Audit create events for rows written in bulk, as ``audit.recorder`` would write them.

``record_bulk_create`` takes model instances; building 600,000 of them only to read
their fields back is the slowest part of a large seed, so this builds the same event
(``changes`` is ``{field: [None, value]}`` for every stored value, secrets shown only
as set) from row tuples. A test checks that both agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.db import connection

from homeroom.audit.context import current_actor
from homeroom.audit.models import Action, AuditEvent
from homeroom.audit.recorder import SET, hide_secrets, plain, recorded_fields, secret_fields
from homeroom.demo.fast_insert import Row, Table


def create_events(table: Table, rows: Iterable[Row], *, at: dt.datetime) -> Iterator[Row]:
    """One ``AUDIT`` row per inserted row, attributed to the current actor."""
    actor = current_actor()
    label = table.model._meta.label_lower
    student_field = getattr(table.model, "audit_student_field", None)
    student_at = table.columns.index(student_field) if student_field else None
    recorded = {f.attname for f in recorded_fields(table.model)}
    fields = sorted((name, i) for i, name in enumerate(table.columns) if name in recorded)
    id_at = table.columns.index("id")
    for row in rows:
        values = {name: [None, plain(row[i])] for name, i in fields if row[i] is not None}
        changes = hide_secrets(table.model, values)
        yield (
            at, actor.user_id, actor.label, actor.ip_address, actor.via, Action.CREATE.value,
            label, str(row[id_at]), row[student_at] if student_at is not None else None,
            changes, "",
        )  # fmt: skip


def _changes_sql(table: Table) -> str:
    """SQL for ``{field: [null, value]}`` over the row ``t``, leaving out NULL values.

    A secret's value is ``(set)`` unless it is empty, as :func:`hide_secrets` writes it.
    """
    pairs = []
    secret = secret_fields(table.model)
    for f in recorded_fields(table.model):
        column = f't."{f.column}"'
        if f.attname in secret:
            column = f"CASE WHEN {column} = '' THEN '' ELSE '{SET}' END"
        value = f"jsonb_build_array(NULL, {column})"
        if f.null:
            value = f'CASE WHEN t."{f.column}" IS NULL THEN NULL ELSE {value} END'
        pairs.append(f"'{f.attname}', {value}")
    return f"jsonb_strip_nulls(jsonb_build_object({', '.join(pairs)}))"


def insert_create_events_sql(table: Table, ids: list[int], *, at: dt.datetime) -> int:
    """On PostgreSQL: the same events, built by the database from the stored rows.

    ``ids`` must be the whole run of keys just written (the seeder takes keys in
    ascending runs, so no other row lies between the smallest and the largest).
    """
    actor = current_actor()
    student_field = getattr(table.model, "audit_student_field", None)
    student = f't."{student_field}"' if student_field else "NULL"
    sql = f"""
        INSERT INTO "{AuditEvent._meta.db_table}"
            (at, actor_id, actor_label, ip_address, via, action, model, object_id,
             student_id, changes, reason)
        SELECT %s, %s, %s, %s, %s, %s, %s, t.id::text, {student}, {_changes_sql(table)}, ''
        FROM "{table.name}" t WHERE t.id BETWEEN %s AND %s
    """
    params = [
        at, actor.user_id, actor.label, actor.ip_address, actor.via, Action.CREATE.value,
        table.model._meta.label_lower, min(ids), max(ids),
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        written = cursor.rowcount
    if written != len(ids):
        raise RuntimeError(f"{table.name}: {written} audit events for {len(ids)} rows")
    return written
