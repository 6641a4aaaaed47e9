"""Families pre-register with a verified code; the registrar completes in one step."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail

from homeroom.enrollment import preregistration as pr
from homeroom.enrollment.models import DocumentCheck
from homeroom.lib.errors import Conflict, RuleError
from homeroom.people.models import Student
from tests.conftest import World

D = dt.date


def started(language: str = "en"):  # type: ignore[no-untyped-def]
    prereg = pr.prereg_start(email="familia@example.org", language=language)
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    return prereg, code


def family(world: World, **child) -> pr.Family:  # type: ignore[no-untyped-def]
    return pr.Family(
        child={"given_name": "Mateo", "family_name": "Ñúñez", "birth_date": D(2012, 2, 2), **child},
        guardian={
            "given_name": "Lucía",
            "family_name": "Ñúñez",
            "relationship": "mother",
            "phone": "(323) 555-0199",
        },
        school=world.own,
        grade_level="9",
        address="12 Main St",
    )


def test_code_is_sent_in_the_familys_language(db: None) -> None:
    started("es")
    assert "código" in mail.outbox[-1].body or "code" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["familia@example.org"]


def test_wrong_code_five_times_closes_it(db: None) -> None:
    prereg, code = started()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        with pytest.raises(RuleError):
            pr.prereg_verify(prereg=prereg, code=wrong)
    assert prereg.status == "cancelled"
    with pytest.raises(Conflict):
        pr.prereg_verify(prereg=prereg, code=code)


def test_submit_needs_a_verified_contact(world: World) -> None:
    prereg, _code = started()
    with pytest.raises(Conflict):
        pr.prereg_submit(prereg=prereg, family=family(world))


def test_registrar_completes_in_one_step(world: World) -> None:
    prereg, code = started()
    pr.prereg_verify(prereg=prereg, code=code)
    pr.prereg_submit(prereg=prereg, family=family(world))
    student = pr.prereg_complete(
        prereg=prereg,
        checked_by=world.users["registrar"],
        entry_date=D(2026, 8, 12),
        documents={
            "proof_of_address": D(2026, 7, 1),
            "birth_certificate": None,
            "immunization_record": D(2026, 6, 15),
        },
    )
    assert (student.given_name, student.family_name) == ("Mateo", "Ñúñez")
    assert student.guardianships.get().guardian.given_name == "Lucía"
    assert student.enrollments.get().school == world.own
    assert DocumentCheck.objects.filter(student=student).count() == 3
    prereg.refresh_from_db()
    assert (prereg.status, prereg.student) == ("completed", student)


def test_completing_a_duplicate_child_needs_confirmation_and_leaves_nothing(
    world: World,
) -> None:
    prereg, code = started()
    pr.prereg_verify(prereg=prereg, code=code)
    pr.prereg_submit(
        prereg=prereg,
        family=family(
            world, given_name="Cy", family_name="Child", birth_date=world.child.birth_date
        ),
    )
    before = Student.objects.count()
    with pytest.raises(Conflict):
        pr.prereg_complete(
            prereg=prereg,
            checked_by=world.users["registrar"],
            entry_date=D(2026, 8, 12),
            documents={},
        )
    assert Student.objects.count() == before
    prereg.refresh_from_db()
    assert prereg.status == "submitted"


def test_bad_child_name_is_refused_with_the_field(world: World) -> None:
    prereg, code = started()
    pr.prereg_verify(prereg=prereg, code=code)
    with pytest.raises(RuleError) as info:
        pr.prereg_submit(prereg=prereg, family=family(world, given_name="  "))
    assert info.value.field == "given_name"


def test_codes_to_one_contact_are_limited(db: None) -> None:
    for _ in range(pr.MAX_SENDS_PER_WINDOW):
        pr.prereg_start(email="flood@example.org")
    sent = len(mail.outbox)
    with pytest.raises(RuleError, match="Too many codes"):
        pr.prereg_start(email="FLOOD@example.org")
    assert len(mail.outbox) == sent
