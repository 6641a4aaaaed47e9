"""Name folding for matching, validation, and display that never mangles."""

from __future__ import annotations

import pytest

from homeroom.lib import names


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("O'Brien", "obrien"),
        ("O’Brien", "obrien"),
        ("Nguyễn", "nguyen"),
        ("Đặng", "dang"),
        ("李小龍", "李小龍"),
        ("García-López", "garcia lopez"),
        ("de la Cruz", "de la cruz"),
        ("Łukasz Søren", "lukasz soren"),
        ("STRAßE", "strasse"),
        ("Ｍａｄｏｎｎａ", "madonna"),
        ("e\u0301mile", "emile"),
        ("St. John", "st john"),
        ("  spaced   out ", "spaced out"),
    ],
)
def test_fold_removes_case_accents_and_punctuation(raw: str, folded: str) -> None:
    assert names.fold(raw) == folded


def test_fold_keeps_hangul_syllables_whole() -> None:
    assert names.fold("김민준") == "김민준"


@pytest.mark.parametrize(
    "value",
    ["O'Brien", "李小龍", "Madonna", "A", "d’Artagnan", "María José", "Nguyễn", "X Æ A-12"],
)
def test_real_names_are_valid(value: str) -> None:
    names.validate_name(value, field="given_name", required=True)


@pytest.mark.parametrize(
    "value", ["", "   ", "Ann\x00", "Ann\nMarie", "Tab\there", "x" * 101, "\ud800", "'-.", "\u2028"]
)
def test_unstorable_names_are_refused(value: str) -> None:
    with pytest.raises(names.NameError_):
        names.validate_name(value, field="given_name", required=True)


def test_optional_empty_part_is_fine() -> None:
    names.validate_name("", field="family_name", required=False)


def test_display_uses_preferred_names_and_keeps_casing() -> None:
    assert names.display_name("robert", "mcDonald") == "robert mcDonald"
    assert names.display_name("Robert", "Smith", preferred_given="Bobbie") == "Bobbie Smith"
    assert names.display_name("Madonna") == "Madonna"
    assert names.display_name("Martin", "King", suffix="Jr.") == "Martin King Jr."


def test_legal_name_joins_every_part_unchanged() -> None:
    assert names.legal_name("Seán", "Pádraig", "O'Brien-Nguyễn", "III") == (
        "Seán Pádraig O'Brien-Nguyễn III"
    )


def test_search_key_covers_every_part() -> None:
    key = names.search_key(["Seán", None, "O'Brien-Nguyễn", "", "Shawn", ""])
    assert key == "sean obrien nguyen shawn"


@pytest.mark.parametrize(
    ("parts", "key"),
    [
        (["Smith-Jones"], "smithjones"),
        (["al-Rashīd"], "alrashid"),
        (["St. Pierre"], "stpierre"),
        (["O'Brien"], "obrien"),
        (["María José", None, "de la Cruz", "Jr."], "mariajose delacruz jr"),
        (["李小龍", "", ""], "李小龍"),
        (["-", "Ana"], "ana"),
    ],
)
def test_compact_key_closes_the_gaps_inside_each_part(parts: list[str | None], key: str) -> None:
    assert names.compact_key(parts) == key


def test_every_search_key_token_is_in_the_compact_key() -> None:
    parts = ["Seán", None, "O'Brien-Nguyễn", "", "Shawn", ""]
    compact = names.compact_key(parts)
    assert all(token in compact for token in names.search_key(parts).split())
