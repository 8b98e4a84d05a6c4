"""`symgd rate`: output, exit codes, one-line errors (the numbers are closed forms from the literature)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest


@pytest.fixture(autouse=True, scope="module")
def _peers() -> None:
    """The peers, imported at the first test's setup, not at collection (see tests/lazy_modules.py)."""
    pytest.importorskip("cvxpy")


def run(*args: str) -> subprocess.CompletedProcess:
    """The command in this process (cvxpy is loaded once for the whole file): its exit code and output."""
    import contextlib
    import io

    from symgd.app.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(["rate", *args])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def test_gd_tight_rate_certified() -> None:
    out = run("gd", "--steps", "4", "--smooth", "2")
    assert out.returncode == 0, out.stderr
    assert re.search(r"certified bound:\s+1/9 R\^2\s+\(tight: a certificate at the optimum", out.stdout)  # 2/(4*4 + 2)
    assert re.search(r"numeric \(SDP, \w+\):\s+0\.111111", out.stdout)
    assert "certificate:            proved (exact LDL^T" in out.stdout


def test_ogm_upper_bound_from_enclosures() -> None:
    out = run("ogm", "--steps", "3")
    assert out.returncode == 0 and "an upper bound" in out.stdout and "rational enclosures" in out.stdout


def test_heavy_ball_spectral_rate() -> None:
    out = run("heavy_ball", "--smooth", "1", "--strongly-convex", "1/100")
    assert out.returncode == 0 and "9/11" in out.stdout  # (sqrt(kappa) - 1)/(sqrt(kappa) + 1), kappa = 100


@pytest.mark.parametrize(("args", "pattern"), [
    (("gd", "--steps", "0"), "positive integer"),
    (("gd",), "--steps N is required"),
    (("gd", "--steps", "2", "--smooth", "abc"), "not a number"),
    (("gd", "--steps", "2", "--metric", "loss"), "unknown metric"),
    (("gd", "--steps", "2", "--strongly-convex", "3"), "mu < L"),
    (("adam", "--steps", "2"), "unknown method"),
    (("nesterov", "--steps", "2", "--step-size", "2"), "gd only"),
    (("heavy_ball", "--steps", "3", "--strongly-convex", "0.1"), "drop --steps"),
    (("heavy_ball",), "0 < mu < L"),
])
def test_bad_input_one_line_exit_2(args: tuple, pattern: str) -> None:
    out = run(*args)
    assert out.returncode == 2, (out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and re.search(pattern, lines[0]), out.stderr


def test_missing_cvxpy_names_the_extra() -> None:
    code = ("import sys; sys.modules['cvxpy'] = None\n"
            "from symgd.app.cli import main\nmain(['rate', 'gd', '--steps', '2'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 2 and out.stderr.strip().count("\n") == 0
    assert "symgd[pep]" in out.stderr


def test_unbounded_worst_case_is_reported() -> None:
    # f(x_0) - f_* <= R^2 bounds no distance: a flat enough convex function keeps its minimizer arbitrarily far
    out = run("gd", "--steps", "2", "--initial", "gap", "--metric", "distance")
    assert out.returncode == 1 and "unbounded" in out.stderr and out.stderr.count("\n") == 1


def test_json_output() -> None:
    import json

    out = run("gd", "--steps", "2", "--json")
    data = json.loads(out.stdout)
    assert out.returncode == 0 and data["bound"] == "1/10" and data["certificate"]["status"] == "proved"
    assert data["multipliers"] == {"(*, 0)": "1/4", "(*, 1)": "5/12", "(*, 2)": "1/3", "(0, 1)": "1/4", "(1, 2)": "2/3"}
    assert data["worst_function"] == {"huber_slope": "1/5", "value": "1/10"}
    hb = json.loads(run("heavy_ball", "--strongly-convex", "1/4", "--json").stdout)
    assert hb["rate"] == "1/3" and hb["beta"] == "1/9"  # kappa = 4: (2 - 1)/(2 + 1)
