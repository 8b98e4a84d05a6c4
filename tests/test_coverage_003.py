"""Coverage of document 003 kept honest: every non-blank line of the document is in the coverage table
(tests/coverage_003.py, rendered to docs/coverage_003.md), each quote occurs on its line, every reference resolves
to a real step, numeric check or erratum; every erratum of seed 003 and every Source quote of its modules quotes
text that occurs in the document, up to whitespace and LaTeX spelling (the checks of
``coverage_common.CoverageChecks``); the steps the audit added are not vacuous; the convexity module
(Definitions 1.1-1.4, Theorem 1.1) is checked independently."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy as sp
from coverage_003 import AUDIT
from coverage_common import CoverageChecks
from derivation_tools import mutate, mutated_verdict

occurs = AUDIT.occurs


def test_normalize_is_strict_enough() -> None:
    doc = r"$$\kappa = \frac{\lambda_{\max}}{\lambda_{\min}} = \frac{26}{10} = 2.6$$"
    assert occurs("kappa = lambda_max / lambda_min = 26/10 = 2.6", doc) is None
    assert occurs("kappa = lambda_max / lambda_min = 26/10 = 2.7", doc) is not None  # a changed digit
    assert occurs("kappa = ... = 26/10 ... = 2.6", doc) is None
    assert occurs("= 2.6 ... kappa = 26/10", doc) is not None  # fragments must come in order
    assert occurs("kappa = lambda_min / lambda_max", doc) is not None  # swapped
    assert occurs(r"x_{t+1} = x_t - \alpha \nabla f", "GD is $x_{t+1} = x_t - \\alpha \\nabla f(x_t)$") is None
    assert occurs("H = 10 & 0 0 & 26", r"$$H = \begin{bmatrix} 10 & 0 \\ 0 & 26 \end{bmatrix}$$") is None


class TestCoverage(CoverageChecks):
    audit = AUDIT
    min_steps, min_erratum_rows, min_errata = 100, 35, 35
    errata_need_claims = False  # some errata are refuted by their evidence (a counterexample, a computation)

    # ------------------------------------------------------------------------------------- the audit's steps bite

    def test_new_steps_refute_their_mutations(self, built) -> None:
        L, k, C = sp.Symbol("L", positive=True), sp.Symbol("k", integer=True, positive=True), sp.Symbol("C", positive=True)
        rr = sp.Symbol(r"\|y - x\|^{2}", nonnegative=True)
        # Theorem 1.2's constant: int_0^1 L s ds is L/2, not L
        assert mutated_verdict(built["descent_lemma"], "$\\int_0^1 L s", L * rr).refuted
        # the bound's gain from one more step is C/(k(k+1)), not C/k^2
        assert mutated_verdict(built["gd_rate_convex"], "one more iteration lowers", C / k**2).refuted
        # the steep coordinate's factor at the best step is -(kappa-1)/(kappa+1), not +(kappa-1)/(kappa+1)
        l1, l2 = sp.symbols("lambda_1 lambda_2", positive=True)
        assert mutated_verdict(built["conditioning"], "GD factor on the steep", (l2 / l1 - 1) / (l2 / l1 + 1)).refuted
        assert mutated_verdict(built["conditioning"], "$5x^2 + 13y^2$, $\\eta = 2/36$", sp.Rational(4, 9)).refuted
        # 1 - beta_2^t = t delta + O(delta^2), not 2 t delta
        t, dl = sp.Symbol("t", integer=True, positive=True), sp.Symbol("delta", positive=True)
        assert mutated_verdict(built["adam_bias"], "with $\\delta = 1 - \\beta_2$", 2 * t * dl).refuted
        # the uniform family's score has mean -1/theta, not 0 (the mutation is the document's 'always 0')
        assert mutated_verdict(built["fisher_kl"], "uniform on $[0, \\theta]$", sp.Integer(0)).refuted
        # the Gaussian's expected NLL curvature is 1/(2 sigma^4), not -1/(2 sigma^4)
        v = sp.Symbol("sigma^2", positive=True)
        assert mutated_verdict(built["fisher_kl"], "its expectation under the model", -1 / (2 * v**2)).refuted
        # a non-diagonal Hessian: the curvature along x is a, not the eigenvalue a + b
        a, b = sp.Symbol("a", positive=True), sp.Symbol("b", positive=True)
        assert mutated_verdict(built["conditioning"], "but the curvature along $x$", sp.Matrix([[a + b]])).refuted
        # Cholesky: R R^T with R's off-diagonal entry p_12 instead of p_12/sqrt(p_11) is not P (checked by hand)
        pa, pc, pb = sp.Symbol("p_11", positive=True), sp.Symbol("p_22", positive=True), sp.Symbol("p_12", real=True)
        Rw = sp.Matrix([[sp.sqrt(pa), 0], [pb, sp.sqrt(pc - pb**2 / pa)]])
        assert sp.simplify(Rw * Rw.T - sp.Matrix([[pa, pb], [pb, pc]])) != sp.zeros(2, 2)


# ------------------------------------------------------------------------------------------ convexity
@pytest.fixture(scope="module")
def convexity_report():
    from derivations import convexity

    d = convexity.derive()
    return d, d.verify()


def test_convexity_verifies(convexity_report) -> None:
    _, r = convexity_report
    bad = [(i, s.why, str(s.verdict)) for i, s in enumerate(r.steps, 1) if not s.verdict.proved]
    assert not bad, bad
    assert r.ok
    (err,) = r.errata
    assert err.confirmed is True and "Theorem 1.1" in err.quote


def test_convexity_abs_has_no_derivative_at_zero() -> None:
    # independently: the one-sided difference quotients of |x| at 0
    h = sp.Symbol("h", positive=True)
    assert sp.limit(sp.Abs(h) / h, h, 0, "+") == 1
    assert sp.limit(sp.Abs(-h) / (-h), h, 0, "+") == -1
    # and the subgradient inequality |y| >= c y holds for every c in [-1, 1], on a grid
    ys, cs = np.linspace(-3, 3, 61), np.linspace(-1, 1, 21)
    assert (np.abs(ys)[:, None] - cs[None, :] * ys[:, None] >= 0).all()


def test_convexity_by_hand_on_a_quadratic_and_a_nonconvex_function() -> None:
    # f(x) = x^2: the tangent-plane gap is (y - x)^2 and the Hessian 2 >= 0; cos fails at x = 0
    x, y = sp.symbols("x y", real=True)
    assert sp.expand(y**2 - x**2 - 2 * x * (y - x) - (y - x) ** 2) == 0
    assert sp.cos(sp.pi) - (sp.cos(0) - sp.sin(0) * (sp.pi - 0)) < 0  # below its tangent at 0: not convex
    from derivations.convexity import first_order_gap

    assert sp.expand(first_order_gap(x**2, y**2, 2 * x * (y - x)) - (y - x) ** 2) == 0


def test_convexity_mutated_steps_are_refuted() -> None:
    from derivations import convexity

    d = convexity.derive()
    # the epigraph combination with the weights swapped is not an upper bound
    t, p, r = sp.Symbol("t", positive=True), *sp.symbols("p r", nonnegative=True)
    fx, fy = sp.symbols("f(x) f(y)", real=True)
    i = mutate(d, "$f(x) \\le a", (1 - t) * (fx + p) + t * (fy + r))
    # the sign of the monotone gradient flipped
    a_x, a_y = sp.Symbol(r"\nabla f(x)^{T}(y - x)", real=True), sp.Symbol(r"\nabla f(y)^{T}(y - x)", real=True)
    j = mutate(d, "$f(x)$, $f(y)$ cancel", a_x - a_y)
    rep = d.verify(numeric=False)
    for k in (i, j):
        assert rep.steps[k].verdict.refuted, str(rep.steps[k].verdict)


def test_new_steps_by_independent_computation() -> None:
    # the Bernoulli KL is not symmetric: KL(1/2 || 1/4) != KL(1/4 || 1/2), computed here by hand
    def kl(p: float, q: float) -> float:
        return p * np.log(p / q) + (1 - p) * np.log((1 - p) / (1 - q))

    assert abs(kl(0.5, 0.25) - kl(0.25, 0.5)) > 1e-3
    # ...but symmetric to second order: both / s^2 -> delta^2 / (2 p (1 - p))
    p, dlt = 0.3, 0.7
    for s in (1e-3, 1e-4):
        target = dlt**2 / (2 * p * (1 - p))
        assert abs(kl(p + s * dlt, p) / s**2 - target) < 10 * s and abs(kl(p, p + s * dlt) / s**2 - target) < 10 * s
    # the uniform family on [0, theta]: d/dtheta of int_0^theta p dx (= 1) is 0, but the integral of dp/dtheta
    # = -1/theta^2 over the support is -1/theta (the boundary term): the swap behind "the score has mean 0" fails
    theta, h = 2.0, 1e-6
    grid = np.linspace(0, theta, 10001)
    total = lambda th: np.trapezoid(np.full(10001, 1 / th), np.linspace(0, th, 10001))  # noqa: E731
    assert abs((total(theta + h) - total(theta - h)) / (2 * h)) < 1e-6
    assert abs(np.trapezoid(np.full_like(grid, -1 / theta**2), grid) - (-1 / theta)) < 1e-12
    # Adam: E[v_t] by the recursion is below sigma^2 and increasing (beta_2 = 0.999, sigma^2 = 1)
    ev = [0.0]
    for _ in range(50):
        ev.append(0.999 * ev[-1] + 0.001)
    assert all(0 < a < b < 1 for a, b in itertools.pairwise(ev[1:]))
    assert abs(ev[10] - 10 * 0.001) < 1e-4  # 1 - beta^t ~ t (1 - beta) for small t
