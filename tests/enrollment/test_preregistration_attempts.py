"""Wrong pre-registration codes: at most five are ever compared, however they arrive.

The parallel test runs on PostgreSQL with real connections (one per thread), as
tests/enrollment/test_concurrency.py does.
"""

from __future__ import annotations

import re
from functools import partial

import pytest
from django.core import mail
from django.db import connection

from homeroom.enrollment import preregistration as pr
from homeroom.enrollment.models import PreRegistration
from homeroom.lib.errors import Conflict, RuleError
from tests.enrollment.test_concurrency import race

GUESSES = 40
ROUNDS = 3


def started(email: str) -> tuple[PreRegistration, str]:
    prereg = pr.prereg_start(email=email)
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    return prereg, code


def test_a_request_that_loaded_the_row_before_it_was_cancelled_is_refused(db: None) -> None:
    prereg, code = started("late@example.org")
    late = PreRegistration.objects.get(pk=prereg.pk)  # another request, loaded earlier
    for i in range(1, pr.MAX_ATTEMPTS + 1):
        with pytest.raises(RuleError):
            pr.prereg_verify(prereg=prereg, code=f"{(int(code) + i) % 1_000_000:06d}")
    with pytest.raises(Conflict):
        pr.prereg_verify(prereg=late, code=code)
    prereg.refresh_from_db()
    assert (prereg.failed_attempts, prereg.status) == (pr.MAX_ATTEMPTS, "cancelled")


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs parallel PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_codes_count_exactly_five_and_cancel() -> None:
    for n in range(ROUNDS):
        prereg, code = started(f"guess{n}@example.org")
        wrong = [f"{(int(code) + i) % 1_000_000:06d}" for i in range(1, GUESSES + 1)]
        # Each thread has its own copy of the row, as separate web requests would.
        calls = [
            partial(pr.prereg_verify, prereg=PreRegistration.objects.get(pk=prereg.pk), code=c)
            for c in wrong
        ]
        outcomes = race(*calls)
        not_right = [o for o in outcomes if type(o) is RuleError]
        closed = [o for o in outcomes if isinstance(o, Conflict)]
        assert len(not_right) == pr.MAX_ATTEMPTS, outcomes
        assert len(closed) == GUESSES - pr.MAX_ATTEMPTS, outcomes
        prereg.refresh_from_db()
        assert (prereg.failed_attempts, prereg.status) == (pr.MAX_ATTEMPTS, "cancelled")
        with pytest.raises(Conflict):
            pr.prereg_verify(prereg=prereg, code=code)
        prereg.refresh_from_db()
        assert (prereg.failed_attempts, prereg.status) == (pr.MAX_ATTEMPTS, "cancelled")
