"""What every part of the seeder shares: the random source, id pools and the row buffer."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from homeroom.audit.bulk import create_rows
from homeroom.audit.loader import IdPool, Row, Table, Writer
from homeroom.demo import tables
from homeroom.demo.names import NameMaker
from homeroom.people.services import reserve_district_numbers

ID_BLOCK = 20_000


class _Block:
    """Values fetched ahead in a block and handed out in order."""

    def __init__(self, fetch: Callable[[int], list[Any]]) -> None:
        self._fetch = fetch
        self._values: list[Any] = []
        self._at = 0

    def take(self, count: int) -> list[Any]:
        if self._at + count > len(self._values):
            rest = self._values[self._at :]
            self._values = rest + self._fetch(max(count - len(rest), ID_BLOCK))
            self._at = 0
        taken = self._values[self._at : self._at + count]
        self._at += count
        return taken


class Ids:
    """Primary keys for every table, taken from the database a block at a time."""

    def __init__(self) -> None:
        self._blocks = {t.name: _Block(IdPool(t).take) for t in tables.ORDER if "id" in t.columns}

    def take(self, table: Table, count: int) -> list[int]:
        return self._blocks[table.name].take(count)

    def one(self, table: Table) -> int:
        return self.take(table, 1)[0]


class DistrictNumbers(_Block):
    """District student numbers through ``reserve_district_numbers``, in blocks."""

    def __init__(self) -> None:
        super().__init__(reserve_district_numbers)


class Buffer:
    """Rows waiting to be written; flushed parents first, with their audit events."""

    def __init__(self, writer: Writer, now: dt.datetime) -> None:
        self.writer = writer
        self.now = now
        self.rows: dict[str, list[Row]] = defaultdict(list)

    def add(self, table: Table, rows: Iterable[Row]) -> None:
        """Queue ``rows``; a synced table's rows get their ``tables.SYNC`` values here."""
        if table in tables.SYNCED:
            rows = ((*row, self.now, uuid.uuid4()) for row in rows)
        self.rows[table.name].extend(rows)

    def __len__(self) -> int:
        return sum(len(r) for r in self.rows.values())

    def flush(self) -> None:
        """Audited tables through the one audited bulk-write path, the rest straight in."""
        for table in tables.ORDER:
            rows = self.rows.pop(table.name, [])
            if table in tables.AUDITED and rows:
                create_rows(table, rows, at=self.now, writer=self.writer)
            else:
                self.writer.write(table, rows)


@dataclass
class Context:
    """The state of one seeding run."""

    rng: random.Random
    buffer: Buffer
    now: dt.datetime
    school_year_id: int
    term_ids: dict[str, int]
    password_hashes: dict[str, str]
    ids: Ids = field(default_factory=Ids)
    numbers: DistrictNumbers = field(default_factory=DistrictNumbers)
    names: NameMaker = field(init=False)
    counters: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def __post_init__(self) -> None:
        self.names = NameMaker(self.rng)

    def next(self, counter: str) -> int:
        """1, 2, 3 ... per named counter (employee numbers, families, SSIDs)."""
        self.counters[counter] += 1
        return self.counters[counter]
