"""Settings readers and district student numbers."""

from __future__ import annotations

import pytest

from homeroom.lib import env, ids


def test_envbool_reads_yes_and_no(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env.envbool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env.envbool("X_FLAG", True) is False
    monkeypatch.delenv("X_FLAG")
    assert env.envbool("X_FLAG", True) is True


def test_envbool_refuses_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ValueError, match="X_FLAG"):
        env.envbool("X_FLAG", False)


def test_envint_and_envlist(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a.org, b.org,,")
    assert env.envint("X_INT", 1) == 42
    assert env.envlist("X_LIST", []) == ["a.org", "b.org"]
    monkeypatch.setenv("X_INT", "forty")
    with pytest.raises(ValueError, match="X_INT"):
        env.envint("X_INT", 1)


def test_district_numbers_carry_a_luhn_check_digit() -> None:
    number = ids.district_number(10000001)
    assert number.startswith("10000001")
    assert ids.is_valid_district_number(number)
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not ids.is_valid_district_number(wrong)


def test_single_digit_typos_are_caught() -> None:
    number = ids.district_number(12345678)
    for i in range(len(number) - 1):
        for d in "0123456789":
            if d != number[i]:
                typo = number[:i] + d + number[i + 1 :]
                assert not ids.is_valid_district_number(typo)
