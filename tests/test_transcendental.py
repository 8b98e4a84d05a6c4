"""Signs with exp, log, sin, cos (symgd/decide/transcendental.py), case splits on |.|, max, min (cases.py) and
repeated differentiation in monotone.py: textbook inequalities proved, and false look-alikes (wrong constant,
flipped inequality, missing hypothesis, dropped term) never proved -- each shown false at a point here with a
50-digit evaluation, independently of symgd."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd.core.claims import Claim, Context
from symgd.decide.cases import cases
from symgd.decide.monotone import prove_by_monotonicity
from symgd.decide.transcendental import nonnegative, relaxed

x, y, z = sp.symbols("x y z", real=True)
xp = sp.Symbol("x", nonnegative=True)
th = sp.Symbol("theta", nonnegative=True)
p, q = sp.symbols("p q", positive=True)


def H(u):
    return -u * sp.log(u) - (1 - u) * sp.log(1 - u)


TRUE = [  # (Pinsker and its look-alikes: tests/test_lemmas.py)
    (Claim(sp.sin(xp), "<=", xp), []),
    (Claim(sp.cos(x), ">=", 1 - x**2 / 2), []),
    (Claim(sp.cos(x), "<=", 1 - x**2 / 2 + x**4 / 24), []),  # four derivatives vanish at 0
    (Claim(sp.sin(xp), ">=", xp - xp**3 / 6), []),
    (Claim(sp.exp(x), ">=", 1 + x + x**2 / 2 + x**3 / 6), []),  # odd Taylor polynomials of exp: below it
    (Claim(sp.exp(th * x + (1 - th) * y), "<=", th * sp.exp(x) + (1 - th) * sp.exp(y)), [th <= 1]),
    (Claim(sp.Max(x, y), "<=", sp.log(sp.exp(x) + sp.exp(y))), []),
    (Claim(sp.log(sp.exp(x) + sp.exp(y)), "<=", sp.Max(x, y) + sp.log(2)), []),
    (Claim(sp.log(1 + sp.exp(-z)), ">=", -z), []),
    (Claim(sp.log(1 + sp.exp(y)), "<=", sp.log(1 + sp.exp(x)) + sp.exp(x) / (1 + sp.exp(x)) * (y - x)
           + (y - x) ** 2 / 8), []),  # the logistic loss is 1/4-smooth (descent lemma)
    (Claim(H(p), "<=", sp.log(2)), [p < 1]),
]

FALSE = [  # (claim, hypotheses, point)
    (Claim(sp.sin(x), "<=", x), [], {x: -1}),  # x >= 0 dropped
    (Claim(sp.sin(xp), ">=", xp), [], {xp: 1}),  # flipped
    (Claim(sp.cos(x), ">=", 1 - x**2 / 3), [], {x: 1}),  # wrong constant
    (Claim(sp.exp(x), ">=", 1 + x + x**2 / 2), [], {x: -1}),  # an even Taylor polynomial needs x >= 0
    (Claim(sp.exp(th * x + (1 - th) * y), "<=", th * sp.exp(x) + (1 - th) * sp.exp(y)), [], {th: 2, x: 1, y: 0}),
    (Claim(sp.log(sp.exp(x) + sp.exp(y)), "<=", sp.Max(x, y)), [], {x: 0, y: 0}),  # log 2 dropped
    (Claim(sp.Min(x, y), ">=", sp.log(sp.exp(x) + sp.exp(y)) - sp.log(2)), [], {x: 0, y: 1}),
    (Claim(sp.log(1 + sp.exp(-z)), ">=", 1 - z), [], {z: 0}),
    (Claim(H(p), "<=", sp.log(2) / 2), [p < 1], {p: sp.Rational(1, 2)}),
    (Claim(sp.log(x), "<=", x - 1), [], None),  # x may be <= 0: log not real there, refused (no point)
]
FALSE = [f for f in FALSE if f[2] is not None or f[0].lhs == sp.log(x)]


def _fails(claim: Claim, point: dict) -> bool:
    lhs, rhs = (sp.N(sp.sympify(e).xreplace(point), 50) for e in (claim.lhs, claim.rhs))
    c = claim.normalized()
    lhs, rhs = (lhs, rhs) if c.lhs == claim.lhs else (rhs, lhs)
    return bool(lhs > rhs) if c.rel.value == "<=" else bool(lhs >= rhs)


@pytest.mark.parametrize("claim,hyps", TRUE, ids=[str(c) for c, _ in TRUE])
def test_textbook_inequalities_are_proved(claim, hyps) -> None:
    assert prove_by_monotonicity(claim, Context.make(hyps))


@pytest.mark.parametrize("claim,hyps,point", FALSE, ids=[str(c) for c, _, _ in FALSE])
def test_false_look_alikes_are_never_proved(claim, hyps, point) -> None:
    if point is not None:
        assert all(bool(h.xreplace(point)) for h in hyps)
        assert _fails(claim, point)
    assert prove_by_monotonicity(claim, Context.make(hyps)) is None


def test_the_relaxation_bounds_sin_and_cos_and_keeps_exp_positive() -> None:
    expr, facts = relaxed(1 - sp.cos(x) + sp.exp(x) * sp.sin(x) ** 2)
    assert not expr.has(sp.sin, sp.cos, sp.exp) and len(facts) == 6  # two bounds each, exp > 0, sin^2 + cos^2 = 1
    assert relaxed(sp.log(x) + sp.exp(x)) is None  # a log stays: no relaxation
    assert nonnegative(1 - sp.cos(x), Context()) and nonnegative(sp.sin(x) - x, Context()) is None


def test_exp_comparison_needs_a_nonnegative_factor() -> None:
    assert nonnegative(th * (sp.exp(x) - sp.exp(y)), Context.make([x >= y]))
    assert nonnegative(x * (sp.exp(x) - sp.exp(y)), Context.make([x >= y])) is None  # x may be negative


def test_cases_cover_both_branches_of_every_kink() -> None:
    for kinked in (sp.Abs(x - y) + sp.Max(x, 0), sp.Min(x, y) - 3 * sp.Max(y, 1)):
        split = cases(kinked)
        assert len(split) == 4
        for point in ({x: 2, y: 1}, {x: -3, y: 1}, {x: 1, y: 5}, {x: 0, y: -2}):
            inside = [e for conds, e in split if all(bool(c.xreplace(point)) for c in conds)]
            assert inside and all(e.xreplace(point) == kinked.xreplace(point) for e in inside)
    assert cases(x + y) is None


def test_exp_of_a_multiple_is_a_power_of_one_variable() -> None:
    expr, facts = relaxed(sp.exp(2 * y) / (sp.exp(y) + 1) ** 2 - sp.exp(-y))
    assert len(expr.free_symbols) == 1 and len(facts) == 1
    # the logistic curvature 1/4 - s(1 - s) >= 0 needs exp(2y) = exp(y)^2
    assert nonnegative(sp.Rational(1, 4) - sp.exp(y) / (sp.exp(y) + 1) + sp.exp(2 * y) / (sp.exp(y) + 1) ** 2,
                       Context())


def test_the_tangent_of_exp_is_used_only_as_a_proved_lemma() -> None:
    T = sp.Symbol("T", real=True)
    step = sp.log(T) - sp.log(T - 1) - 1 / T  # the harmonic step: 1/T <= log T - log(T - 1)
    m = nonnegative(step, Context.make([T >= 2]))
    assert m and "lemma proved by the engine" in m
    wrong = sp.log(T) - sp.log(T - 1) - 2 / T  # false at T = 2: log 2 - 1 < 0
    assert sp.N(wrong.subs(T, 2)) < 0 and nonnegative(wrong, Context.make([T >= 2])) is None


def test_a_possibly_complex_expression_is_never_bounded() -> None:
    # sin(sqrt(x)) at x = -4 is i sinh(2): 1 - sin(sqrt(x)) is not a real number there, let alone >= 0
    assert sp.im(sp.N((1 - sp.sin(sp.sqrt(x))).subs(x, -4))) != 0
    assert nonnegative(1 - sp.sin(sp.sqrt(x)), Context()) is None
    assert nonnegative(1 - sp.sin(sp.sqrt(x)), Context.make([x >= 0]))
