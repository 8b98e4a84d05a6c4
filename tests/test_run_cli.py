"""`symgd run`: exit codes, JSON content, the PNG, one-line errors."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from symgd.app.cli import main


def run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(["run", *args])
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def test_json_on_the_quadratic(capsys):
    code, out, _ = run(["gd", "--problem", "quadratic", "--steps", "50", "--json"], capsys)
    assert code == 0
    rec = json.loads(out)
    assert rec["optimizer"] == "gd" and rec["problem"] == "quadratic" and rec["steps"] == 50
    assert rec["hyper"] == {"lr": 1 / 25}  # default step 1/L on the quadratic with L = 25
    assert rec["diverged_at"] is None
    # GD on f = x^T A x / 2 with A = [[13, 12], [12, 13]], x0 = (-3, 2): x_50 = (I - A/25)^50 x0
    A = np.array([[13.0, 12.0], [12.0, 13.0]])
    x50 = np.linalg.matrix_power(np.eye(2) - A / 25, 50) @ np.array([-3.0, 2.0])
    np.testing.assert_allclose(rec["params"], x50, rtol=1e-12)
    assert rec["loss"] == pytest.approx(x50 @ A @ x50 / 2, rel=1e-10)
    assert rec["grad_norm"] == pytest.approx(np.linalg.norm(A @ x50), rel=1e-10)
    assert rec["loss0"] == pytest.approx(12.5)


def test_json_hyperparameters_are_passed(capsys):
    code, out, _ = run(["heavy_ball", "-p", "logistic", "--lr", "0.5", "--momentum", "0.25", "--steps", "5", "--json"],
                       capsys)
    assert code == 0
    assert json.loads(out)["hyper"] == {"lr": 0.5, "mu": 0.25}
    code, out, _ = run(["adam", "-p", "linear-regression", "--b1", "0.5", "--eps", "0.001", "--steps", "5", "--json"],
                       capsys)
    assert code == 0
    assert json.loads(out)["hyper"] == {"lr": 1e-3, "b1": 0.5, "b2": 0.999, "eps": 0.001}


def test_table_output(capsys):
    code, out, _ = run(["newton", "-p", "rosenbrock", "--steps", "20"], capsys)
    assert code == 0
    for word in ("loss", "gradient norm", "steps", "time", "20"):
        assert word in out
    # a long run goes through the progress bar and still ends with the table
    code, out, _ = run(["adam", "-p", "rosenbrock", "--lr", "0.02", "--steps", "2500"], capsys)
    assert code == 0 and "2500" in out and "gradient norm" in out
    # Newton (the problem's SymPy Hessian as callback) reaches Rosenbrock's minimizer (1, 1) from (-1.2, 1)
    code, out, _ = run(["newton", "-p", "rosenbrock", "--steps", "20", "--json"], capsys)
    assert code == 0
    np.testing.assert_allclose(json.loads(out)["params"], [1.0, 1.0], atol=1e-12)


def test_plot_is_a_png(tmp_path, capsys):
    for problem in ("rosenbrock", "linear-regression"):  # with and without the contour panel
        path = tmp_path / "sub" / f"{problem}.png"
        code, _, _ = run(["adam", "-p", problem, "--lr", "0.01", "--steps", "30", "--plot", str(path)], capsys)
        assert code == 0
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def test_divergence_exit_1(capsys):
    code, out, err = run(["gd", "--lr", "3", "--steps", "1000", "--json"], capsys)
    assert code == 1
    rec = json.loads(out)
    assert rec["diverged_at"] is not None and rec["steps"] == rec["diverged_at"] - 1
    assert "diverged" in err


@pytest.mark.parametrize(("args", "message"), [
    (["adamw"], r"^error: unknown optimizer 'adamw'"),
    (["adam", "--problem", "banana"], r"^error: unknown problem 'banana'"),
    (["gd", "--lr", "-0.1"], r"^error: gd: learning rate lr must be positive"),
    (["adam", "--b1", "1"], r"^error: adam: b1 must lie in \[0, 1\)"),
    (["rmsprop", "--beta", "-0.2"], r"^error: rmsprop: beta must lie in \[0, 1\)"),
    (["adam", "--mu", "0.9"], r"^error: adam has no hyperparameter 'mu'"),
    (["gd", "--steps", "-1"], r"^error: --steps must be nonnegative"),
    (["gd", "--plot", "out.svg"], r"^error: --plot writes PNG"),
    (["gd", "--backend", "gpu"], r"^error: unknown backend 'gpu'"),
    (["gd", "--lr", "abc"], r"^error: Invalid value for '--lr'"),
    (["heavy_ball", "--momentum", "0.5", "--mu", "0.5"], r"^error: give --momentum or --mu, not both"),
])
def test_bad_input_is_one_line_exit_2(args, message, capsys):
    code, _, err = run(args, capsys)
    assert code == 2
    assert re.match(message, err), err
    assert err.count("\n") == 1 and "Traceback" not in err


# --- timing: the warm-up (lambdify, numba compile or cache load) is not in the per-step time -------------

@pytest.mark.parametrize("backend", ["numpy", "fused"])
def test_json_timing_fields_are_consistent(backend, capsys):
    code, out, _ = run(["adam", "-p", "rosenbrock", "--lr", "0.01", "--steps", "40", "--backend", backend, "--json"],
                       capsys)
    assert code == 0
    rec = json.loads(out)
    assert rec["steps"] == 40 and rec["backend"] == backend
    assert rec["seconds"] > 0 and rec["warmup_seconds"] > 0
    assert rec["steps"] * rec["per_step_seconds"] == pytest.approx(rec["seconds"], rel=1e-12)
    # no steps: no per-step time, and the run itself takes (almost) nothing
    code, out, _ = run(["adam", "-p", "rosenbrock", "--steps", "0", "--backend", backend, "--json"], capsys)
    rec = json.loads(out)
    assert code == 0 and rec["steps"] == 0 and rec["per_step_seconds"] is None and rec["warmup_seconds"] > 0


def test_fused_kernel_is_compiled_before_the_timed_run(monkeypatch):
    """The kernel's first call (compile or cache load, logged in COMPILE_LOG) happens in the untimed warm-up:
    when the timed run evaluates its first gradient, the log already has the entry."""
    import dataclasses

    from symgd.app import run_cli
    from symgd.optim import fused, problems

    monkeypatch.setattr(fused, "_KERNELS", {})  # a fresh kernel object: its first call is logged again
    seen: list[int] = []
    make = problems.make

    def watched(name: str):
        p = make(name)

        def grad(x):
            seen.append(len(fused.COMPILE_LOG))
            return p.grad(x)

        return dataclasses.replace(p, grad=grad)

    monkeypatch.setattr(problems, "make", watched)
    before = len(fused.COMPILE_LOG)
    _, res, _, warmup = run_cli.run_optimizer("rmsprop", "quadratic", 5, "fused")
    assert res.steps == 5 and warmup > 0
    # gradient calls: the warm-up's (before the kernel ran), then the timed run's 6 (x_0 .. x_5)
    assert seen == [before] + [before + 1] * 6
    assert fused.COMPILE_LOG[before][0] == "rmsprop"


def test_table_reports_the_warm_up_separately(capsys):
    code, out, _ = run(["nesterov", "--steps", "10", "--backend", "fused"], capsys)
    assert code == 0
    assert re.search(r"time\s*│\s*[\d.]+ s, [\d.]+ µs/step", out)
    assert re.search(r"warm-up \(untimed\)\s*│\s*[\d.]+ s \(numba compile/load\)", out)


# --- the --help text is true ------------------------------------------------------------------------

def test_help_lists_exactly_the_optimizers_and_the_fused_restriction(capsys):
    from symgd.optim.rules import RULES

    code, out, _ = run(["--help"], capsys)
    assert code == 0
    text = " ".join(out.replace("│", " ").split())
    listed = re.search(r"optimizer <str> ([\w, ]+?) \[required\]", text).group(1)
    assert set(listed.split(", ")) == set(RULES) | {"sgd"}
    # "fused: elementwise rules only, not ...": the listed rules are exactly the non-elementwise ones
    excluded = re.search(r"elementwise rules only, not ([\w, ]+)\)", text).group(1)
    assert set(excluded.split(", ")) == {n for n, r in RULES.items() if not r.elementwise}
    for name in excluded.split(", "):
        code, _, err = run([name, "--backend", "fused", "--steps", "1"], capsys)
        assert code == 2 and "not elementwise" in err
    # every listed optimizer runs on the numpy backend
    for name in listed.split(", "):
        code, _, _ = run([name, "--steps", "2", "--json"], capsys)
        assert code == 0, name


def test_help_default_lr_is_true(capsys):
    """--lr default: the problem's stable step (1/L when L is known) for the gradient methods, else the rule's."""
    from symgd.optim.rules import RULES

    expected = {"quadratic": 1 / 25, "rosenbrock": 1e-3}  # L = 25 (eigenvalues 1, 25); Rosenbrock: no L
    for problem, lr in expected.items():
        for name in ("gd", "sgd", "heavy_ball", "heavy_ball_ema", "nesterov"):
            code, out, _ = run([name, "-p", problem, "--steps", "1", "--json"], capsys)
            assert code == 0 and json.loads(out)["hyper"]["lr"] == pytest.approx(lr), (name, problem)
        for name in ("adam", "rmsprop", "adagrad"):
            code, out, _ = run([name, "-p", problem, "--steps", "1", "--json"], capsys)
            assert json.loads(out)["hyper"]["lr"] == RULES[name].defaults["lr"]
