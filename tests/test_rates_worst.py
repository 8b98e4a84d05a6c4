"""The worst case read off the PEP's primal solution: a Huber function on which GD attains the certified bound."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from symgd.rates import gd, pep
from symgd.rates.plots import data_tight_rate
from symgd.rates.worst import Huber, huber_from_worst_case


@pytest.fixture(autouse=True, scope="module")
def _peers() -> None:
    """The peers, imported at the first test's setup, not at collection (see tests/lazy_modules.py)."""
    pytest.importorskip("cvxpy")


@pytest.mark.parametrize(("N", "L", "h"), [(1, 1, Fraction(1)), (2, 2, Fraction(1)), (5, 3, Fraction(1)),
                                            (3, 1, Fraction(1, 2))])
def test_huber_from_the_primal_attains_the_certified_bound(N: int, L: int, h: Fraction) -> None:
    from symgd.optim.optimizers import gd as gd_optimizer

    rate = pep(gd(h), N, L=L)
    assert rate.verdict.proved
    found = huber_from_worst_case(rate)
    assert found is not None
    huber, xs = found
    assert huber.delta == Fraction(L, 2 * N * h + 1)  # Drori and Teboulle's worst function, read off the solution
    # exact GD on it: the gap is the certified upper bound itself, so the bound is the worst case exactly
    assert huber.gd_gap(Fraction(1), N, h) == rate.bound
    # symgd's compiled optimizer on it, in floats: the same gap to rounding, along the primal's trajectory
    opt = gd_optimizer(lr=float(h) / L)
    x = np.array([1.0])
    state = opt.init(x)
    path = [x[0]]
    for _ in range(N):
        x, state = opt.update(huber.grad(x), state, x)
        path.append(x[0])
    assert abs(float(huber.value(x)[0]) - float(rate.bound)) < 1e-12
    assert np.abs(np.array(path) - xs).max() < 1e-4  # the primal solution's iterates (solver accuracy)


def test_huber_is_convex_and_L_smooth() -> None:
    h = Huber(Fraction(2), Fraction(1, 3))
    xs = np.linspace(-2, 2, 4001)
    g = h.grad(xs)
    slopes = np.diff(g) / np.diff(xs)
    assert slopes.min() >= -1e-12 and slopes.max() <= 2 + 1e-9  # monotone gradient, Lipschitz with L = 2
    assert np.allclose(np.gradient(h.value(xs), xs)[1:-1], g[1:-1], atol=1e-3)


def test_no_huber_when_the_worst_case_is_not_one() -> None:
    assert huber_from_worst_case(pep("gd", 2, mu="1/10", metric="distance", certificate=False)) is None


def test_figure_data_documents_bound_about_twice_the_tight_one() -> None:
    d = data_tight_rate(n_max=20)
    assert np.abs(d["huber_gap"] - d["tight"]).max() < 1e-12
    ratio = d["document"] / d["tight"]
    assert np.allclose(ratio, 2 + 1 / d["N"]) and ratio.min() > 2


def test_attained_proves_tightness_exactly() -> None:
    import sympy as sp

    from symgd.optim.rules import HEAVY_BALL
    from symgd.rates import attained, fixed_steps, from_rule

    for rate in (pep("gd", 4), pep(fixed_steps([[1], [1, 1]]), 2, L=3), pep("gd", 3, metric="gradient")):
        low, _ = attained(rate)
        assert low == rate.bound  # a function of the class reaches the certified bound: it is the worst case
    L = sp.Symbol("L", positive=True)
    hb = pep(from_rule(HEAVY_BALL, lr=1 / L, mu=sp.Rational(1, 10)), 3)
    low, _ = attained(hb)
    assert hb.verdict.proved and low <= hb.bound and float(low) > 0.9999 * float(hb.bound)  # an exact sandwich
    assert attained(pep("gd", 2, mu="1/10", certificate=False)) is None  # no Huber function is strongly convex


def test_numeric_duals_on_the_chain_support_are_drori_teboulle() -> None:
    """Restricted to consecutive pairs and the optimum, the SDP's multipliers are lambda_i = i/(2N+1-i) on (i-1, i)
    and their differences on (*, i): the closed form the derivation rate_gd_tight proves for every N."""
    from symgd.rates import STAR, build
    from symgd.rates.sdp import solve

    for N in (3, 6):
        problem = build(gd(), N)
        chain = [(i - 1, i) for i in range(1, N + 1)] + [(STAR, i) for i in range(N + 1)]
        num = solve(problem, support=chain)
        lam = dict(zip(problem.pairs(), num.multipliers, strict=True))
        closed = [0.0] + [i / (2 * N + 1 - i) for i in range(1, N + 1)] + [1.0]
        assert abs(num.value - 1 / (4 * N + 2)) < 1e-7
        for i in range(1, N + 1):
            assert abs(lam[(i - 1, i)] - closed[i]) < 1e-4  # solver accuracy on the multipliers
        for i in range(N + 1):
            assert abs(lam[(STAR, i)] - (closed[i + 1] - closed[i])) < 1e-4
