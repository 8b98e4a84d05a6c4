"""symgd.rates against PEPit (an independent PEP implementation) for N = 1..10 on every method both support."""

from __future__ import annotations

import pytest

from symgd.rates import pep

SOLVER = "CLARABEL"  # the same solver on both sides: the comparison tests the formulations, not solvers


@pytest.fixture(autouse=True, scope="module")
def _peers() -> None:
    """The peers, imported at the first test's setup, not at collection (see tests/lazy_modules.py)."""
    pytest.importorskip("PEPit")
    pytest.importorskip("cvxpy")


def pepit_gd(N: int, L: float, mu: float, h: float, metric: str) -> float:
    from PEPit import PEP
    from PEPit.functions import SmoothStronglyConvexFunction

    problem = PEP()
    func = problem.declare_function(SmoothStronglyConvexFunction, mu=mu, L=L)
    xs = func.stationary_point()
    fs = func(xs)
    x0 = problem.set_initial_point()
    problem.set_initial_condition((x0 - xs) ** 2 <= 1)
    x = x0
    for _ in range(N):
        x = x - h / L * func.gradient(x)
    problem.set_performance_metric(func(x) - fs if metric == "gap" else (x - xs) ** 2)
    return problem.solve(verbose=0, wrapper="cvxpy", solver=SOLVER)


@pytest.mark.slow
@pytest.mark.parametrize("N", range(1, 11))
def test_against_pepit(N: int) -> None:
    import sympy as sp
    from PEPit.examples.unconstrained_convex_minimization import (
        wc_accelerated_gradient_convex,
        wc_heavy_ball_momentum,
        wc_optimized_gradient,
    )

    from symgd.optim.rules import HEAVY_BALL
    from symgd.rates import from_rule

    half, quarter = sp.Rational(1, 2), sp.Rational(1, 4)

    cases = [
        (pep("gd", N, certificate=False).value, pepit_gd(N, 1.0, 0.0, 1.0, "gap")),
        (pep("gd", N, mu="1/10", metric="distance", certificate=False).value, pepit_gd(N, 1.0, 0.1, 1.0, "distance")),
        (pep("nesterov", N, certificate=False).value, wc_accelerated_gradient_convex(0, 1, N, solver=SOLVER, verbose=-1)[0]),
        (pep("ogm", N, certificate=False).value, wc_optimized_gradient(1, N, solver=SOLVER, verbose=-1)[0]),
        # symgd.optim's heavy ball rule, unrolled (x_{-1} = x_0), against PEPit's: f(x_0) - f_* <= 1, gap after N
        (pep(from_rule(HEAVY_BALL, lr=half, mu=quarter), N, mu="1/10", initial="gap", certificate=False).value,
         wc_heavy_ball_momentum(0.1, 1, 0.5, 0.25, N, solver=SOLVER, verbose=-1)[0]),
    ]
    for ours, theirs in cases:
        assert abs(ours - theirs) <= 1e-6 * max(1.0, abs(theirs)), (N, ours, theirs)
