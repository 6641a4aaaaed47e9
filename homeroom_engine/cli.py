"""``homeroom schedule ...``: solve, validate, generate, resolve and greedy.

Exit codes: 0 success, 1 the solution has violations, 2 the input is malformed (the message
names the offending key and id; nothing is solved).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from homeroom_engine.generate import generate
from homeroom_engine.greedy import solve_greedy
from homeroom_engine.progress import Progress
from homeroom_engine.resolve import resolve
from homeroom_engine.schema import (
    ProblemError,
    SolutionError,
    load_problem,
    load_solution,
    solution_to_dict,
    write_json,
)
from homeroom_engine.solve import default_time_limit, solve
from homeroom_engine.validate import validate

EXIT_OK, EXIT_VIOLATIONS, EXIT_MALFORMED = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="homeroom schedule", description="Master and student scheduling."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("solve", help="schedule a problem")
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    p.add_argument(
        "--time-limit", type=float, default=None, help="seconds (default scales with size)"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p = sub.add_parser("validate", help="check a solution against its problem")
    p.add_argument("problem")
    p.add_argument("solution")
    p = sub.add_parser("generate", help="write a synthetic school with a planted solution")
    p.add_argument("--students", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--kind", choices=["feasible", "oversubscribed"], default="feasible")
    p.add_argument("--output", required=True)
    p.add_argument("--plant")
    p = sub.add_parser("resolve", help="repair a previous solution after a change")
    p.add_argument("--problem", required=True)
    p.add_argument("--previous", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--seed", type=int, default=0)
    p = sub.add_parser("greedy", help="the greedy baseline (for comparison)")
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    return parser


def _solve(args: argparse.Namespace) -> int:
    problem = load_problem(args.input)
    limit = (
        args.time_limit
        if args.time_limit is not None
        else default_time_limit(len(problem.students))
    )
    solution = solve(
        problem, time_limit=limit, seed=args.seed, progress=Progress(limit, enabled=not args.quiet)
    )
    write_json(args.output, solution_to_dict(solution))
    _summary(solution.stats)
    return EXIT_OK


def _summary(stats: dict[str, object]) -> None:
    keys = (
        "weighted_fulfilment",
        "upper_bound_weighted_fulfilment",
        "students_complete",
        "students_moved",
        "seconds",
    )
    print(" ".join(f"{k}={stats[k]}" for k in keys if k in stats))


def _validate(args: argparse.Namespace) -> int:
    problem = load_problem(args.problem)
    try:
        solution = load_solution(args.solution)
    except SolutionError as exc:
        print(f"malformed solution: {exc}")
        return EXIT_VIOLATIONS
    report = validate(problem, solution)
    for line in report.violations:
        print(line)
    if report.scores is not None:
        s = report.scores
        print(
            f"weighted_fulfilment={s.weighted_fulfilment:.6f} "
            f"students_complete={s.students_complete}"
            f" mean_section_spread={s.mean_section_spread:.3f}"
        )
    print("valid" if report.ok else f"{len(report.violations)} violation(s)")
    return EXIT_OK if report.ok else EXIT_VIOLATIONS


def _generate(args: argparse.Namespace) -> int:
    if args.students < 1:
        print("--students must be positive", file=sys.stderr)
        return EXIT_MALFORMED
    problem, planted = generate(args.students, args.seed, args.kind)
    write_json(args.output, problem)
    if args.plant:
        write_json(args.plant, planted)
    print(
        f"{len(problem['students'])} students, {len(problem['sections'])} sections; "
        f"planted weighted_fulfilment={planted['stats']['weighted_fulfilment']}"
    )
    return EXIT_OK


def _resolve(args: argparse.Namespace) -> int:
    problem = load_problem(args.problem)
    try:
        previous = load_solution(args.previous)
    except SolutionError as exc:
        raise ProblemError(f"previous solution: {exc}") from None
    solution = resolve(problem, previous, seed=args.seed)
    write_json(args.output, solution_to_dict(solution))
    _summary(solution.stats)
    return EXIT_OK


def _greedy(args: argparse.Namespace) -> int:
    solution = solve_greedy(load_problem(args.input))
    write_json(args.output, solution_to_dict(solution))
    _summary(solution.stats)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "solve": _solve,
    "validate": _validate,
    "generate": _generate,
    "resolve": _resolve,
    "greedy": _greedy,
}


def main(argv: list[str]) -> int:
    """Run one subcommand; malformed input exits 2 with the message, never a traceback."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ProblemError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_MALFORMED
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_MALFORMED
