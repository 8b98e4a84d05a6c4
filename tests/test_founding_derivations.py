"""The three founding derivations: exact results, every step proved, numeric checks pass."""

from __future__ import annotations

import sympy as sp
from derivation_tools import mutate, step_index

from symgd import Rel


def _all_proved(report) -> None:
    bad = [(i, s.why, str(s.verdict)) for i, s in enumerate(report.steps, 1) if not s.verdict.proved]
    assert not bad, bad
    assert all(o.passed for _, o, _ in report.numeric), [o.detail for _, o, _ in report.numeric]
    assert report.ok


def test_local_model(verified) -> None:
    d, r = verified["local_model"]
    _all_proved(r)
    gd, unbounded, constant, newton, gd_as_newton = (c for c, _ in d.results)
    n = sp.Symbol("n", integer=True, positive=True)
    eta = sp.Symbol("eta", positive=True)
    x_s, g, H = sp.MatrixSymbol("x_s", n, 1), sp.MatrixSymbol("g", n, 1), sp.MatrixSymbol("H", n, n)
    assert gd.rel is Rel.SOLVES and (gd.rhs - (x_s - eta * g)).doit() == sp.ZeroMatrix(n, 1)
    assert (newton.rhs - (x_s - H.I * g)).doit() == sp.ZeroMatrix(n, 1)
    assert unbounded.rel is Rel.LT
    assert constant.rel is Rel.EQ and constant.lhs.doit() == constant.rhs  # g = 0: the model is f(x_s)
    assert gd_as_newton.rel is Rel.EQ and (gd_as_newton.rhs - (x_s - eta * g)).doit() == sp.ZeroMatrix(n, 1)


def test_modified_quadratic(verified) -> None:
    d, r = verified["modified_quadratic"]
    _all_proved(r)
    lam, eta = sp.symbols("lambda eta", positive=True)
    theta0 = sp.Symbol("theta_0", real=True)
    results = [c for c, _ in d.results]
    # one GD step, independently: theta0 - eta * lambda * theta0
    assert sp.expand(results[0].rhs - (theta0 - eta * lam * theta0)) == 0
    # the mismatch: e^{-lambda eta} theta0 - (1 - eta lambda) theta0 has eta^2 coefficient lambda^2 theta0 / 2
    mismatch = sp.series(sp.exp(-lam * eta) * theta0 - (1 - eta * lam) * theta0, eta, 0, 3).removeO()
    texts = [text for _, text in d.results]
    assert sp.expand(results[texts.index(r"the mismatch is $\frac{\lambda^2\eta^2}{2}\theta_0 + O(\eta^3)$")].rhs - mismatch) == 0
    # GD at time t = k eta tends to the flow as eta -> 0 (limit computed here with a log)
    t = sp.Symbol("t", positive=True)
    limit = results[texts.index(r"gradient flow is the $\eta \to 0$ limit of GD at time $t = k\eta$")]
    assert sp.simplify(limit.rhs.subs(sp.Symbol("t", nonnegative=True), t)
                       - theta0 * sp.exp(sp.limit(t / eta * sp.log(1 - eta * lam), eta, 0, "+"))) == 0
    # the modified loss minus the loss is (eta/4) (lambda theta)^2
    theta = sp.Symbol("theta", real=True)
    last = d.expand_definitions(results[-1])
    assert sp.simplify((last.lhs - last.rhs).doit()) == 0
    assert sp.simplify(last.rhs.doit() - eta / 4 * (lam * theta) ** 2) == 0


def test_adam_bias(verified) -> None:
    d, r = verified["adam_bias"]
    _all_proved(r)
    b1, b2, sigma = sp.symbols("beta_1 beta_2 sigma", positive=True)
    mu = sp.Symbol("mu", real=True)
    t = sp.Symbol("t", integer=True, positive=True)
    by_text = {text: c for c, text in d.results}
    ev = next(c for k, c in by_text.items() if k.startswith(r"$\mathbb{E}[v_t]"))
    assert sp.simplify(ev.rhs - sigma**2 * (1 - b2**t)) == 0
    em = next(c for k, c in by_text.items() if k.startswith(r"$\mathbb{E}[m_t]"))
    assert sp.simplify(em.rhs - mu * (1 - b1**t)) == 0
    # independent check of the closed form against the recursion for t = 1..6
    v = 0
    for step in range(1, 7):
        v = b2 * v + (1 - b2) * sigma**2  # E[v_t] by the recursion, using linearity
        assert sp.simplify(v - sigma**2 * (1 - b2**step)) == 0
    # the erratum (EMAs "underestimate" the first moment) is refuted at a negative mean
    (err,) = r.errata
    assert err.confirmed is True
    assert sp.Rational(err.verdict.counterexample["mu"]) < 0


def test_a_deliberately_wrong_step_is_refuted() -> None:
    from derivations import modified_quadratic

    d = modified_quadratic.derive()
    i = step_index(d, "the correction is")  # L_eta - L = (eta/4) L'^2
    mutate(d, i, d.steps[i].claim.rhs * sp.Rational(4, 3))  # 1/4 -> 1/3
    assert str(sp.Symbol("eta", positive=True)) in str(d.steps[i].claim.rhs)
    r = d.verify(numeric=False)
    assert r.steps[i].verdict.refuted and r.steps[i].verdict.counterexample
    assert not r.ok
