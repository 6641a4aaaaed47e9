"""Every API input goes through the shared rules, and every operation declares its errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ninja.operation import Operation

from homeroom.api import api
from homeroom.api_schema import COMMON_ERRORS, InputSchema

SCALARS = (int, float, bool)


def operations() -> Iterator[tuple[str, Operation]]:
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                yield path, operation


def test_every_input_is_an_input_schema_or_a_number() -> None:
    """Text reaches a view only through InputSchema, which refuses control characters."""
    loose: list[str] = []
    for path, operation in operations():
        for model in operation.models:
            for name, field in model.model_fields.items():
                kind: Any = field.annotation
                if not (isinstance(kind, type) and issubclass(kind, (InputSchema, *SCALARS))):
                    loose.append(f"{operation.methods} {path} {name}: {kind}")
    assert loose == []


def test_every_operation_declares_its_error_statuses() -> None:
    missing: list[str] = []
    for path, operation in operations():
        declared = set(operation.response_models)
        expected = set(COMMON_ERRORS) | ({404} if "{" in path else set())
        if expected - declared:
            missing.append(f"{operation.methods} {path}: {sorted(expected - declared)}")
    assert missing == []
