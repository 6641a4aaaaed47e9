"""The seeder's row layouts keep up with the models they fill."""

from __future__ import annotations

import pytest

from homeroom.audit.loader import Table
from homeroom.demo import tables


@pytest.mark.parametrize("table", tables.ORDER, ids=lambda t: t.name)
def test_every_column_of_the_model_is_written(table: Table) -> None:
    stored = {f.attname for f in table.model._meta.concrete_fields}
    written = set(table.columns)
    if table is tables.AUDIT:
        written.add("id")  # the database numbers audit events itself
    assert written == stored, "a model gained or lost a field: update homeroom/demo/tables.py"
