"""Document 002 (foundations and convergence): Taylor descent, quadratic rates, smooth convergence, and every
worked example and exercise.  Expected results are computed here independently (SymPy series and solve, exact
fractions, NumPy), never copied from the derivations' output."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from derivation_tools import mutated_verdict, result, step

from symgd import Rel

NAMES = ("taylor_descent", "quadratic_rates", "smooth_convergence", "bowl_trajectory", "double_well",
         "step_size_sweep", "empirical_rate", "linear_regression", "full_gradient_cost")
WITH_ERRATA = ("taylor_descent", "quadratic_rates", "smooth_convergence", "bowl_trajectory", "double_well")


@pytest.fixture(scope="module")
def verified(catalogue) -> dict:
    return {name: catalogue[name] for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_errata_are_of_document_002(verified, name) -> None:
    """Every step proved etc.: tests/test_catalogue.py.  Here: the modules that must carry errata do."""
    d, _ = verified[name]
    if name in WITH_ERRATA:
        assert d.errata
    assert all(e.seed == "002" for e in d.errata)
    assert "002" in __import__(f"derivations.{name}", fromlist=["x"]).__doc__

# ----------------------------------------------------------------------------- taylor_descent


def test_taylor_expansion_matches_sympy_series() -> None:
    from derivations.taylor_descent import eta, gd_second_order

    a, b = sp.symbols("a b", real=True)
    concrete = sp.exp(a) * sp.sin(b) + a**3 * b  # a concrete non-quadratic loss
    grad = [sp.diff(concrete, v) for v in (a, b)]
    moved = concrete.subs({a: a - eta * grad[0], b: b - eta * grad[1]}, simultaneous=True)
    series = sp.series(moved, eta, 0, 3).removeO()
    derived = gd_second_order(concrete, sp.Matrix(grad), sp.hessian(concrete, (a, b)))
    assert sp.simplify(sp.expand(series - derived)) == 0
    # the eta^2 coefficient is (1/2) g^T H g, computed with sympy's hessian
    g = sp.Matrix(grad)
    assert sp.simplify(series.coeff(eta, 2) - (g.T * sp.hessian(concrete, (a, b)) * g)[0, 0] / 2) == 0


def test_steepest_direction_by_sampling() -> None:
    from derivations.taylor_descent import steepest_direction

    rng = np.random.default_rng(1)
    g, r = rng.normal(size=3), 1.3
    best = np.array(steepest_direction(sp.Matrix(g), sp.Float(r)), dtype=float).ravel()
    assert abs(np.linalg.norm(best) - r) < 1e-12
    dirs = rng.normal(size=(100000, 3))
    dirs *= r / np.linalg.norm(dirs, axis=1, keepdims=True)
    assert (dirs @ g).min() >= best @ g - 1e-12  # nothing sampled beats the derived minimizer
    assert abs(best @ g + r * np.linalg.norm(g)) < 1e-12


def test_taylor_descent_erratum_counterexample(verified) -> None:
    _, r = verified["taylor_descent"]
    (e,) = r.errata
    ce = {k: sp.Rational(v) for k, v in e.verdict.counterexample.items()}
    norm2 = sum(ce[f"g_{i}"] ** 2 for i in (1, 2, 3))
    assert norm2 != 1  # -eta g has length eta exactly when ||g|| = 1


# ----------------------------------------------------------------------------- quadratic_rates


def test_quadratic_optimal_step_independently(verified) -> None:
    from derivations.quadratic_rates import kappa, lam_max, lam_min, optimal_rate, optimal_step

    e, lo, hi = sp.symbols("e lo hi", positive=True)
    (sol,) = sp.solve(sp.Eq(1 - e * lo, e * hi - 1), e)
    assert sp.simplify(sol - optimal_step.subs({lam_min: lo, lam_max: hi})) == 0
    # H = diag(1, 9): grid search over the spectral radius of I - eta H
    H = np.diag([1.0, 9.0])
    grid = np.linspace(0.001, 0.222, 22101)
    radii = [np.abs(np.linalg.eigvals(np.eye(2) - t * H)).max() for t in grid]
    assert abs(grid[int(np.argmin(radii))] - 0.2) < 1e-4
    assert optimal_step.subs({lam_min: 1, lam_max: 9}) == sp.Rational(1, 5)
    assert optimal_rate.subs(kappa, 9) == sp.Rational(4, 5) and abs(min(radii) - 0.8) < 1e-4
    d, _ = verified["quadratic_rates"]
    assert any(text.startswith(r"GD converges for every $\theta_0$ iff") for _, text in d.results)


def test_quadratic_iterate_against_a_loop() -> None:
    from derivations.quadratic_rates import iterate

    H = np.array([[3.0, 1.0], [1.0, 2.0]])
    th = np.array([1.0, -2.0])
    rows = iterate(H, th, 0.1, 30)
    for k in range(1, 31):
        th = th - 0.1 * H @ th
        assert np.allclose(rows[k], th, atol=1e-14)


# ----------------------------------------------------------------------------- smooth_convergence


def test_smooth_convergence_results(verified) -> None:
    d, _ = verified["smooth_convergence"]
    eta, T = sp.Symbol("eta", positive=True), sp.Symbol("T", integer=True, positive=True)
    V, fstar = sp.Function("V", real=True), sp.Symbol("f^{*}", real=True)
    grad_bound = result(d, "no convexity")
    assert grad_bound.rel is Rel.LE and sp.simplify(grad_bound.rhs - 2 * (V(0) - fstar) / (eta * T)) == 0
    per_step = result(d, "per step")
    q = sp.Symbol(r"\|g_{t}\|^{2}", nonnegative=True)
    ft = sp.Symbol(r"f(\theta_{t})", real=True)
    assert per_step.rel is Rel.LE and sp.simplify(per_step.rhs - (ft - eta * q / 2)) == 0
    # the strongly convex factor on f = (a/2) x^2 + (b/2) y^2 (mu = a, L = b), eta = 1/b, by simulation
    a, b = 1.0, 4.0
    v = np.array([1.0, 1.0])
    for _ in range(20):
        gap = 0.5 * (a * v[0] ** 2 + b * v[1] ** 2)
        v = v - np.array([a * v[0], b * v[1]]) / b
        assert 0.5 * (a * v[0] ** 2 + b * v[1] ** 2) <= (1 - a / b) * gap + 1e-15


def test_smooth_convergence_erratum_counterexample(verified) -> None:
    _, r = verified["smooth_convergence"]
    e = next(e for e in r.errata if e.claim is not None)
    ce = {k: sp.Rational(v) for k, v in e.verdict.counterexample.items()}
    L, eta, T = ce["L"], ce["eta"], ce["T"]
    assert L >= 1 and 0 < eta <= 1 / L and T >= 1  # -cos is L-smooth for every L >= 1
    assert 2 > math.pi**2 / (2 * float(eta) * int(T))  # the gap 2 exceeds the claimed bound
    from derivations.smooth_convergence import stuck_at_maximum

    assert np.all(stuck_at_maximum(float(eta), 50) == np.pi)  # GD from pi never moves


# ----------------------------------------------------------------------------- worked examples and exercises


def test_bowl_runs_in_exact_fractions(verified) -> None:
    from derivations.bowl_trajectory import DOCUMENT_TABLE, eta, iterate_closed_form, k

    def run(lr: Fraction, steps: int) -> list[tuple[Fraction, Fraction]]:
        pt = (Fraction(5), Fraction(5))
        out = [pt]
        for _ in range(steps):
            pt = (pt[0] - lr * 2 * pt[0], pt[1] - lr * 20 * pt[1])
            out.append(pt)
        return out

    tenth = run(Fraction(1, 10), 20)
    assert tenth[1] == (4, -5) and tenth[2] == (Fraction(16, 5), 5) and tenth[20][1] == 5
    assert tenth[1][0] ** 2 + 10 * tenth[1][1] ** 2 == 266
    assert tenth[20][0] ** 2 + 10 * tenth[20][1] ** 2 > 250
    closed = iterate_closed_form.subs({eta: sp.Rational(1, 10), k: 2})
    assert list(closed) == [sp.Rational(16, 5), 5]
    # no rational step in a fine grid reproduces rows 1 and 2 of the document
    (x1, y1), _ = DOCUMENT_TABLE[1]
    for j in range(1, 1001):
        lr = Fraction(j, 10000)
        row = run(lr, 1)[1]
        assert not (abs(float(row[0]) - x1) < 1e-9 and abs(float(row[1]) - y1) < 1e-9)
    _, r = verified["bowl_trajectory"]
    assert "-5 vs 3" in r.errata[0].verdict.detail


def test_double_well_critical_points(verified) -> None:
    from derivations.double_well import critical_points, loss, x

    sols = sp.solve(sp.diff(x**4 - 3 * x**2 + 2, x), x)
    assert set(sols) == set(critical_points)
    second = sp.diff(x**4 - 3 * x**2 + 2, x, 2)
    kinds = {c: sp.sign(second.subs(x, c)) for c in sols}
    assert kinds[0] == -1 and all(kinds[c] == 1 for c in sols if c != 0)
    assert all(sp.simplify(loss.subs(x, c) + sp.Rational(1, 4)) == 0 for c in sols if c != 0)
    roots = np.sort(np.roots([4.0, 0, -6.0, 0]).real)
    assert np.allclose(roots, sorted(float(c) for c in sols))
    _, r = verified["double_well"]
    e = r.errata[0]
    assert e.verdict.refuted and "161/256" in e.verdict.detail


def test_step_size_sweep_runs() -> None:
    from derivations.step_size_sweep import sweep

    runs = sweep(steps=40, start=(1.0, 1.0))
    for lr, rows in runs.items():
        ks = np.arange(41)
        assert np.allclose(rows[:, 0], (1 - 2 * lr) ** ks, rtol=1e-12)
        assert np.allclose(rows[:, 1], (1 - 200 * lr) ** ks, rtol=1e-12)
    assert np.array_equal(np.abs(runs[0.01][:, 1]), np.ones(41))  # the boundary: no decay in y
    assert abs(runs[0.1][-1, 1]) == pytest.approx(19.0**40)
    assert Fraction(499, 500) ** 3450 > Fraction(1, 1000) > Fraction(499, 500) ** 3451


def test_empirical_rate_profiles() -> None:
    from derivations.empirical_rate import fitted_slope, gap_curve

    u = sp.Symbol("u")
    for T in range(1, 6):
        assert sp.integrate((1 - u) ** (2 * T), (u, 0, 1)) == sp.Rational(1, 2 * T + 1)
        assert sp.integrate(u * (1 - u) ** (2 * T), (u, 0, 1)) == sp.Rational(1, (2 * T + 1) * (2 * T + 2))
    n = 50
    Ts = np.array([1, 3, 7])
    gaps = gap_curve(Ts, "one_over_lambda", n=n)
    expected = [0.5 * sum((1 - i / n) ** (2 * T) for i in range(1, n + 1)) for T in Ts]
    assert np.allclose(gaps, expected, rtol=1e-12)
    assert fitted_slope(np.array([1.0, 10.0, 100.0]), np.array([3.0, 0.3, 0.03])) == pytest.approx(-1.0)


def test_linear_regression_closed_form_vs_lstsq() -> None:
    from derivations.linear_regression import X, closed_form, gd_regression, m, n, y

    rng = np.random.default_rng(5)
    Xn, yn = rng.integers(-3, 4, size=(6, 2)).astype(float), rng.integers(-3, 4, size=6).astype(float)
    value = closed_form.xreplace({X: sp.ImmutableMatrix(Xn.astype(int)), y: sp.ImmutableMatrix(yn.astype(int)),
                                  m: 6, n: 2}).doit()
    exact = np.array(sp.Matrix(value), dtype=float).ravel()
    peer = np.linalg.lstsq(Xn, yn, rcond=None)[0]
    assert np.allclose(exact, peer, atol=1e-12)
    lr = 1 / np.linalg.eigvalsh(Xn.T @ Xn).max()
    assert np.allclose(gd_regression(Xn, yn, lr, 5000), peer, atol=1e-9)


def test_full_gradient_cost_arithmetic(verified) -> None:
    flops = 6 * 175 * 10**9 * 300 * 10**9
    assert flops == 315 * 10**21
    assert 23 <= math.log10(flops) < 23.5  # the order of magnitude 10^23 the document states
    d, _ = verified["full_gradient_cost"]
    assert not d.errata


# ----------------------------------------------------------------------------- mutations


def test_mutated_key_steps_are_refuted() -> None:
    from derivations import bowl_trajectory, double_well, quadratic_rates, smooth_convergence, taylor_descent

    # the optimal step claimed as 1/(lambda_min + lambda_max)
    d = quadratic_rates.derive()
    lmin, lmax = quadratic_rates.lam_min, quadratic_rates.lam_max
    v = mutated_verdict(d, "balance", 1 / (lmin + lmax))
    assert v.refuted, str(v)
    # the quadratic expansion with eta^2 instead of eta^2/2 (random symmetric matrices refute it)
    d = taylor_descent.derive()
    n = sp.Symbol("n", integer=True, positive=True)
    A, theta, b = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("theta", n, 1), sp.MatrixSymbol("b", n, 1)
    g = A * theta + b
    eta = taylor_descent.eta
    v = mutated_verdict(d, "$g^T g = ", -eta * g.T * g + eta**2 * g.T * A * g)
    assert v.refuted and v.counterexample, str(v)
    # the second-order expansion with (eta^2) g^T H g instead of (eta^2/2) g^T H g, n = 2 (polynomials refute it)
    why = "$\\Delta\\theta = -\\eta \\nabla L$ ($n = 2$)"
    rhs = step(d, why).claim.rhs
    quadratic_term = (rhs - rhs.subs(eta, 0)).coeff(eta, 2)
    v = mutated_verdict(d, why, rhs + eta**2 * quadratic_term)
    assert v.refuted and v.counterexample and "L" in v.counterexample, str(v)
    # the steepest value claimed as -r ||g||/2
    r = sp.Symbol("r", positive=True)
    gs = [sp.Symbol("g_1", real=True, nonzero=True), *sp.symbols("g_2 g_3", real=True)]
    v = mutated_verdict(d, "and attains the bound", -r * sp.sqrt(sum(c**2 for c in gs)) / 2)
    assert v.refuted, str(v)
    # the per-step decrease claimed as a full eta ||g||^2
    d = smooth_convergence.derive()
    ft, q = sp.Symbol(r"f(\theta_{t})", real=True), sp.Symbol(r"\|g_{t}\|^{2}", nonnegative=True)
    v = mutated_verdict(d, "$\\eta \\le 1/L$", ft - smooth_convergence.eta * q)
    assert v.refuted and v.counterexample, str(v)
    # the bowl's y column claimed to need eta = 1/10
    d = bowl_trajectory.derive()
    v = mutated_verdict(d, "the y column", sp.Rational(1, 10))
    assert v.refuted, str(v)
    # a critical point of the double well claimed at sqrt(3)/2
    d = double_well.derive()
    v = mutated_verdict(d, "a critical point: $x = \\frac{\\sqrt{6}}{2}$", sp.sqrt(3) / 2)
    assert v.refuted, str(v)
