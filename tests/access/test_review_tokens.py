"""Review of issue #8, authentication: a read-only token gets nothing from a write's key.

The idempotency layer runs before the API's authentication. A stored answer to a write
(a student's record) must not be handed to a token of the same user that may not write,
and such a token must not claim a key either: it is refused like any write (403).
"""

from __future__ import annotations

import json

from django.test import Client

from homeroom.access.choices import TokenScope
from homeroom.access.models import IdempotencyRecord
from homeroom.access.services import token_create
from tests.conftest import World

BODY = {
    "given_name": "Ida",
    "family_name": "Keyed",
    "birth_date": "2012-03-04",
    "school": "1111111",
    "grade_level": "9",
}


def _post(token: str, key: str) -> object:
    return Client().post(
        "/api/v1/students",
        data=json.dumps(BODY),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_read_only_token_does_not_get_the_stored_answer_of_a_write(world: World) -> None:
    user = world.users["registrar"]
    first = _post(token_create(user=user), "k-1")
    assert first.status_code == 201  # type: ignore[attr-defined]
    read_only = token_create(user=user, scopes=[TokenScope.READ])
    again = _post(read_only, "k-1")
    assert again.status_code == 403  # type: ignore[attr-defined]
    assert "Keyed" not in again.content.decode()  # type: ignore[attr-defined]


def test_a_read_only_token_claims_no_key(world: World) -> None:
    read_only = token_create(user=world.users["registrar"], scopes=[TokenScope.READ])
    assert _post(read_only, "k-2").status_code == 403  # type: ignore[attr-defined]
    assert not IdempotencyRecord.objects.filter(key="k-2").exists()
