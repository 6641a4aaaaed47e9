"""The command line: generate, solve, validate, resolve; malformed input exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from homeroom_engine.cli import main
from tests.engine.helpers import tiny_problem


def test_generate_solve_validate_and_resolve_round_trip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    problem, plant, out = tmp_path / "p.json", tmp_path / "plant.json", tmp_path / "s.json"
    assert (
        main(
            [
                "generate",
                "--students",
                "80",
                "--seed",
                "3",
                "--output",
                str(problem),
                "--plant",
                str(plant),
            ]
        )
        == 0
    )
    assert main(["validate", str(problem), str(plant)]) == 0
    assert (
        main(
            ["solve", "--input", str(problem), "--output", str(out), "--time-limit", "2", "--quiet"]
        )
        == 0
    )
    assert main(["validate", str(problem), str(out)]) == 0
    again = tmp_path / "r.json"
    assert (
        main(["resolve", "--problem", str(problem), "--previous", str(out), "--output", str(again)])
        == 0
    )
    assert json.loads(again.read_text())["stats"]["students_moved"] == 0
    assert "students_moved=0" in capsys.readouterr().out


def test_malformed_problem_exits_2_naming_key_and_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tiny_problem()
    doc["sections"][0]["teacher"] = "T404"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    code = main(["solve", "--input", str(path), "--output", str(tmp_path / "s.json"), "--quiet"])
    assert code == 2
    err = capsys.readouterr().err
    assert 'sections[id="MATH-1"].teacher' in err
    assert "T404" in err
    assert not (tmp_path / "s.json").exists()


def test_invalid_json_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    assert (
        main(["solve", "--input", str(path), "--output", str(tmp_path / "s.json"), "--quiet"]) == 2
    )


def test_validate_exits_nonzero_on_a_violation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    problem, plant = tmp_path / "p.json", tmp_path / "plant.json"
    main(
        [
            "generate",
            "--students",
            "60",
            "--seed",
            "2",
            "--output",
            str(problem),
            "--plant",
            str(plant),
        ]
    )
    solution = json.loads(plant.read_text())
    solution["stats"]["weighted_fulfilment"] = 0.1
    plant.write_text(json.dumps(solution))
    assert main(["validate", str(problem), str(plant)]) == 1
    assert "stats.weighted_fulfilment" in capsys.readouterr().out


def test_validate_reports_a_malformed_solution_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    problem, bad = tmp_path / "p.json", tmp_path / "bad.json"
    problem.write_text(json.dumps(tiny_problem()))
    bad.write_text(json.dumps({"format": "homeroom-schedule-solution/1"}))
    assert main(["validate", str(problem), str(bad)]) == 1
    assert "malformed solution" in capsys.readouterr().out


def test_solve_shows_progress_with_fulfilment_and_bound_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    problem, out = tmp_path / "p.json", tmp_path / "s.json"
    main(["generate", "--students", "80", "--seed", "5", "--output", str(problem)])
    capsys.readouterr()
    assert main(["solve", "--input", str(problem), "--output", str(out), "--time-limit", "2"]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("[")]
    phases = [line.split("]")[1].split()[1] for line in lines]
    assert phases[0] == "periods"
    assert "annealing" in phases
    assert phases[-1] == "done"
    assert "fulfilment" in lines[-1]
    assert "bound 1.0000" in lines[-1]
