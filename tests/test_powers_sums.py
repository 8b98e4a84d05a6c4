"""Powers of a natural number and geometric sums to a symbolic limit (symgd/decide/powers.py, geometric.py,
sums.integer_limits): textbook facts proved, and false look-alikes (wrong constant, flipped inequality, missing
hypothesis, shifted exponent) never proved -- each shown false here at an exact point, independently of symgd."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd.core.claims import Claim, Context
from symgd.decide import decide
from symgd.decide.context import Cited
from symgd.decide.geometric import GeometricSums, closed_form
from symgd.decide.powers import prove_by_powers
from symgd.decide.sums import integer_limits, prove_by_induction

b = sp.Symbol("beta", positive=True)
x, r = sp.symbols("x r", real=True)
q, u0 = sp.symbols("q u_0", nonnegative=True)
eta, mu = sp.symbols("eta mu", positive=True)
t = sp.Symbol("t", integer=True, nonnegative=True)
n = sp.Symbol("n", integer=True, nonnegative=True)
i, k = sp.symbols("i k", integer=True)
T = sp.Symbol("T", real=True)  # a sum's limit not declared an integer: read as one
g = sp.Symbol("g", real=True)
lam = sp.Symbol("lambda", positive=True)
poisson = lam**k * sp.exp(-lam) / sp.factorial(k)


def geometric(claim: Claim, hyps: list):
    ctx = Context.make(hyps)
    return GeometricSums().prove(claim, ctx, Cited())


def any_route(claim: Claim, hyps: list):
    ctx = Context.make(hyps)
    return prove_by_powers(claim, ctx) or geometric(claim, hyps) or prove_by_induction(claim, ctx)


TRUE = [
    (Claim(1 - b**t, ">=", 1 - b), [b < 1, t >= 1]),
    (Claim((1 - b) / (1 - b**t), "<=", 1), [b < 1, t >= 1]),
    (Claim(q ** (k + 1) * u0, "<=", q**k * u0), [q <= 1, k >= 0]),
    (Claim((1 + x) ** n, ">=", 1 + n * x), [x >= -1]),  # Bernoulli, by induction
    (Claim(b**t, "<", 1), [b < 1, t >= 1]),
    (Claim((1 - b) * sp.Sum(b ** (t - i), (i, 1, t)), "=", 1 - b**t), [b < 1, t >= 1]),
    (Claim((1 - b) * sp.Sum(b ** (t - i) * g**2, (i, 1, t)) / (1 - b**t), "=", g**2), [b < 1, t >= 1]),
    (Claim(sp.Sum((1 - eta * mu) ** k, (k, 0, T - 1)), "<=", 1 / (eta * mu)), [eta * mu <= 1, T >= 1]),
    (Claim(sp.Sum(q**k, (k, 0, T - 1)), "=", (1 - q**T) / (1 - q)), [q < 1, T >= 1]),
    (Claim(sp.Sum(1 / k, (k, 1, T)), "<=", 1 + sp.log(T)), [T >= 1]),  # harmonic, T read as an integer
    (Claim(sp.Sum(1 / k**2, (k, 1, T)), "<=", 2 - 1 / T), [T >= 1]),
    (Claim((1 - b) * sp.Sum(b**i, (i, 0, sp.oo)), "=", 1), [b < 1]),
    (Claim(sp.Sum((k / lam - 1) ** 2 * poisson, (k, 0, sp.oo)), "=", 1 / lam), []),  # Poisson Fisher information
    (Claim(sp.Sum(k**3 * poisson, (k, 0, sp.oo)), "=", lam**3 + 3 * lam**2 + lam), []),  # third moment
    (Claim(sp.Sum(k * poisson, (k, 1, sp.oo)), "=", lam), []),
    (Claim(sp.Sum(k * b ** (k - 1), (k, 1, sp.oo)), "=", 1 / (1 - b) ** 2), [b < 1]),  # differentiated series
    (Claim(sp.Sum(k**2 * b**k, (k, 0, sp.oo)), "=", b * (1 + b) / (1 - b) ** 3), [b < 1]),
]

FALSE = [  # (claim, hypotheses, a point where every hypothesis holds and the claim fails)
    (Claim(1 - b**t, ">=", 1 - b), [b < 1], {b: sp.Rational(1, 2), t: 0}),  # t >= 1 dropped
    (Claim(1 - b**t, ">=", 1 - b), [t >= 1], {b: 2, t: 2}),  # b < 1 dropped
    (Claim(1 - b**t, "<=", 1 - b), [b < 1, t >= 1], {b: sp.Rational(1, 2), t: 2}),  # flipped
    (Claim((1 - b) / (1 - b**t), ">=", 1), [b < 1, t >= 1], {b: sp.Rational(1, 2), t: 2}),
    (Claim(q ** (k + 1) * u0, "<=", q**k * u0), [q <= 2, k >= 0], {q: 2, k: 0, u0: 1}),
    (Claim((1 + x) ** n, ">=", 1 + n * x), [], {x: -4, n: 3}),  # x >= -1 dropped
    (Claim((1 + x) ** n, ">=", 1 + 2 * n * x), [x >= -1], {x: 1, n: 1}),  # wrong constant
    (Claim((1 + x) ** n, ">", 1 + n * x), [x >= -1], {x: 0, n: 2}),  # strict
    (Claim((1 - b) * sp.Sum(b**i, (i, 1, t)), "=", 1 - b**t), [b < 1, t >= 1], {b: sp.Rational(1, 2), t: 1}),
    (Claim(sp.Sum(b ** (t - i), (i, 1, t)), "=", t * b ** (t - 1)), [b < 1, t >= 1], {b: sp.Rational(1, 2), t: 2}),
    (Claim(sp.Sum((1 - eta * mu) ** k, (k, 0, T - 1)), "<=", 1 / (2 * eta * mu)), [eta * mu <= 1, T >= 1],
     {eta: 1, mu: 1, T: 1}),
    (Claim(sp.Sum((1 - eta * mu) ** k, (k, 0, T - 1)), "<=", 1 / (eta * mu)), [T >= 1],
     {eta: 3, mu: 1, T: 1}),  # eta mu <= 1 dropped
    (Claim(sp.Sum(r**k, (k, 0, T - 1)), "<=", 1 / (1 - r)), [r < 1, r > -1, T >= 1],
     {r: -sp.Rational(1, 2), T: 1}),
    (Claim(sp.Sum(1 / k, (k, 1, T)), "<=", sp.log(T)), [T >= 1], {T: 1}),
    (Claim(r**t, "<=", r), [r <= 1, r >= -1, t >= 1], {r: -sp.Rational(1, 2), t: 2}),  # a negative base
    (Claim((1 - b) * sp.Sum(b**i, (i, 1, sp.oo)), "=", 1), [b < 1], {b: sp.Rational(1, 2)}),  # first term missing
    (Claim((1 - r) * sp.Sum(r**i, (i, 0, sp.oo)), "=", 1), [r < 1], None),  # |r| < 1 needed: r = -2 diverges
    (Claim(sp.Sum((k / lam - 1) ** 2 * poisson, (k, 0, sp.oo)), "=", 1 / lam**2), [], {lam: 2}),
    (Claim(sp.Sum(k**2 * poisson, (k, 0, sp.oo)), "=", lam**2), [], {lam: 1}),  # the variance forgotten
    (Claim(sp.Sum(k * poisson, (k, 2, sp.oo)), "=", lam), [], {lam: 1}),  # a term dropped
    (Claim(sp.Sum(k * b ** (k - 1), (k, 1, sp.oo)), "=", 1 / (1 - b)), [b < 1], {b: sp.Rational(1, 2)}),
    (Claim(sp.Sum(k * r ** (k - 1), (k, 1, sp.oo)), "=", 1 / (1 - r) ** 2), [r < 1], None),  # r = -2 diverges
]


def _holds(claim: Claim, point: dict) -> bool:
    """The claim at the point, evaluated to 40 digits (sums by SymPy's numerical summation)."""
    point = {s: sp.sympify(v) for s, v in point.items()}
    lhs, rhs = (sp.N(sp.sympify(e).xreplace(point), 40) for e in (claim.lhs, claim.rhs))
    ops = {"<=": lambda a, b: a <= b + 1e-30, "<": lambda a, b: a < b - 1e-30, ">=": lambda a, b: a >= b - 1e-30,
           ">": lambda a, b: a > b + 1e-30, "=": lambda a, b: abs(a - b) < 1e-30}
    return bool(ops[claim.rel.value](lhs, rhs))


@pytest.mark.parametrize("claim,hyps", TRUE, ids=[str(c) for c, _ in TRUE])
def test_true_claims_are_proved(claim, hyps) -> None:
    assert any_route(claim, hyps)


@pytest.mark.parametrize("claim,hyps,point", FALSE, ids=[str(c) for c, _, _ in FALSE])
def test_false_look_alikes_are_never_proved(claim, hyps, point) -> None:
    if point is not None:
        assert all(bool(h.xreplace(point)) for h in hyps)
        assert not _holds(claim, point)  # false at the point: independent of the engine
    assert any_route(claim, hyps) is None


def test_the_adam_weights_go_through_decide_within_the_budget() -> None:
    v = decide(Claim((1 - b) * sp.Sum(b ** (t - i), (i, 1, t)), "=", 1 - b**t), Context.make([b < 1, t >= 1]),
               timeout=3)
    assert v.proved and "geometric sum" in v.method


def test_a_geometric_closed_form_needs_the_ratio_away_from_one() -> None:
    assert closed_form(sp.Sum(r**k, (k, 0, t)), Context()) is None  # r = 1 possible: no closed form chosen
    form, why = closed_form(sp.Sum(r**k, (k, 0, t)), Context.make([r < 1]))
    assert "!= 1" in why and sp.simplify(form.subs({r: sp.Rational(1, 3), t: 4}) - sum(sp.Rational(1, 3) ** j
                                                                                         for j in range(5))) == 0
    assert closed_form(sp.Sum(k * r**k, (k, 0, t)), Context.make([r < 1])) is None  # not geometric


def test_a_limit_symbol_is_read_as_an_integer_and_the_verdict_says_so() -> None:
    claim, ctx, note = integer_limits(Claim(sp.Sum(1 / k, (k, 1, T)), "<=", 1 + sp.log(T)), Context.make([T >= 1]))
    (sym,) = [s for s in claim.free_symbols() if s.name == "T"]
    assert sym.is_integer and "T read as an integer" in note and sym in ctx.hypotheses[0].free_symbols
    assert "read as an integer" in prove_by_induction(Claim(sp.Sum(1 / k, (k, 1, T)), "<=", 1 + sp.log(T)),
                                                      Context.make([T >= 1]))
    unbounded = sp.Symbol("N", integer=True)
    assert prove_by_induction(Claim(sp.Sum(1 / k, (k, 1, unbounded)), "<=", 1 + sp.log(unbounded)), Context()) is None
