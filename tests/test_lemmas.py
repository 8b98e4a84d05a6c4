"""Transcendental and summation claims (symgd/decide/lemmas.py, monotone.py, sums.py): every lemma re-proved by
the engine, textbook facts proved, false look-alikes never proved (each shown false here by an exact or 50-digit
evaluation independent of symgd), and the soundness conditions of the derivative-sign argument."""

from __future__ import annotations

import random

import pytest
import sympy as sp

from symgd.core.claims import Claim, Context, Rel
from symgd.decide import decide
from symgd.decide.lemmas import LEMMAS, prove_by_lemmas, prove_lemma
from symgd.decide.monotone import prove_by_monotonicity
from symgd.decide.sums import prove_by_induction

x, y, p, q = sp.symbols("x y p q", positive=True)
r, a = sp.symbols("r a", real=True)
s1, s2 = sp.symbols("sigma_1 sigma_2", positive=True)
m1, m2 = sp.symbols("m_1 m_2", real=True)
t = sp.Symbol("t", integer=True)
T = sp.Symbol("T", integer=True, positive=True)
N = sp.Symbol("N", integer=True)  # no lower bound: sums up to N may run over "negatively many" terms


def kl(u, v):
    return u * sp.log(u / v) + (1 - u) * sp.log((1 - u) / (1 - v))


@pytest.mark.parametrize("lemma", LEMMAS, ids=[lem.name for lem in LEMMAS])
def test_every_lemma_is_proved_by_the_engine(lemma) -> None:
    method = prove_lemma(lemma, timeout=10)
    assert method is not None, lemma.name
    assert "lemma" not in method  # proved from first principles, not by citing itself


def method_for(claim: Claim, hyps: list) -> str | None:
    ctx = Context.make(hyps)
    return prove_by_lemmas(claim, ctx) or prove_by_monotonicity(claim, ctx) or prove_by_induction(claim, ctx)


TRUE = [
    (Claim(sp.log(x), "<=", x - 1), []),
    (Claim(sp.exp(r), ">=", 1 + r), []),
    (Claim(sp.log(1 + r), "<=", r), [r > -1]),
    (Claim(kl(p, q), ">=", 2 * (p - q) ** 2), [p < 1, q < 1]),  # Pinsker, two-point distributions
    (Claim(kl(p, q), ">=", 0), [p < 1, q < 1]),  # Gibbs
    (Claim(sp.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - sp.Rational(1, 2), ">=", 0), []),  # Gaussian KL
    (Claim(sp.log(1 + x**2), "<=", x**2), []),  # an instance with a compound argument
    (Claim(sp.exp(a**2 + 1), ">=", a**2 + 2), []),
    (Claim(sp.log(x), "<=", sp.sqrt(x)), []),  # monotonicity with a minimum at x = 4
    (Claim(x * sp.log(x), ">=", x - 1), []),
    (Claim(sp.exp(r), ">=", 1 + r + r**2 / 2), [r >= 0]),  # three levels of derivatives
    (Claim(sp.Sum(1 / sp.sqrt(t), (t, 1, T)), "<=", 2 * sp.sqrt(T)), []),  # integral comparison
    (Claim(sp.Sum(1 / sp.sqrt(t), (t, 1, T)), "<=", 2 * sp.sqrt(T) - 1), []),
    (Claim(sp.Sum(1 / t, (t, 1, T)), "<=", 1 + sp.log(T)), []),
    (Claim(sp.Sum(1 / t**2, (t, 1, T)), "<=", 2 - 1 / T), []),
    (Claim(sp.Sum(q**t, (t, 0, T)), "<=", 1 / (1 - q)), [q < 1]),  # partial sums below the geometric series
]

FALSE = [  # (claim, hypotheses, a point where it fails)
    (Claim(sp.log(x), "<=", x - 2), [], {x: 1}),
    (Claim(sp.exp(r), ">=", 1 + 2 * r), [], {r: sp.Rational(1, 2)}),
    (Claim(sp.log(1 + r), "<=", r / 2), [r > -1], {r: 1}),
    (Claim(sp.log(1 + r), "<=", r), [], None),  # r > -1 dropped: log(1 + r) is not real for r < -1 (domain)
    (Claim(kl(p, q), ">=", 3 * (p - q) ** 2), [p < 1, q < 1], {p: sp.Rational(1, 2), q: sp.Rational(11, 20)}),
    (Claim(kl(p, q), ">=", 2 * (p - q) ** 2 + sp.Rational(1, 100)), [p < 1, q < 1], {p: sp.Rational(1, 2),
                                                                                  q: sp.Rational(1, 2)}),
    (Claim(sp.log(s1 / s2) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - sp.Rational(1, 2), ">=", 0), [],
     {s1: sp.Rational(1, 2), s2: 1, m1: 0, m2: 0}),  # the log's argument flipped
    (Claim(sp.exp(r), ">=", 1 + r + r**2 / 2), [], {r: -1}),  # r >= 0 dropped
    (Claim(x * sp.log(x), ">=", x), [], {x: 1}),
    (Claim(sp.exp(1 / r), ">=", 1), [], {r: -1}),  # a pole inside the interval: never differentiated through
    (Claim(sp.Sum(1 / sp.sqrt(t), (t, 1, T)), "<=", sp.sqrt(T)), [], {T: 2}),
    (Claim(sp.Sum(1 / t, (t, 1, T)), "<=", sp.log(T)), [], {T: 1}),
    (Claim(sp.Sum(1 / t**2, (t, 1, T)), "<=", sp.Rational(3, 2)), [], {T: 7}),
    (Claim(sp.Sum(r**t, (t, 0, T)), "<=", 1 / (1 - r)), [r > -1, r < 1], {r: -sp.Rational(1, 2), T: 2}),
    (Claim(sp.Sum(1 / sp.sqrt(t), (t, 1, N)), "<=", 2 * sp.sqrt(N)), [], None),  # N unbounded below: refused
]


def fails_at(claim: Claim, hyps: list, point: dict) -> bool:
    """Independent of symgd: the hypotheses hold and the claim fails at ``point`` (exact sums, 50 digits)."""
    if any(not h.xreplace(point) for h in hyps):
        return False
    c = claim.normalized()
    gap = sp.N((c.rhs - c.lhs).xreplace(point).doit(), 50)
    return bool(gap < 0 or (c.rel is Rel.LT and gap == 0))


@pytest.mark.parametrize("claim,hyps", TRUE, ids=[str(c) for c, _ in TRUE])
def test_true_claims_proved(claim: Claim, hyps: list) -> None:
    assert method_for(claim, hyps) is not None


@pytest.mark.parametrize("claim,hyps,point", FALSE, ids=[str(c) for c, _, _ in FALSE])
def test_false_look_alikes_never_proved(claim: Claim, hyps: list, point: dict | None) -> None:
    if point is not None:
        assert fails_at(claim, hyps, point)  # the look-alike really is false
    assert method_for(claim, hyps) is None


def test_mutants_of_the_true_claims_never_proved_when_false() -> None:
    """Scaled constants and flipped relations of the scalar true claims: whenever this test finds a point where the
    mutant fails (random rationals, hypotheses checked), no method proves it."""
    rng = random.Random(7)
    pool = [sp.Rational(k, d) for k in range(-5, 12) for d in (1, 2, 3, 7)]
    checked = 0
    for claim, hyps in TRUE[:11]:
        c = claim.normalized()
        for mutant in (Claim(c.lhs * sp.Rational(3, 2) + sp.Rational(1, 10), c.rel, c.rhs),):
            syms = sorted(mutant.free_symbols(), key=sp.default_sort_key)
            for _ in range(150):
                point = {s: rng.choice(pool) for s in syms}
                if not all(v > 0 for s, v in point.items() if s.is_positive):
                    continue
                try:
                    bad = fails_at(mutant, hyps, point)
                except (TypeError, ValueError):  # undefined there (log of a negative number, 1/0)
                    continue
                if bad:
                    checked += 1
                    assert method_for(mutant, hyps) is None, (mutant, point)
                    break
    assert checked >= 8


def test_through_decide_within_the_budget() -> None:
    v = decide(Claim(sp.Sum(1 / sp.sqrt(t), (t, 1, T)), "<=", 2 * sp.sqrt(T)), timeout=5)
    assert v.proved and "induction" in v.method
    v = decide(Claim(sp.log(x), "<=", x - 2), timeout=5)
    assert v.refuted
    assert fails_at(Claim(sp.log(x), "<=", x - 2), [], {x: sp.Rational(v.counterexample["x"])})


def test_limits_with_parameters_are_not_used() -> None:
    """exp(a x) -> 0 as x -> oo only for a < 0: a limit taken with a parameter would be taken for its sign."""
    assert prove_by_monotonicity(Claim(sp.exp(a * r), ">=", 0 * r + 1), Context.make([r >= 0])) is None


def test_a_minimum_point_must_exist_for_every_parameter() -> None:
    """The point a of "g' <= 0 left of a, >= 0 right of a" must be real and inside the interval for every value of
    the parameters: sqrt(p - 2) or 1/(p - 1) exist only for some p (the sub-proofs would hold only there)."""
    from symgd.decide.monotone import Interval, _inside

    b = sp.Symbol("b", real=True)
    iv = Interval(x, lo=sp.S.Zero, lo_open=True)
    assert _inside(p, iv)
    assert not _inside(sp.sqrt(b - 2), iv)
    assert not _inside(1 / (b - 1) ** 2, iv)
    assert not _inside(b, iv)  # b may be negative
