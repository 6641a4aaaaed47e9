"""The policy asks each domain's registered scope provider; nothing else grants reach.

The policy module itself knows no domain model (the import contract
``access-knows-no-domain`` says so); these tests show the registry is what decides."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks

from homeroom.access import checks, policy
from homeroom.access.choices import Scope
from homeroom.counseling.models import CaseloadAssignment
from tests.conftest import World


def test_every_kind_of_scope_is_provided_by_an_installed_app() -> None:
    assert policy.unprovided_scopes() == []
    assert checks.every_scope_is_provided(None) == []
    assert not [m for m in run_checks() if m.id in {"homeroom.E010", "homeroom.E011"}]


def test_a_scope_nobody_provides_reaches_nobody_and_the_start_up_check_says_so(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    counselor = world.users["counselor"]
    assert set(policy.visible_students(counselor)) == {world.own_student, world.child}
    providers = {k: list(v) for k, v in policy._providers.items()}
    providers[Scope.CASELOAD] = []
    monkeypatch.setattr(policy, "_providers", providers)
    del counselor._homeroom_grants
    assert list(policy.visible_students(counselor)) == []
    errors = checks.every_scope_is_provided(None)
    assert [e.id for e in errors] == ["homeroom.E010"]
    assert "'caseload'" in errors[0].msg


def test_providers_of_one_scope_are_united(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two providers of one scope: a student either reaches is visible (the office's
    former students are a second provider of the school scope)."""
    registrar = world.users["registrar"]
    before = set(policy.visible_students(registrar))
    providers = {k: list(v) for k, v in policy._providers.items()}
    providers[Scope.SCHOOL] = [
        *providers[Scope.SCHOOL],
        lambda r: policy.Q(pk=world.other_student.pk),
    ]
    monkeypatch.setattr(policy, "_providers", providers)
    del registrar._homeroom_grants
    assert set(policy.visible_students(registrar)) == before | {world.other_student}


def test_caseloads_live_in_counseling_on_the_table_they_always_had(world: World) -> None:
    assert CaseloadAssignment._meta.app_label == "counseling"
    assert CaseloadAssignment._meta.db_table == "access_caseloadassignment"
    assert CaseloadAssignment.objects.filter(counselor=world.users["counselor"]).count() == 2
