"""Document 003, Sections 1 to "Hessian Preconditioners": descent lemma, the O(1/k) rate, conditioning,
preconditioning and Newton's direction.  Expected results are computed here independently."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from derivation_tools import mutate, results

from symgd import Rel

NAMES = ("descent_lemma", "gd_rate_convex", "conditioning", "preconditioning", "newton_direction")


@pytest.fixture(scope="module")
def verified(catalogue) -> dict:
    return {name: catalogue[name] for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_each_section_has_an_erratum(verified, name) -> None:
    """Every step proved etc.: tests/test_catalogue.py."""
    d, _ = verified[name]
    assert d.errata, "each of these sections has at least one erratum"

def test_descent_lemma_results(verified) -> None:
    d, _ = verified["descent_lemma"]
    res = results(d)
    n = sp.Symbol("n", integer=True, positive=True)
    L, eta = sp.symbols("L eta", positive=True)
    x, g = sp.MatrixSymbol("x", n, 1), sp.MatrixSymbol("g", n, 1)
    f = sp.Function("f", commutative=True)
    one = next(c for k, c in res.items() if k.startswith("one step"))
    assert one.rel is Rel.LE
    # independently: f(x) + <g, -eta g> + (L/2) ||eta g||^2, in coordinates n = 2
    expected = f(x) * sp.Identity(1) + g.T * (-eta * g) + L / 2 * (eta * g).T * (eta * g)
    diff = (one.rhs - expected).xreplace({n: 2}).as_explicit()
    assert sp.expand(diff[0, 0]) == 0
    # the best step: maximize eta - L eta^2 / 2 with sympy's solver, independently
    phi = eta - L * eta**2 / 2
    (best,) = sp.solve(sp.diff(phi, eta), eta)
    assert best == 1 / L and sp.diff(phi, eta, 2) == -L
    stat = next(c for k, c in res.items() if k.startswith("the stationary point"))
    assert stat.rel is Rel.SOLVES and sp.simplify(stat.rhs - best) == 0
    top = next(c for k, c in res.items() if k.startswith("$\\eta = 1/L$ maximizes"))
    assert sp.simplify(top.rhs - phi.subs(eta, best)) == 0  # = 1/(2L)
    q, fx = sp.Symbol(r"\|g\|^{2}", nonnegative=True), sp.Symbol("f(x)", real=True)
    at = next(c for k, c in res.items() if k.startswith("with $\\eta = 1/L$"))
    assert sp.simplify(at.rhs - (fx - q * phi.subs(eta, best))) == 0


def test_descent_lemma_errata_counterexamples(verified) -> None:
    _, r = verified["descent_lemma"]
    strict = next(e for e in r.errata if "strictly convex" in e.quote)
    ce = {k: sp.Rational(v) for k, v in strict.verdict.counterexample.items()}
    assert ce["t"] in (0, 1) or ce["x"] == ce["y"]  # the only places where the stated condition fails for x^2
    taylor = next(e for e in r.errata if "Taylor" in e.says)
    ce = {k: sp.Rational(v) for k, v in taylor.verdict.counterexample.items()}
    assert ce["x"] != ce["x_0"]
    assert next(e for e in r.errata if "Theorem 1.2" in e.quote).claim is None  # evidence is a proved step


def test_gd_rate_convex_results(verified) -> None:
    d, _ = verified["gd_rate_convex"]
    res = results(d)
    t = sp.Symbol("t", positive=True)
    k = sp.Symbol("k", integer=True, positive=True)
    R = sp.Function("R", nonnegative=True)
    final = next(c for txt, c in res.items() if txt.startswith("$f(x_k) - f^*"))
    assert final.rel is Rel.LE and sp.simplify(final.rhs - R(0) / (2 * t * k)) == 0
    # the vector identity, at random numbers (independent of sympy's matrix algebra)
    ident = next(c for txt, c in res.items() if txt.startswith("$\\|x^+ - x^*\\|^2"))
    n = sp.Symbol("n", integer=True, positive=True)
    rng = np.random.default_rng(0)
    vals = {sp.MatrixSymbol(s, n, 1): sp.ImmutableMatrix(rng.integers(-5, 6, size=(4, 1))) for s in ("x", "g", "x^*")}
    tv = sp.Rational(3, 7)
    xv, gv, sv = (np.array(vals[sp.MatrixSymbol(s, n, 1)], dtype=object).ravel() for s in ("x", "g", "x^*"))
    lhs_np = sum((xv - tv * gv - sv) ** 2)
    got = ident.rhs.xreplace({**vals, t: tv, n: 4}).doit().as_explicit()[0, 0]
    assert sp.nsimplify(got) == sp.nsimplify(lhs_np)
    # per-step bound: check numerically on f = (1/2) a x^2 in 1-D for t = 1/a
    per = next(c for txt, c in res.items() if txt.startswith("per step"))
    assert per.rel is Rel.LE


def test_conditioning_results(verified) -> None:
    d, _ = verified["conditioning"]
    x, y = sp.symbols("x y", real=True)
    H = sp.hessian(5 * x**2 + 13 * y**2, (x, y))
    ev = H.eigenvals()
    assert set(ev) == {10, 26}
    kappa = max(ev) / min(ev)
    res = results(d)
    assert next(c for txt, c in res.items() if txt.startswith("$\\kappa = 26/10")).rhs == kappa == sp.Rational(13, 5)
    assert abs(float(kappa) - 2.6) < 1e-15
    spd = next(c for txt, c in res.items() if txt.startswith("$\\kappa(A)"))
    lmin, u, v = sp.Symbol("lambda_min", positive=True), *sp.symbols("u v", nonnegative=True)
    assert sp.simplify(spd.rhs - (lmin + u + v) / lmin) == 0
    shear = np.array([[1.0, 2.0], [0.0, 1.0]])
    assert abs(np.linalg.cond(shear) - (3 + 2 * np.sqrt(2))) < 1e-9
    assert np.allclose(np.linalg.eigvals(shear), 1.0)


def test_preconditioning_results(verified) -> None:
    d, _ = verified["preconditioning"]
    res = results(d)
    # the chain rule with a concrete f, by sympy's jacobian: grad_u f(Ru) = R^T (grad f)(Ru)
    u = sp.Matrix(sp.symbols("u1 u2", real=True))
    R = sp.Matrix([[2, -1], [3, 5]])
    w1, w2 = sp.symbols("w1 w2", real=True)
    f = sp.sin(w1) * w2**2 + w1**3
    Ru = R * u
    lhs = sp.Matrix([f.subs({w1: Ru[0], w2: Ru[1]})]).jacobian(u).T
    grad_f = sp.Matrix([f]).jacobian([w1, w2]).T.subs({w1: Ru[0], w2: Ru[1]})
    assert sp.simplify(lhs - R.T * grad_f) == sp.zeros(2, 1)
    n = sp.Symbol("n", integer=True, positive=True)
    Rm, Hm, um, bm = (sp.MatrixSymbol(s, *sh) for s, sh in (("R", (n, n)), ("H", (n, n)), ("u", (n, 1)), ("b", (n, 1))))
    chain = next(c for txt, c in res.items() if txt.startswith(r"$\nabla g(u)"))
    assert sp.simplify((chain.rhs - Rm.T * (Hm * Rm * um - bm)).doit()) == sp.ZeroMatrix(n, 1)
    step = next(c for txt, c in res.items() if txt.startswith("$w_{t+1}"))
    alpha = sp.Symbol("alpha", positive=True)
    G = sp.MatrixSymbol(r"\nabla f(w)", n, 1)
    assert (step.rhs - (sp.MatrixSymbol("w", n, 1) - alpha * Rm * Rm.T * G)).doit() == sp.ZeroMatrix(n, 1)
    assert np.linalg.eigvalsh(np.array([[2.0, -1], [3, 5]]) @ np.array([[2.0, 3], [-1, 5]])).min() >= 0


def test_newton_direction_results(verified) -> None:
    d, _ = verified["newton_direction"]
    res = results(d)
    n = sp.Symbol("n", integer=True, positive=True)
    x_t, g, H = sp.MatrixSymbol("x_t", n, 1), sp.MatrixSymbol("g", n, 1), sp.MatrixSymbol("H", n, n)
    stat = next(c for txt, c in res.items() if txt.startswith("the stationary point"))
    assert stat.rel is Rel.SOLVES and (stat.rhs - (x_t - H.I * g)).doit() == sp.ZeroMatrix(n, 1)
    # independently: for an SPD H the Newton point minimizes the model (gradient zero, Hessian PD)
    rng = np.random.default_rng(2)
    M = rng.normal(size=(3, 3))
    Hn, gn, xt = M @ M.T + np.eye(3), rng.normal(size=3), rng.normal(size=3)
    xs = np.linalg.solve(Hn, Hn @ xt - gn)
    assert np.allclose(gn + Hn @ (xs - xt), 0)
    value = next(c for txt, c in res.items() if txt.startswith("$m(x^*)"))
    vals = {x_t: sp.ImmutableMatrix(xt), g: sp.ImmutableMatrix(gn), H: sp.ImmutableMatrix(Hn), n: 3,
            sp.MatrixSymbol("f(x_{t})", 1, 1): sp.ImmutableMatrix([[0.0]])}
    got = float(value.rhs.xreplace(vals).doit().as_explicit()[0, 0])
    assert abs(got - (-0.5 * gn @ np.linalg.solve(Hn, gn))) < 1e-9


def test_mutated_key_steps_are_refuted() -> None:
    from derivations import descent_lemma, gd_rate_convex

    # the per-step bound claiming a full ||g||^2 decrease (t instead of t/2) is false
    d = gd_rate_convex.derive()
    t = sp.Symbol("t", positive=True)
    fx, q = sp.Symbol("f(x)", real=True), sp.Symbol(r"\|g\|^{2}", nonnegative=True)
    i = mutate(d, "$t \\le 1/L$", fx - t * q)
    # the vector identity with -t instead of -2t is false
    n = sp.Symbol("n", integer=True, positive=True)
    x, g, xs = (sp.MatrixSymbol(s, n, 1) for s in ("x", "g", "x^*"))
    mutate(d, 0, (x - xs).T * (x - xs) - t * g.T * (x - xs) + t**2 * g.T * g)
    r = d.verify(numeric=False)
    for j in (0, i):
        assert r.steps[j].verdict.refuted and r.steps[j].verdict.counterexample, str(r.steps[j].verdict)
    assert not r.ok
    # the descent lemma's guarantee at eta = 1/L claimed as ||g||^2/L is refuted
    d = descent_lemma.derive()
    L = sp.Symbol("L", positive=True)
    i = mutate(d, "with $\\eta = 1/L$", fx - q / L)
    r = d.verify(numeric=False)
    assert r.steps[i].verdict.refuted
