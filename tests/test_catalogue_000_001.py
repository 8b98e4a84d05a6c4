"""Documents 000 (trust region) and 001 (GD vs gradient flow, the modified loss).  Expected results are
computed here independently: SymPy's own jacobian/hessian on concrete losses, closed-form flows, and a
midpoint-rule integrator written here."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from derivation_tools import result, step

from symgd import Claim, Rel, decide

NAMES = ("trust_region", "gd_vs_flow_general", "modified_loss")


@pytest.fixture(scope="module")
def verified(catalogue) -> dict:
    return {name: catalogue[name] for name in NAMES}


def _concrete(expr, L, x1, x2):
    """Replace the undefined L by a concrete smooth function and evaluate every derivative."""
    f = sp.Lambda((x1, x2), sp.exp(x1 / 3) * sp.cos(x2) + x1**3 * x2 + x2**4 / 5)
    return expr.replace(L, f).doit()


def _midpoint_flow(grad, y0: np.ndarray, time: float, steps: int = 4000) -> np.ndarray:
    """Explicit midpoint rule for y' = -grad(y) (second order; independent of the modules' RK4)."""
    y, h = y0.astype(float), time / steps
    for _ in range(steps):
        y = y - h * grad(y - h / 2 * grad(y))
    return y


def test_registered() -> None:
    from derivations import MODULES, by_name

    assert set(NAMES) <= set(by_name())
    names = [m.__name__.rsplit(".", 1)[-1] for m in MODULES]
    assert names.index("trust_region") == names.index("local_model") + 1


# ----------------------------------------------------------------------------- 000: trust region


def test_trust_region_results(verified) -> None:
    d, _ = verified["trust_region"]
    n = sp.Symbol("n", integer=True, positive=True)
    eta = sp.Symbol("eta", positive=True)
    g, x_s, dv = (sp.MatrixSymbol(s, n, 1) for s in ("g", "x_s", "d"))
    rng = np.random.default_rng(11)
    gv, dd, xv = (rng.integers(-5, 6, size=(4, 1)) for _ in range(3))
    vals = {g: sp.ImmutableMatrix(gv), dv: sp.ImmutableMatrix(dd), x_s: sp.ImmutableMatrix(xv), n: 4,
            eta: sp.Rational(3, 7)}

    def value(expr) -> sp.Rational:
        return sp.nsimplify(expr.xreplace(vals).doit().as_explicit()[0, 0])

    length = result(d, r"$\|x^+ - x_s\|")
    assert value(length.rhs) == sp.Rational(9, 49) * int((gv**2).sum())  # eta^2 ||g||^2
    ident = result(d, r"$\langle g, d \rangle + \eta \|g\|^2")
    assert value(ident.lhs) == int((gv * dd).sum()) + sp.Rational(3, 7) * int((gv**2).sum())
    model = result(d, "$m(x^+)")
    f_s = sp.MatrixSymbol("f(x_{s})", 1, 1)
    vals[f_s] = sp.ImmutableMatrix([[2]])
    assert value(model.rhs) == 2 - sp.Rational(3, 14) * int((gv**2).sum())
    # the penalty weight and its monotonicity, by SymPy's solver-free calculus here
    weight = result(d, "the penalty weight")
    assert weight.rel is Rel.LT and weight.rhs == 0
    assert sp.diff(1 / (2 * eta), eta) == -1 / (2 * eta**2)
    # the ball bound: random d inside the ball never beats the GD step on <g, d>
    gq = rng.normal(size=6)
    for lr in (0.05, 0.7, 3.0):
        pts = rng.normal(size=(500, 6))
        pts *= (lr * np.linalg.norm(gq) / np.linalg.norm(pts, axis=1))[:, None] * rng.uniform(0, 1, (500, 1))
        assert (pts @ gq).min() >= -lr * gq @ gq - 1e-12


def test_trust_region_errata_counterexamples(verified) -> None:
    _, r = verified["trust_region"]
    cap = next(e for e in r.errata if "trust region" in e.quote)
    ce = {k: sp.Rational(v) for k, v in cap.verdict.counterexample.items()}
    assert (4 * ce["eta"] * ce["x"] ** 3) ** 2 > ce["r"] ** 2  # a step longer than the bound r
    saddle = next(e for e in r.errata if "minimum" in e.quote)
    eps = sp.Rational(saddle.verdict.counterexample["epsilon"])
    assert eps != 0 and -(eps**2) / 2 < 0  # f(0, eps) < f(0, 0): not a local minimum
    first = next(e for e in r.errata if "paraboloid" in e.quote)
    assert "h^2" in first.verdict.detail  # the second-order coefficient f''/2 - 1/(2 eta) is not zero there


# ----------------------------------------------------------------------------- 001: GD vs flow


def test_jet_chain_rule_matches_sympy() -> None:
    from derivations.gd_vs_flow_general import Jet

    t = sp.Symbol("t")
    x1, x2 = sp.symbols("theta_1:3", real=True)
    L = sp.Function("L")
    p = (1 + 2 * t - t**2, sp.Rational(1, 2) - 3 * t + t**3)
    jet = Jet(sp.Derivative(L(x1, x2), x1), (x1, x2), p)
    f = sp.exp(x1 / 3) * sp.cos(x2) + x1**3 * x2 + x2**4 / 5
    direct = sp.diff(f, x1).subs({x1: p[0], x2: p[1]}, simultaneous=True)
    for k in (1, 2, 3):
        got = _concrete(sp.diff(jet, t, k), L, x1, x2)
        for tv in (sp.Rational(1, 3), sp.Rational(-2, 5)):
            assert abs(sp.N((got - sp.diff(direct, t, k)).subs(t, tv), 30)) < 1e-25


@pytest.mark.parametrize("dim", [1, 2, 3])
def test_gd_vs_flow_result_is_theta0_minus_eta_g_plus_half_eta2_Hg(verified, dim) -> None:
    from derivations.gd_vs_flow_general import Jet

    d, _ = verified["gd_vs_flow_general"]
    res = result(d, f"$d = {dim}$: " + r"$\theta_{flow} = ")
    assert res.rel is Rel.APPROX and res.order[1] == 3
    res = d.expand_definitions(res)  # the named vectors theta_0, g, H in coordinates
    L = sp.Function("L")
    x = sp.symbols(f"theta_1:{dim + 1}", real=True)
    th0 = [sp.Symbol(f"theta_0_{i + 1}", real=True) for i in range(dim)]
    eta = sp.Symbol("eta", positive=True)
    f = sum((i + 2) * sp.sin(xi) * x[0] for i, xi in enumerate(x)) + x[-1] ** 4
    point = {xi: sp.Rational(i + 1, 3) for i, xi in enumerate(x)}
    grad = sp.Matrix([f]).jacobian(x).T.subs(point)
    H = sp.hessian(f, x).subs(point)
    expected = sp.Matrix([point[xi] for xi in x]) - eta * grad + eta**2 / 2 * H * grad
    got = sp.ImmutableMatrix(res.rhs.doit()).xreplace(dict(zip(th0, [point[xi] for xi in x], strict=True)))
    got = got.replace(lambda e: isinstance(e, Jet), lambda e: sp.Subs(e.args[0].replace(L, sp.Lambda(x, f)), *e.args[1:]))
    assert sp.simplify(got.doit() - expected) == sp.zeros(dim, 1)
    gap = result(d, f"$d = {dim}$: " + r"$\theta_{flow} - \theta_{GD}")
    assert gap.rel is Rel.APPROX and gap.order == (eta, 3)


def test_flow_expansion_against_an_independent_integrator() -> None:
    # a non-quadratic 2-D loss, its gradient and Hessian by sympy's jacobian here, the flow by the midpoint rule
    x1, x2 = sp.symbols("u v", real=True)
    f = sp.cosh(x1 - x2) + x1**4 / 4 + x1 * x2
    grad = sp.lambdify([(x1, x2)], sp.Matrix([f]).jacobian([x1, x2]), "numpy")
    hess = sp.lambdify([(x1, x2)], sp.hessian(f, (x1, x2)), "numpy")
    y0 = np.array([0.3, -0.5])
    g0, H0 = np.ravel(grad(y0)), np.array(hess(y0))

    def field(y: np.ndarray) -> np.ndarray:
        return np.ravel(grad(y))

    for e in (0.02, 0.01):
        end = _midpoint_flow(field, y0, e)
        ratio = (end - (y0 - e * g0)) / (e**2 * H0 @ g0)
        assert np.allclose(ratio, 0.5, atol=0.05)  # the eta^2 coefficient is H g / 2, not H g


def test_gd_vs_flow_errata_counterexamples(verified) -> None:
    _, r = verified["gd_vs_flow_general"]
    faster = next(e for e in r.errata if "more quickly" in e.quote)
    ce = {k: sp.Rational(v) for k, v in faster.verdict.counterexample.items()}
    x = float(ce["eta"] * ce["lambda"])
    assert abs(1 - x) > math.exp(-x) and x > 1.2785  # GD slower than the flow there
    assert abs(1 - 0.5) < math.exp(-0.5)  # the figure's eta lambda = 1/2: GD is indeed ahead
    linear = next(e for e in r.errata if "disagree at order" in e.quote)
    assert linear.verdict.refuted and "0 < 0" in linear.verdict.detail
    # the linear loss: the flow theta_0 - c t (independent closed form) equals the GD step for every eta
    c, th0, eta = sp.symbols("c theta_0 eta")
    assert sp.expand((th0 - c * eta) - (th0 - eta * sp.diff(c * th0, th0))) == 0


# ----------------------------------------------------------------------------- 001: modified loss


def test_modified_loss_expression() -> None:
    from derivations.modified_loss import modified_loss, regularizer

    eta, lam = sp.symbols("eta lambda", positive=True)
    th = sp.Symbol("theta", real=True)
    # the quadratic warmup: (1/2)(lambda + eta lambda^2/2) theta^2, as written in the document
    assert sp.expand(modified_loss(lam * th**2 / 2, (th,)) - (lam + eta * lam**2 / 2) * th**2 / 2) == 0
    x1, x2 = sp.symbols("a b", real=True)
    f = x1**2 * x2 + sp.sin(x2)
    assert sp.expand(regularizer(f, (x1, x2)) - ((2 * x1 * x2) ** 2 + (x1**2 + sp.cos(x2)) ** 2) / 4) == 0


@pytest.mark.parametrize("dim", [1, 2, 3])
def test_modified_loss_results(verified, dim) -> None:
    d, _ = verified["modified_loss"]
    L = sp.Function("L")
    x = sp.symbols(f"theta_1:{dim + 1}", real=True)
    grad_r = d.expand_definitions(result(d, f"$d = {dim}$: $\\nabla \\frac14 \\|\\nabla L\\|^2"))  # rhs: named factors
    # independently, with a concrete L: sympy's hessian times its jacobian
    f = sp.exp(x[0]) * sp.prod([sp.cos(xi) for xi in x[1:]]) + sum(xi**3 for xi in x)
    expected = sp.hessian(f, x) * sp.Matrix([f]).jacobian(x).T / 2
    got = grad_r.rhs.replace(L, sp.Lambda(x, f)).doit()
    assert sp.simplify(got - expected) == sp.zeros(dim, 1)
    lhs = grad_r.lhs.replace(L, sp.Lambda(x, f)).doit()
    assert sp.simplify(lhs - sp.Matrix([sum(sp.diff(f, xi) ** 2 for xi in x) / 4]).jacobian(x).T) == sp.zeros(dim, 1)
    from derivations.modified_loss import FLOW_DIMS

    if dim not in FLOW_DIMS:
        return
    match = result(d, f"$d = {dim}$: matching requires")
    assert match.rel is Rel.SOLVES
    end = d.expand_definitions(result(d, f"$d = {dim}$: gradient flow on $L + \\frac{{\\eta}}{{4}}"))
    th0 = sp.ImmutableMatrix([sp.Symbol(f"theta_0_{i + 1}", real=True) for i in range(dim)])
    eta = sp.Symbol("eta", positive=True)
    assert end.rel is Rel.APPROX and end.order == (eta, 3)
    from derivations.gd_vs_flow_general import at

    g = at(sp.ImmutableMatrix([sp.diff(L(*x), xi) for xi in x]), x, th0)
    assert sp.ImmutableMatrix(end.rhs.doit()) == th0 - eta * g  # exactly the GD step


def test_modified_flow_is_third_order_close_to_gd_independently() -> None:
    # theta_flow on L + (eta/4)||grad L||^2 minus the GD step, divided by eta^3, stays bounded (midpoint rule here)
    u, v, e_ = sp.symbols("u v e", real=True)
    f = sp.log(1 + sp.exp(u + 2 * v)) + u**2 + v**4 / 4
    grads = [sp.diff(f, s) for s in (u, v)]
    lmod = f + e_ / 4 * sum(gi**2 for gi in grads)
    g_l = sp.lambdify([(u, v)], grads, "numpy")
    g_m = sp.lambdify([(u, v), e_], [sp.diff(lmod, s) for s in (u, v)], "numpy")
    y0 = np.array([0.2, -0.3])
    ratios_l, ratios_m = [], []
    for e in (0.04, 0.02, 0.01):
        gd = y0 - e * np.array(g_l(y0))
        ratios_l.append(np.linalg.norm(_midpoint_flow(lambda y: np.array(g_l(y)), y0, e, 2000) - gd) / e**2)
        ratios_m.append(np.linalg.norm(_midpoint_flow(lambda y, e=e: np.array(g_m(y, e)), y0, e, 2000) - gd) / e**3)
    assert max(ratios_l) / min(ratios_l) < 1.2  # error ~ eta^2 against L
    assert max(ratios_m) / min(ratios_m) < 1.3  # error ~ eta^3 against L_eta
    assert ratios_m[-1] * 0.01 < 0.2 * ratios_l[-1]  # and much smaller at eta = 0.01


# ----------------------------------------------------------------------------- mutations


def test_mutated_key_steps_are_refuted() -> None:
    from derivations import gd_vs_flow_general, modified_loss, trust_region
    from derivations.gd_vs_flow_general import at, coordinates, gradient, hessian

    eta = sp.Symbol("eta", positive=True)
    # gd_vs_flow_general, d = 1: the Taylor step with eta^2 H g instead of (eta^2/2) H g
    d = gd_vs_flow_general.derive()
    taylor = step(d, "Taylor")
    x, th0 = coordinates(1)
    L = sp.Function("L")
    g, H = at(gradient(L(*x), x), x, th0), at(hessian(L(*x), x), x, th0)
    bad = Claim(taylor.claim.lhs, Rel.APPROX, th0 - eta * g + eta**2 * H * g, order=(eta, 3))
    v = decide(d.expand_definitions(bad), d.context(), timeout=20)
    assert v.refuted and v.counterexample and "eta^2" in v.detail, str(v)

    # modified_loss, d = 1: R = (1/3)||grad L||^2 has the wrong gradient ...
    d = modified_loss.derive()
    coord = step(d, "$\\partial_j")
    wrong = sp.ImmutableMatrix([sp.Derivative(sp.Rational(1, 3) * sp.diff(L(*x), x[0]) ** 2, x[0])])
    v = decide(Claim(wrong, Rel.EQ, coord.claim.rhs), d.context(), timeout=20)
    assert v.refuted and v.counterexample, str(v)
    # ... and its flow misses the GD step at order eta^2
    d2 = modified_loss.derive()
    n_before = len(d2.steps)
    flow, _, _ = modified_loss._flow_coefficients(d2, L(*x) + eta / 3 * sp.diff(L(*x), x[0]) ** 2, x, th0, 1, "M", "m")
    assert all(s.claim.rel in (Rel.APPROX, Rel.SOLVES) for s in d2.steps[n_before:])
    v = decide(d2.expand_definitions(Claim(flow, Rel.APPROX, th0 - eta * g, order=(eta, 3))), d2.context(), timeout=20)
    assert v.refuted and "eta^2" in v.detail, str(v)
    # ... while the derived 1/4 passes the same check (the mutation is what fails)
    flow, _, _ = modified_loss._flow_coefficients(d2, L(*x) + eta / 4 * sp.diff(L(*x), x[0]) ** 2, x, th0, 1, "N", "n")
    good = d2.expand_definitions(Claim(flow, Rel.APPROX, th0 - eta * g, order=(eta, 3)))
    assert decide(good, d2.context(), timeout=20).proved

    # trust_region: the step length claimed as eta ||g||^2 (eta instead of eta^2) is refuted
    d = trust_region.derive()
    first = d.steps[0]
    n = sp.Symbol("n", integer=True, positive=True)
    gm = sp.MatrixSymbol("g", n, 1)
    v = decide(Claim(first.claim.lhs, Rel.EQ, eta * gm.T * gm), d.context(), timeout=20)
    assert v.refuted and v.counterexample, str(v)
