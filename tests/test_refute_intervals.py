"""Counterexamples under interval hypotheses (chains of bounds: 0 < mu <= a <= L, 0 < eta <= 1/L, 0 <= t <= 1).

False claims are refuted, often only at a boundary point (a = L, eta = 1/L, t = 0), and each counterexample is
re-checked here, independently of symgd: every hypothesis and assumption holds at it and the claim fails, in
exact rational arithmetic.  True claims under the same hypotheses are never refuted.  Mutations show that the
battery has teeth: without the exact re-check of the hypotheses true claims are "refuted", and without the
admissible draws the boundary slips are missed.
"""

from __future__ import annotations

import operator

import pytest
import sympy as sp

from symgd.core.claims import Claim, Context
from symgd.core.verdict import Status
from symgd.decide import decide, refute
from symgd.decide import refutation as refute_module
from symgd.decide import table as table_module
from symgd.decide.bounds import Bounds


@pytest.fixture(autouse=True)
def _sampler_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests measure the sampler's own draws: the solvers' point sources (z3's models) are switched off,
    so a mutation of the sampler cannot be hidden by a model (tests/test_nra.py covers that source)."""
    monkeypatch.setattr(table_module, "POINT_SOURCES", [])

mu, a, L, eta, lam, t = sp.symbols("mu a L eta lambda t", real=True)
m_p, L_p, h_p = sp.symbols("m L_p h", positive=True)
k, T = sp.symbols("k T", integer=True)
alpha, lam_p = sp.symbols("alpha lambda_p", positive=True)

CHAIN = Context.make([mu > 0, mu <= a, a <= L])
GD = Context.make([mu > 0, mu <= lam, lam <= L, eta > 0, eta <= 1 / L, t >= 0, t <= 1])
POS = Context.make([m_p <= L_p, h_p <= 1 / L_p])  # symbols positive by assumption, as the LaTeX reader makes them
STEPS = Context.make([k >= 1, k <= T])
POLE = Context.make([alpha <= 2 / L, lam_p <= L])  # L = 0 is a pole of a hypothesis: the point is rejected

FALSE = [  # (claim, hypotheses): false, most of them only on a boundary of the region
    (Claim(a, ">=", 2), CHAIN),
    (Claim(a, "<", L), CHAIN),
    (Claim(mu, "<", a), CHAIN),
    (Claim(mu, "<", L), CHAIN),
    (Claim(L * eta, "<", 1), GD),
    (Claim(1 - eta * lam, ">", 0), GD),
    (Claim(eta * mu, "<", 1), GD),  # only at mu = lambda = L, eta = 1/L
    (Claim((1 - eta * lam) ** 2, "<", (1 - eta * mu) ** 2), GD),  # equality at lambda = mu
    (Claim(t * (1 - t), ">", 0), GD),
    (Claim(t, "<", 1), GD),
    (Claim(eta, "<=", 1 / (2 * L)), GD),  # a wrong constant
    (Claim(1 - 2 * eta * mu + eta**2 * L**2, "<=", 1 - eta * mu), GD),
    (Claim(h_p * L_p, "<", 1), POS),
    (Claim(m_p * h_p, "<", 1), POS),
    (Claim(k, "<", T), STEPS),
    (Claim(k, ">", 1), STEPS),
    (Claim(sp.Abs(1 - alpha * lam_p), "<", 1), POLE),  # Polyak: only at alpha = 2/L, lambda = L
]

TRUE = [  # the same hypotheses: none of these may ever be refuted
    (Claim(a, "<=", L), CHAIN),
    (Claim(mu, "<=", L), CHAIN),
    (Claim(mu / L, "<=", 1), CHAIN),
    (Claim(mu * L, ">", 0), CHAIN),
    (Claim(t * a + (1 - t) * mu, "<=", L), Context.make([*CHAIN.hypotheses, t >= 0, t <= 1])),
    (Claim(eta * L, "<=", 1), GD),
    (Claim(eta * mu, "<=", 1), GD),
    (Claim(1 - eta * lam, ">=", 0), GD),
    (Claim((1 - eta * lam) ** 2, "<=", (1 - eta * mu) ** 2), GD),
    (Claim(sp.Abs(1 - eta * lam), "<=", 1 - eta * mu), GD),
    (Claim((1 - eta * mu) ** 2, "<=", 1 - eta * mu), GD),
    (Claim(t * (1 - t), ">=", 0), GD),
    (Claim(t**2, "<=", t), GD),
    (Claim(eta * mu * L, ">", 0), GD),
    (Claim(h_p * m_p, "<=", 1), POS),
    (Claim(k, "<=", T), STEPS),
    (Claim(T, ">=", 1), STEPS),
    (Claim(alpha * L, "<=", 2), POLE),
    (Claim(sp.Abs(1 - alpha * lam_p), "<=", 1), POLE),
]

_OPS = {"<=": operator.le, "<": operator.lt, "=": operator.eq}


def _holds(relation: sp.Basic, values: dict) -> bool:
    """Exactly, with rational values only (no float, no simplification beyond SymPy's own arithmetic)."""
    c = Claim.of(relation).normalized()
    lhs, rhs = (sp.sympify(e).xreplace(values) for e in (c.lhs, c.rhs))
    assert lhs.is_Rational and rhs.is_Rational, (relation, values)
    return bool(_OPS[c.rel.value](lhs, rhs))


def _recheck(claim: Claim, ctx: Context, counterexample: dict) -> None:
    """The counterexample satisfies every hypothesis and assumption, and the claim fails there."""
    syms = claim.free_symbols() | set().union(*(h.free_symbols for h in ctx.hypotheses))
    values = {s: sp.Rational(counterexample[str(s)]) for s in syms}  # our own output: p/q strings
    for s, v in values.items():
        for key in ("positive", "nonnegative", "integer"):
            if getattr(s, f"is_{key}"):
                assert getattr(v, f"is_{key}"), (s, v)
    for h in ctx.hypotheses:
        assert _holds(h, values), (h, values)
    assert not _holds(sp.Rel(claim.lhs, claim.rhs, claim.rel.value), values), (claim, values)


@pytest.mark.parametrize("claim,ctx", FALSE, ids=[str(c) for c, _ in FALSE])
def test_false_claims_under_interval_hypotheses_are_refuted_and_rechecked(claim: Claim, ctx: Context) -> None:
    v = decide(claim, ctx, timeout=5)
    assert v.status is Status.REFUTED, v
    _recheck(claim, ctx, v.counterexample)


def test_true_claims_under_the_same_hypotheses_are_never_refuted() -> None:
    for seed in (0, 1):
        refuted = [(c, found) for c, ctx in TRUE if (found := refute(c, ctx, trials=30, seed=seed)) is not None]
        assert refuted == []


def test_mutation_without_the_exact_recheck_true_claims_are_refuted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the exact check of the hypotheses keeps points outside the region (a > L, mu = 0 for mu > 0) from
    refuting: without it the true-claims battery fails."""
    monkeypatch.setattr(refute_module, "hypotheses_hold", lambda ctx, values, apply=None: True)
    assert sum(refute(c, ctx, trials=30) is not None for c, ctx in TRUE) >= 5


def test_mutation_without_admissible_draws_the_boundary_slips_are_missed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Bounds, "__bool__", lambda self: False)
    missed = [c for c, ctx in FALSE if refute(c, ctx) is None]
    assert len(missed) >= 6, missed


def test_mutation_without_boundary_points_the_boundary_slips_are_missed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only inner points (a split point is never picked): the claims false only where a bound is tight are
    missed, the others are still refuted."""
    monkeypatch.setattr(Bounds, "_pick", staticmethod(lambda ends, mids, inner, rng, style: rng.choice(mids + inner)
                                                       if mids or inner else None))
    monkeypatch.setattr(Bounds, "__bool__", lambda self: True)
    tight = [(Claim(a, "<", L), CHAIN), (Claim(mu, "<", a), CHAIN), (Claim(mu, "<", L), CHAIN)]
    assert [c for c, ctx in tight if refute(c, ctx) is not None] == []
    assert refute(Claim(a, ">=", 2), CHAIN) is not None


def test_candidate_points_are_rechecked_before_they_refute() -> None:
    claim = Claim((a - 2) ** 2, ">", 0)  # false at a = 2 only
    good = refute(claim, CHAIN, trials=0, candidates=[{mu: 1, "a": 2, L: sp.Rational(5, 2)}])
    assert good is not None and good.counterexample["a"] == "2"
    _recheck(claim, CHAIN, good.counterexample)
    assert refute(claim, CHAIN, trials=0, candidates=[{mu: 3, a: 2, L: 5}]) is None  # mu <= a violated
    assert refute(claim, CHAIN, trials=0, candidates=[{mu: 1, a: 3, L: 5}]) is None  # the claim holds there
    # the missing symbols are drawn inside the bounds, floats read as the decimals they print
    partial = refute(claim, CHAIN, trials=0, candidates=[{a: 2.0}])
    assert partial is None or partial.counterexample["a"] == "2"


def test_point_sources_are_asked_only_when_the_draws_fail_and_are_rechecked(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list = []

    def source(claim: Claim, ctx: Context, seconds: float):
        asked.append(claim)
        yield {mu: 5, a: 2, L: 3}  # violates mu <= a: never reported
        yield {mu: 1, a: 2, L: 3}

    monkeypatch.setattr(table_module, "POINT_SOURCES", [source])
    found = refute(Claim((a - 2) ** 2, ">", 0), CHAIN, trials=0)
    assert asked and found is not None and found.counterexample["mu"] == "1"
    asked.clear()
    assert refute(Claim(a, "<", L), CHAIN) is not None and asked == []  # the draws found it first


def test_unrelated_interval_hypotheses_are_satisfied_by_the_completed_counterexample() -> None:
    x = sp.Symbol("x", real=True)
    ctx = Context.make([mu > 0, mu <= a, a <= L, L <= mu])  # forces mu = a = L > 0, shares nothing with x
    v = decide(Claim(x**2, "=", x), ctx, timeout=5)
    assert v.status is Status.REFUTED
    assert sp.Rational(v.counterexample["mu"]) == sp.Rational(v.counterexample["a"]) == sp.Rational(v.counterexample["L"]) > 0


def test_hypotheses_that_cannot_be_evaluated_or_compared_reject_the_point() -> None:
    """A pole (2/L at L = 0, SymPy refuses to build alpha <= zoo) and a hypothesis that is not a relation
    (x != 1) reject a point instead of ending the search."""
    x = sp.Symbol("x", real=True)
    assert refute(Claim(sp.Abs(1 - alpha * lam_p), "<", 1), POLE, trials=5) is not None
    assert refute(Claim(x, "<", 0), Context.make([sp.Ne(x, 1)]), trials=5) is None


def test_a_bound_through_a_vector_norm_is_met_and_its_boundary_found() -> None:
    """mu Delta <= ||g||^2 / 2 (Polyak-Lojasiewicz): the vector is drawn first, then Delta inside the bound its norm
    allows; the hypothesis is checked with the vector's values (it used to reject every point)."""
    n = sp.Symbol("n", integer=True, positive=True)
    g = sp.MatrixSymbol("g", n, 1)
    m_, d_ = sp.symbols("m_pl Delta", positive=True)
    norm2 = sp.Trace(g.T * g)
    ctx = Context.make([m_ * d_ <= norm2 / 2])
    v = refute(Claim(m_ * d_, "<", norm2 / 2), ctx)
    assert v is not None
    rows = v.counterexample["g"].replace("[", "").replace("]", "").split(",")
    values = {m_: sp.Rational(v.counterexample["m_pl"]), d_: sp.Rational(v.counterexample["Delta"])}
    g2 = sum(sp.Rational(r) ** 2 for r in rows)  # ||g||^2 from the shown entries, recomputed here
    assert values[m_] * values[d_] <= g2 / 2 and not values[m_] * values[d_] < g2 / 2
    assert refute(Claim(2 * m_ * d_, "<=", norm2), ctx) is None


def test_seeded_chains_true_order_never_refuted_false_order_refuted() -> None:
    """Random chains c0 < s1 <=/< s2 <=/< ... <= c1 with rational ends.  By hand: s_i <= s_j (i < j) is true;
    s_i < s_j is true exactly when a strict link lies between them (else all may be equal); s_j < s_i is false."""
    import random

    rng = random.Random(11)
    refuted_false = total_false = 0
    for case in range(12):
        k = rng.randint(2, 4)
        s = sp.symbols(f"s1:{k + 1}_{case}", real=True)
        lo = sp.Rational(rng.randint(-3, 3), rng.choice([1, 2, 3]))
        hi = lo + sp.Rational(rng.randint(1, 6), rng.choice([1, 2]))
        strict = [rng.random() < 0.3 for _ in range(k - 1)]
        hyps = [s[0] > lo, s[-1] <= hi] + [(s[i] < s[i + 1]) if strict[i] else (s[i] <= s[i + 1]) for i in range(k - 1)]
        ctx = Context.make(hyps)
        i, j = sorted(rng.sample(range(k), 2))
        assert refute(Claim(s[i], "<=", s[j]), ctx, trials=15, seed=case) is None
        strict_between = any(strict[i:j])
        lt = refute(Claim(s[i], "<", s[j]), ctx, trials=15, seed=case)
        if strict_between:
            assert lt is None
        else:
            total_false += 1
            refuted_false += lt is not None
            if lt is not None:
                _recheck(Claim(s[i], "<", s[j]), ctx, lt.counterexample)
        backwards = refute(Claim(s[j], "<", s[i]), ctx, trials=15, seed=case)
        assert backwards is not None  # s_i <= s_j holds everywhere, so s_j < s_i nowhere
        _recheck(Claim(s[j], "<", s[i]), ctx, backwards.counterexample)
    assert total_false >= 4 and refuted_false == total_false
