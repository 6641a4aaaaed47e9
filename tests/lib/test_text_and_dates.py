"""The shared character rule and date windows that every input uses."""

from __future__ import annotations

import datetime as dt

import pytest

from homeroom.lib.dates import DateKind, date_problem, date_window
from homeroom.lib.text import refused_character

D = dt.date


@pytest.mark.parametrize(
    "text", ["a\x00", "\x1f", "\x7f", "\x80", "\x9f", "\ud800", "x\udfff", "\u2028", "\u2029"]
)
def test_control_characters_surrogates_and_separators_are_refused(text: str) -> None:
    assert refused_character(text) is not None
    assert refused_character(text, multiline=True) is not None


@pytest.mark.parametrize("char", ["\t", "\n", "\r"])
def test_tab_and_line_breaks_pass_only_in_multiline_text(char: str) -> None:
    assert refused_character(f"a{char}b") == char
    assert refused_character(f"a{char}b", multiline=True) is None


@pytest.mark.parametrize("text", ["", "O’Brien", "Nguyễn", "李小龍", "José\u0301", "\u00a0x", "🙂"])
def test_printable_unicode_passes(text: str) -> None:
    assert refused_character(text) is None


def test_school_dates_run_from_1990_to_two_years_ahead() -> None:
    today = D(2026, 12, 2)
    assert date_window(DateKind.SCHOOL, today) == (D(1990, 1, 1), D(2028, 12, 2))
    assert date_problem(D(1990, 1, 1), DateKind.SCHOOL, today) is None
    assert date_problem(D(2028, 12, 2), DateKind.SCHOOL, today) is None
    assert date_problem(D(1989, 12, 31), DateKind.SCHOOL, today) is not None
    assert date_problem(D(2028, 12, 3), DateKind.SCHOOL, today) is not None
    assert date_problem(D(1, 1, 1), DateKind.SCHOOL, today) is not None
    assert date_problem(D(9999, 12, 31), DateKind.SCHOOL, today) is not None


def test_the_window_from_29_february_ends_on_28_february() -> None:
    assert date_window(DateKind.SCHOOL, D(2028, 2, 29))[1] == D(2030, 2, 28)


def test_birth_dates_run_from_1900_to_2100() -> None:
    today = D(2026, 12, 2)
    assert date_problem(D(1900, 1, 1), DateKind.BIRTH, today) is None
    assert date_problem(D(1899, 12, 31), DateKind.BIRTH, today) == (
        "must be between 1900-01-01 and 2100-12-31"
    )
    assert date_problem(D(2101, 1, 1), DateKind.BIRTH, today) is not None
