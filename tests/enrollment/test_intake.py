"""Intake search finds the child however the counter spells them, and says why."""

from __future__ import annotations

import datetime as dt

import pytest

from homeroom.audit.models import Disclosure
from homeroom.enrollment.intake import Criteria, intake_search
from homeroom.lib.errors import NotPermitted
from tests import factories as f
from tests.conftest import World

D = dt.date


@pytest.fixture
def siobhan(world: World):  # type: ignore[no-untyped-def]
    s = f.StudentFactory(
        given_name="Siobhán",
        family_name="O’Brien-Nguyễn",
        birth_date=D(2012, 4, 1),
        ssid="1112223334",
    )
    f.EnrollmentFactory(student=s, school=world.other)
    g = f.GuardianFactory(given_name="Mạnh", family_name="Nguyễn", phone="(213) 555-0142")
    f.GuardianshipFactory(student=s, guardian=g)
    return s


def search(world: World, role: str = "registrar", **kw):  # type: ignore[no-untyped-def]
    return intake_search(user=world.users[role], criteria=Criteria(**kw))


@pytest.mark.parametrize(
    "kw",
    [
        {"name": "siobhan obrien"},
        {"name": "SIOBHAN O'BRIEN NGUYEN"},
        {"name": "obrien", "birth_date": D(2012, 4, 1)},
        {"birth_date": D(2012, 4, 1)},
        {"guardian": "manh nguyen"},
        {"phone": "213-555-0142"},
        {"phone": "555 0142"},
        {"ssid": "1112223334"},
    ],
)
def test_registrar_finds_a_child_at_another_school(world: World, siobhan, kw) -> None:  # type: ignore[no-untyped-def]
    found = search(world, **kw)
    assert found
    assert found[0].student == siobhan
    assert found[0].school == world.other.name
    assert found[0].reasons


def test_reasons_accumulate_and_rank(world: World, siobhan) -> None:  # type: ignore[no-untyped-def]
    f.StudentFactory(given_name="Siobhan", family_name="Obrien", birth_date=D(2013, 1, 1))
    found = search(world, name="siobhan obrien", birth_date=D(2012, 4, 1), phone="2135550142")
    assert found[0].student == siobhan
    assert {"same birth date", "guardian phone •••-•••-0142"} <= set(found[0].reasons)
    assert found[0].score > found[1].score


def test_former_school_adds_a_reason(world: World, siobhan) -> None:  # type: ignore[no-untyped-def]
    found = search(world, name="obrien", former_school=world.other.code)
    assert f"attended {world.other.name}" in found[0].reasons


def test_every_shown_student_is_disclosed(world: World, siobhan) -> None:  # type: ignore[no-untyped-def]
    search(world, name="obrien")
    log = Disclosure.objects.get(student_id=siobhan.pk)
    assert log.purpose == "intake: duplicate check"
    assert log.actor_id == world.users["registrar"].pk


def test_teachers_cannot_search_the_district(world: World) -> None:
    with pytest.raises(NotPermitted):
        search(world, role="teacher", name="obrien")


def test_nothing_given_finds_nothing(world: World) -> None:
    assert search(world) == []


def test_a_name_and_birth_date_match_beyond_the_name_cap_keeps_both_reasons(
    world: World,
    siobhan,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from homeroom.enrollment import intake

    for i in range(3):
        f.StudentFactory(given_name=f"Aoife{i}", family_name="O'Brien", birth_date=D(2010, 1, 1))
    monkeypatch.setattr(intake, "CANDIDATES_PER_CRITERION", 2)
    found = search(world, name="obrien", birth_date=D(2012, 4, 1))
    assert found[0].student == siobhan
    assert {"name matches", "same birth date"} <= set(found[0].reasons)
