"""Fast inserts of many rows: PostgreSQL ``COPY`` or, elsewhere, ``bulk_create``.

Rows are plain tuples in the order of a :class:`Table`'s columns, usually with their
primary keys already taken from the database (:class:`IdPool`, :func:`new_ids`), so
that related rows and audit events can name them without a round trip per row.

This module writes rows and nothing else: rows of an audited model go through
:mod:`homeroom.audit.bulk`, which writes their audit events in the same transaction.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    """A model and the attribute names of the columns the seeder writes, in order."""

    model: type[models.Model]
    columns: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    def fields(self) -> list[models.Field[Any, Any]]:
        by_attname = {f.attname: f for f in self.model._meta.concrete_fields}
        return [by_attname[c] for c in self.columns]

    def db_columns(self) -> list[str]:
        by_attname = {f.attname: str(f.column) for f in self.model._meta.concrete_fields}
        return [by_attname[c] for c in self.columns]

    @classmethod
    def of(cls, model: type[models.Model]) -> Table:
        """Every stored column of ``model``, in field order."""
        return cls(model, tuple(f.attname for f in model._meta.concrete_fields))

    def json_positions(self) -> list[int]:
        kinds = {f.attname: f for f in self.model._meta.concrete_fields}
        return [i for i, c in enumerate(self.columns) if isinstance(kinds[c], models.JSONField)]


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def defer_reference_checks() -> bool:
    """On PostgreSQL, skip the row-by-row foreign-key triggers for this transaction.

    ``SET LOCAL session_replication_role = replica`` (as ``pg_restore
    --disable-triggers`` does) needs a superuser; without one the checks stay on and
    the load is merely slower. Call :func:`verify_references` before committing.
    """
    if not is_postgresql():
        return False
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    return True


def verify_references(tables: Iterable[Table]) -> None:
    """Check every foreign key of ``tables`` in one set-based query per key.

    Raises :class:`IntegrityError` (rolling the seed back) if any row names a parent
    that does not exist: the guarantee the skipped triggers would have given.
    """
    for table in tables:
        for f in table.model._meta.concrete_fields:
            if not isinstance(f, models.ForeignKey) or not getattr(f, "db_constraint", True):
                continue
            parent = f.related_model._meta
            target = f.target_field.column
            sql = (
                f'SELECT 1 FROM "{table.name}" c WHERE c."{f.column}" IS NOT NULL AND NOT EXISTS '
                f'(SELECT 1 FROM "{parent.db_table}" p WHERE p."{target}" = c."{f.column}") LIMIT 1'
            )
            with connection.cursor() as cursor:
                cursor.execute(sql)
                if cursor.fetchone():
                    raise IntegrityError(f"{table.name}.{f.column} names a missing row")


def new_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model``, never used before.

    On PostgreSQL from its sequence, with no lock: concurrent writers may draw keys in
    between, so the keys are unique but not necessarily one unbroken run. On SQLite
    above both the largest key and ``sqlite_sequence`` (AUTOINCREMENT never reuses a
    key); call it inside the writing transaction, which holds SQLite's write lock.
    """
    if count == 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f'SELECT MAX(v) FROM (SELECT MAX("{pk}") AS v FROM "{table}" UNION ALL '
            "SELECT seq FROM sqlite_sequence WHERE name = %s)",
            [table],
        )
        top = cursor.fetchone()[0] or 0
    return list(range(top + 1, top + 1 + count))


class IdPool:
    """Hands out primary keys for a table; on PostgreSQL from its own sequence."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self._next_local: int | None = None

    def take(self, count: int) -> list[int]:
        if count == 0:
            return []
        if is_postgresql():
            return self._from_sequence(count)
        if self._next_local is None:
            top = self.table.model._default_manager.aggregate(m=models.Max("pk"))["m"]
            self._next_local = (top or 0) + 1
        start = self._next_local
        self._next_local += count
        return list(range(start, start + count))

    def _from_sequence(self, count: int) -> list[int]:
        """A run of ``count`` values: the table is locked against other writers first,
        so nobody else draws from its sequence until the seeding transaction ends."""
        table = self.table.name
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
            cursor.execute(
                "SELECT setval(seq, nextval(seq) + %s - 1) FROM "
                "(SELECT pg_get_serial_sequence(%s, 'id')::regclass AS seq) s",
                [count, table],
            )
            last = cursor.fetchone()[0]
        return list(range(last - count + 1, last + 1))


@dataclass
class InsertStats:
    """Rows written and seconds spent writing, per table."""

    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, table: str, rows: int, seconds: float) -> None:
        self.rows[table] += rows
        self.seconds[table] += seconds

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


class Writer:
    """Writes batches of rows to their tables and keeps :class:`InsertStats`.

    It writes rows only: use it directly for tables outside the audit trail, and
    through :func:`homeroom.audit.bulk.create_rows` for audited ones.
    """

    def __init__(self, batch_size: int = 5000) -> None:
        self.stats = InsertStats()
        self.batch_size = batch_size

    def write(self, table: Table, rows: Sequence[Row]) -> None:
        if not rows:
            return
        started = time.perf_counter()
        if is_postgresql():
            self._copy(table, rows)
        else:
            self._insert_many(table, rows)
        self.stats.add(table.name, len(rows), time.perf_counter() - started)

    def _copy(self, table: Table, rows: Sequence[Row]) -> None:
        json_at = table.json_positions()
        columns = ", ".join(f'"{c}"' for c in table.db_columns())
        sql = f'COPY "{table.name}" ({columns}) FROM STDIN'
        with (
            connection.wrap_database_errors,  # psycopg's errors as Django's IntegrityError etc.
            connection.cursor() as cursor,
            cursor.cursor.copy(sql) as copy,
        ):
            for row in rows:
                if json_at:
                    row = _json_dumped(row, json_at)
                copy.write_row(row)

    def _insert_many(self, table: Table, rows: Sequence[Row]) -> None:
        """Elsewhere than PostgreSQL: one ``executemany`` INSERT per batch.

        Values go in as they are, through the field's ``get_db_prep_save`` only for
        the kinds the driver cannot take as they are (dates, times, JSON, decimals,
        UUIDs). No ``pre_save``: ``auto_now`` columns keep the value in the row.
        """
        db = connections[connection.alias]  # not the proxy: it is looked up per value
        prepare = [_preparer(f, db) for f in table.fields()]
        columns = ", ".join(f'"{c}"' for c in table.db_columns())
        marks = ", ".join(["%s"] * len(prepare))
        sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'
        with connection.cursor() as cursor:
            for start in range(0, len(rows), self.batch_size):
                cursor.executemany(
                    sql,
                    [
                        tuple(v if p is None else p(v) for p, v in zip(prepare, row, strict=True))
                        for row in rows[start : start + self.batch_size]
                    ],
                )


PREPARED = (
    models.DateField,
    models.TimeField,
    models.DecimalField,
    models.JSONField,
    models.UUIDField,
    models.DurationField,
)


def _preparer(f: models.Field[Any, Any], db: BaseDatabaseWrapper) -> Callable[[Any], Any] | None:
    if not isinstance(f, PREPARED):
        return None
    return lambda value: f.get_db_prep_save(value, db)


def _json_dumped(row: Row, positions: list[int]) -> Row:
    values = list(row)
    for i in positions:
        values[i] = json.dumps(values[i], ensure_ascii=False)
    return tuple(values)
