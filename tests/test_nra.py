"""Real arithmetic by z3 nlsat (symgd/decide/nra.py): textbook inequalities proved, false look-alikes never proved,
every counterexample re-checked here with code independent of the module, the domain convention, vectors."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
import sympy as sp

from symgd.core.claims import Claim, Context, Rel
from symgd.decide import nra

x, y = sp.symbols("x y", positive=True)
a, b, c, t, L, mu, lam, eta = sp.symbols("a b c t L mu lambda eta", real=True)
eps = sp.Symbol("epsilon", positive=True)
k = sp.Symbol("k", integer=True, positive=True)
n = sp.Symbol("n", integer=True, positive=True)
u, v, p, q = (sp.MatrixSymbol(s, n, 1) for s in "uvpq")
P = sp.MatrixSymbol("P", n, n)

SANDWICH = [mu > 0, mu <= lam, lam <= L]

# (claim, hypotheses): true, each checked by hand (the comment says why)
TRUE = [
    (Claim(sp.sqrt(x * y), "<=", (x + y) / 2), []),  # AM-GM: (sqrt x - sqrt y)^2 >= 0
    (Claim(sp.Abs(1 - lam / L), "<=", 1 - mu / L), SANDWICH),  # 1 - lam/L in [0, 1 - mu/L]
    (Claim((1 - 2 * a / L) ** 2, "<=", (1 - mu / L) ** 2), [mu > 0, mu / 2 <= a, a <= L - mu / 2]),  # |1-2a/L| <= 1-mu/L
    (Claim((1 - eta * lam) ** 2, "<=", (1 - eta * mu) ** 2), [*SANDWICH, eta > 0, eta <= 2 / (L + mu)]),  # GD contraction
    (Claim(1 / L, "<=", 2 / (mu + L)), [mu > 0, mu <= L]),  # co-coercivity step bound
    (Claim(mu * L / (mu + L), "<=", (mu + L) / 4), [mu > 0, L > 0]),  # harmonic <= arithmetic mean
    (Claim((t * a + (1 - t) * b) ** 2, "<=", t * a**2 + (1 - t) * b**2), [t >= 0, t <= 1]),  # Jensen, x^2
    (Claim((t * a + (1 - t) * b) ** 4, "<=", t * a**4 + (1 - t) * b**4), [t >= 0, t <= 1]),  # Jensen, x^4
    (Claim(2 * a * b, "<=", eps * a**2 + b**2 / eps), []),  # Young with epsilon
    (Claim(sp.Max(a, b), ">=", (a + b) / 2), []),
    (Claim(sp.Min(a, b) + sp.Max(a, b), "=", a + b), []),
    (Claim(sp.sqrt(x + y), "<=", sp.sqrt(x) + sp.sqrt(y)), []),
    (Claim(sp.Abs(a + b), "<=", sp.Abs(a) + sp.Abs(b)), []),
    (Claim((a + b + c) ** 2, "<=", 3 * (a**2 + b**2 + c**2)), []),
    (Claim(x / y + y / x, ">=", 2), []),
    (Claim(lam * (1 - lam * eta / 2), ">=", lam / 2), [lam > 0, eta > 0, eta <= 1 / lam]),  # descent lemma factor
]

# false look-alikes: a wrong constant, a dropped square, a flipped inequality, a missing hypothesis
FALSE = [
    (Claim(sp.sqrt(x * y), "<=", (x + y) / 3), []),
    (Claim(sp.Abs(1 - lam / L), "<=", 1 - mu / L), [mu > 0, lam <= L]),  # mu <= lam dropped
    (Claim((1 - 2 * a / L) ** 2, "<=", (1 - mu / L) ** 2), [mu > 0, mu <= a, a <= L]),  # fails at a = L
    (Claim((1 - eta * lam) ** 2, "<=", (1 - eta * mu) ** 2), [*SANDWICH, eta > 0, eta <= 3 / (L + mu)]),
    (Claim(1 / L, ">", 2 / (mu + L)), [mu > 0, mu <= L]),  # equality at mu = L
    (Claim((t * a + (1 - t) * b) ** 3, "<=", t * a**3 + (1 - t) * b**3), [t >= 0, t <= 1]),  # x^3 is not convex
    (Claim((t * a + (1 - t) * b) ** 2, "<=", t * a**2 + (1 - t) * b**2), [t >= 0]),  # t <= 1 dropped
    (Claim(2 * a * b, "<=", eps * a**2 + b**2), []),
    (Claim(sp.sqrt(x + y), ">=", sp.sqrt(x) + sp.sqrt(y)), []),
    (Claim(a, ">=", 2), [mu > 0, mu <= a, a <= L]),  # fails at the boundary a = mu
    (Claim(x / y + y / x, ">", 2), []),
    (Claim(sp.Abs(a - b), "<=", sp.Abs(a) - sp.Abs(b)), []),
    (Claim(lam * (1 - lam * eta / 2), ">=", lam / 2), [lam > 0, eta > 0, eta <= 2 / lam]),
]


def ctx_of(hyps: list) -> Context:
    return Context.make(hyps)


# --------------------------------------------------------------------------- an independent checker


def _assumptions_hold(sym: sp.Symbol, val: sp.Rational) -> bool:
    checks = {"positive": val > 0, "nonnegative": val >= 0, "negative": val < 0, "integer": val.q == 1}
    return all(ok for flag, ok in checks.items() if getattr(sym, f"is_{flag}"))


def _value(e: sp.Expr, point: dict) -> sp.Expr | None:
    """The value as a 50-digit real, or None when it is not a finite real (sqrt of a negative, 1/0)."""
    val = sp.sympify(e).xreplace(point)
    if val.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or val.is_real is not True:
        return None
    return sp.N(val, 50)


def violated(claim: Claim, hyps: list, point: dict) -> bool:
    """Does the claim fail at ``point`` (every assumption and hypothesis holding, the sides defined)?
    Written for the test, independently of nra.recheck: 50 digits with a wide margin, exact when rational."""
    if not all(_assumptions_hold(s, val) for s, val in point.items()):
        return False
    for h in hyps:
        try:
            if h.xreplace(point) is not sp.true:
                return False
        except TypeError:  # a comparison with zoo (a hypothesis undefined there)
            return False
    c = claim.normalized()
    lv, rv = _value(c.lhs, point), _value(c.rhs, point)
    if lv is None or rv is None:
        return False
    gap = sp.nsimplify(sp.sympify(c.rhs).xreplace(point) - sp.sympify(c.lhs).xreplace(point))
    if gap.is_Rational:
        return {Rel.LE: gap < 0, Rel.LT: gap <= 0, Rel.EQ: gap != 0}[c.rel]
    g = rv - lv
    return {Rel.LE: g < -1e-20, Rel.LT: g < -1e-20, Rel.EQ: abs(g) > 1e-20}[c.rel]


def sampled_violation(claim: Claim, hyps: list, draws: int = 300, seed: int = 1) -> dict | None:
    """A point (from the test's own random rationals, boundary values included) where the claim fails."""
    rng = random.Random(seed)
    syms = sorted(claim.free_symbols() | set().union(*(h.free_symbols for h in hyps)), key=sp.default_sort_key)
    pool = [sp.Rational(m, d) for m in range(-6, 7) for d in (1, 2, 3, 5)]
    for _ in range(draws):
        point = {s: rng.choice(pool) for s in syms}
        # boundary points: copy one symbol's value onto another now and then (a = mu, lam = L)
        if len(syms) > 1 and rng.random() < 0.5:
            s1, s2 = rng.sample(syms, 2)
            point[s1] = point[s2]
        if violated(claim, hyps, point):
            return point
    return None


# --------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("claim,hyps", TRUE, ids=[str(c) for c, _ in TRUE])
def test_true_claims_proved(claim: Claim, hyps: list) -> None:
    method = nra.prove(claim, ctx_of(hyps), timeout=5)
    assert method is not None and method.startswith(nra.METHOD)
    assert sampled_violation(claim, hyps, draws=100) is None  # the list itself is right


@pytest.mark.parametrize("claim,hyps", FALSE, ids=[str(c) for c, _ in FALSE])
def test_false_look_alikes_refuted_exactly(claim: Claim, hyps: list) -> None:
    ctx = ctx_of(hyps)
    assert nra.prove(claim, ctx, timeout=5) is None
    found = nra.counterexample(claim, ctx, timeout=5)
    assert found is not None
    point, detail = found
    assert all(val.is_Rational for val in point.values()) and "is false" in detail
    assert violated(claim, hyps, point)  # re-checked here, not by the module


def test_boundary_counterexample_for_an_interval_chain() -> None:
    """a >= 2 under 0 < mu <= a <= L: the sampler misses it (issue 11, cause 3); the solver finds a point."""
    point, _ = nra.counterexample(Claim(a, ">=", 2), ctx_of([mu > 0, mu <= a, a <= L]))
    assert point[a] < 2 and 0 < point[mu] <= point[a] <= point[L]


def test_mutants_never_proved_when_false() -> None:
    """Mutations of the true claims (constant scaled, relation flipped or made strict, a hypothesis dropped):
    whenever the test's own sampler shows a mutant false, nra must not prove it; its counterexamples hold."""
    proved_false = []
    checked = 0
    for claim, hyps in TRUE:
        c = claim.normalized()
        mutants = [(Claim(c.lhs, c.rel, c.rhs * sp.Rational(9, 10)), hyps),
                   (Claim(c.lhs + sp.Rational(1, 100), c.rel, c.rhs), hyps),
                   (Claim(c.rhs, c.rel if c.rel is Rel.EQ else Rel.LT, c.lhs), hyps)]
        mutants += [(c, hyps[:i] + hyps[i + 1:]) for i in range(len(hyps))]
        for m, hs in mutants:
            bad = sampled_violation(m, hs, draws=150)
            if bad is None:
                continue
            checked += 1
            if nra.prove(m, ctx_of(hs), timeout=3) is not None:
                proved_false.append((m, hs, bad))
            found = nra.counterexample(m, ctx_of(hs), timeout=3)
            if found is not None:
                assert violated(m, hs, found[0]), (m, found)
    assert checked >= 30
    assert proved_false == []


def test_domain_convention() -> None:
    """Checked where both sides are real and defined, and the verdict says so; never vacuously."""
    r = sp.Symbol("r", real=True)
    assert "on the domain where both sides are real and defined" in nra.prove(Claim(sp.sqrt(r), ">=", 0))
    assert "domain" in nra.prove(Claim(sp.sqrt(r) * sp.sqrt(r + 1), "<=", sp.sqrt(r**2 + r) + 1))
    # an equality with roots of possibly negative numbers: SymPy's values there are complex, and differ
    s2 = sp.Symbol("s", real=True)
    for lhs, rhs in [(sp.sqrt(r * s2), sp.sqrt(r) * sp.sqrt(s2)), ((r**3) ** sp.Rational(1, 3), r),
                     (sp.sqrt(1 / r), 1 / sp.sqrt(r)), (sp.sqrt(r) * sp.sqrt(r + 1), sp.sqrt(r**2 + r))]:
        assert nra.prove(Claim(lhs, "=", rhs)) is None
    assert nra.prove(Claim(sp.sqrt(x * y), "=", sp.sqrt(x) * sp.sqrt(y))) is not None  # x, y > 0: real roots
    assert "domain" in nra.prove(Claim((r**2 - r) / (r - 1), "=", r))  # r != 1
    assert "domain" not in nra.prove(Claim(sp.sqrt(x) ** 2, "=", x))  # x > 0: nothing restricted
    assert nra.prove(Claim(sp.sqrt(-1 - r**2), ">=", 5)) is None  # defined nowhere: not proved vacuously
    assert nra.prove(Claim(r, ">=", 5), ctx_of([r > 1, r < 0])) is None  # inconsistent hypotheses
    # a point outside the domain is no counterexample: sqrt(r) <= -1 fails only where sqrt(r) is real
    found = nra.counterexample(Claim(sp.sqrt(r), "<=", -1))
    assert found is not None and found[0][r] >= 0


def test_piecewise_branches_keep_their_own_domain() -> None:
    """sqrt(x) exists only in its branch: a global x >= 0 would hide the point x = -1 where the claim fails."""
    r = sp.Symbol("r", real=True)
    claim = Claim(sp.Piecewise((sp.sqrt(r), r >= 0), (-1, True)), ">=", 0)
    assert nra.prove(claim) is None
    assert nra.prove(Claim(sp.Piecewise((r, r >= 0), (-r, True)), ">=", 0)) is not None  # |r| written as cases


def test_integers_relaxed_soundly() -> None:
    """k^2 >= k holds for integers, not reals: never refuted by a non-integer model, never proved wrongly."""
    assert nra.counterexample(Claim(k**2, ">=", k)) is None
    assert nra.counterexample(Claim(k**2, ">=", 2 * k))[0] == {k: 1}  # the only integer where it fails
    assert nra.prove(Claim(k**2, ">=", k)) is not None  # true for reals >= 1 as well
    assert nra.prove(Claim(k**3, ">", k**2)) is None  # false at k = 1


@pytest.mark.parametrize("claim", [
    Claim(sp.log(x), "<=", x - 1), Claim(sp.exp(a), ">=", 1 + a), Claim(a ** b, ">=", 0),
    Claim(sp.Function("f")(a), "<=", 1), Claim(sp.Float("0.5") * a, "<=", a), Claim(sp.pi * x, ">=", 3 * x),
    Claim(sp.Sum(1 / k, (k, 1, n)), ">=", 1),
], ids=str)
def test_outside_real_arithmetic_refused(claim: Claim) -> None:
    assert nra.prove(claim) is None and nra.counterexample(claim) is None


def test_complex_symbols_refused() -> None:
    z = sp.Symbol("z")  # not known to be real: z^2 >= 0 fails at z = i
    assert nra.prove(Claim(z**2, ">=", 0)) is None


VECTOR_TRUE = [
    Claim(2 * u.T * v, "<=", u.T * u + v.T * v),
    Claim(2 * u.T * v, "<=", eps * u.T * u + v.T * v / eps),  # Young with epsilon
    Claim((u.T * v) ** 2, "<=", (u.T * u) * (v.T * v)),  # Cauchy-Schwarz
    Claim((u + v).T * (u + v), "<=", 2 * u.T * u + 2 * v.T * v),
    Claim(sp.Rational(1, 2) * v.T * v, ">=", sp.Rational(1, 2) * u.T * u + u.T * (v - u)),  # convexity of ||.||^2/2
    Claim((u.T * v + v.T * p + p.T * u), "<=", u.T * u + v.T * v + p.T * p),
]
VECTOR_FALSE = [
    Claim(2 * u.T * v, "<=", eps * u.T * u + v.T * v),
    Claim((u.T * v) ** 2, ">=", (u.T * u) * (v.T * v)),
    Claim((u.T * v) ** 2, "=", (u.T * u) * (v.T * v)),  # true in dimension 1 only
    Claim((u + v).T * (u + v), "<=", u.T * u + v.T * v),
    Claim((u.T * v + v.T * p + p.T * u), "<=", sp.Rational(1, 2) * (u.T * u + v.T * v + p.T * p)),
]


@pytest.mark.parametrize("claim", VECTOR_TRUE, ids=str)
def test_vector_inequalities_proved(claim: Claim) -> None:
    method = nra.prove(claim, Context())
    assert method is not None and "rotation invariance" in method


@pytest.mark.parametrize("claim", VECTOR_FALSE, ids=str)
def test_vector_look_alikes_not_proved(claim: Claim) -> None:
    assert nra.prove(claim, Context()) is None
    # false in some dimension <= 3: shown here with explicit integer vectors (independent of the module)
    rng = random.Random(3)
    for _ in range(200):
        dim = rng.choice((2, 3))
        vals = {m: sp.ImmutableMatrix([rng.randint(-3, 3) for _ in range(dim)])
                for m in (u, v, p)}
        point = {m.xreplace({n: dim}): val for m, val in vals.items()}
        lhs = sp.sympify(claim.lhs).xreplace({n: dim}).xreplace(point).doit()
        rhs = sp.sympify(claim.rhs).xreplace({n: dim}).xreplace(point).doit()
        lhs, rhs = (sp.sympify(e[0, 0] if isinstance(e, sp.MatrixBase) else e).xreplace({eps: sp.Rational(1, 2)})
                    for e in (lhs, rhs))
        if not {Rel.LE: lhs <= rhs, Rel.GE: lhs >= rhs, Rel.EQ: sp.Eq(lhs, rhs)}[claim.rel]:
            return
    pytest.fail("no explicit counterexample found for a false vector claim")


def test_p_inner_products() -> None:
    ctx = Context.make(positive_definite=[P])
    assert "P-inner product" in nra.prove(Claim((u.T * P * v) ** 2, "<=", (u.T * P * u) * (v.T * P * v)), ctx)
    assert nra.prove(Claim((u.T * P * v) ** 2, ">=", (u.T * P * u) * (v.T * P * v)), ctx) is None
    # P not declared positive definite, or mixed with plain inner products: not reduced
    assert nra.prove(Claim((u.T * P * v) ** 2, "<=", (u.T * P * u) * (v.T * P * v)), Context()) is None
    assert nra.prove(Claim((u.T * v) ** 2, "<=", (u.T * P * u) * (v.T * P * v)), ctx) is None


def test_vectors_refused_outside_the_invariant_class() -> None:
    """Coordinates fix the size at the number of vectors: never where the size is a number of the claim; the 1 x 1
    forms as unknowns (a relaxation) then keep n a positive integer and decide only what holds for every n."""
    A = sp.MatrixSymbol("A", n, n)
    assert nra.prove(Claim(u.T * A * u, ">=", 0), Context()) is None  # a general matrix
    for claim, hyps in [(Claim(n * u.T * u, ">=", u.T * u), []), (Claim(u.T * u, ">=", 0), [n >= 2])]:
        with pytest.raises(nra.Refused):
            nra.in_coordinates(claim, ctx_of(hyps))
        assert "1x1 forms as real unknowns" in nra.prove(claim, ctx_of(hyps))  # true for every n
    assert nra.prove(Claim(n * u.T * u, ">=", 2 * u.T * u), Context()) is None  # false at n = 1
    assert nra.prove(Claim(n * u.T * u, ">=", 2 * u.T * u), ctx_of([n >= 2])) is not None
    assert nra.prove(Claim((u.T * u) * (v.T * v), "<=", n * (u.T * v) ** 2), Context()) is None  # false: u, v orthogonal


def test_import_symgd_does_not_import_z3() -> None:
    code = "import sys, symgd, symgd.decide; print('z3' in sys.modules, 'cvxpy' in sys.modules, 'clarabel' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "False"]


def test_solver_points_refute_where_sampling_cannot(monkeypatch: pytest.MonkeyPatch) -> None:
    """False only in a small disc around (1/3, 2/7): random and boundary points miss it, z3's model (as a point
    source of refutation, symgd.decide.table.POINT_SOURCES) does not; the counterexample is re-checked here."""
    from symgd.decide import decide, table

    monkeypatch.setattr(table, "POINT_SOURCES", [nra.points])  # inherited by the forked worker
    r, s = sp.symbols("r s", real=True)
    claim = Claim((r - sp.Rational(1, 3)) ** 2 + (s - sp.Rational(2, 7)) ** 2, ">=", sp.Rational(1, 10**4))
    v = decide(claim, timeout=5)
    assert v.refuted
    point = {r: sp.Rational(v.counterexample["r"]), s: sp.Rational(v.counterexample["s"])}
    assert violated(claim, [], point)


def test_fuzz_random_inequalities_agree_with_independent_sampling() -> None:
    """Seeded random claims (polynomials with roots, |.| and a chain hypothesis): whatever nra proves, the test's own
    sampler finds no violation of; whatever it refutes, the point is re-checked here."""
    rng = random.Random(11)
    r, s = sp.symbols("r s", real=True)
    atoms = [r, s, r * s, r**2, s**2, sp.Abs(r - s), sp.sqrt(r**2 + 1), sp.Integer(1)]
    proved = refuted = 0
    for _ in range(40):
        lhs = sum(rng.randint(-2, 2) * rng.choice(atoms) for _ in range(3))
        rhs = sum(rng.randint(-2, 2) * rng.choice(atoms) for _ in range(3))
        if rng.random() < 0.5:  # near-true claims: lhs plus a nonnegative term, shifted a little either way
            bump = rng.choice([(r - s) ** 2, sp.Abs(r), sp.sqrt(r**2 + 1) - 1, sp.Abs(r - s) - sp.Abs(r) + sp.Abs(s)])
            rhs = lhs + bump + rng.choice([-sp.Rational(1, 2), 0, 0, sp.Rational(1, 2)])
        hyps = rng.choice([[], [r >= 0], [r >= 0, r <= s], [s > 1]])
        claim = Claim(lhs, rng.choice(["<=", "<"]), rhs)
        ctx = ctx_of(hyps)
        if nra.prove(claim, ctx, timeout=2) is not None:
            proved += 1
            assert sampled_violation(claim, hyps, draws=200) is None, claim
        found = nra.counterexample(claim, ctx, timeout=2)
        if found is not None:
            refuted += 1
            assert violated(claim, hyps, found[0]), (claim, found)
    assert proved >= 8 and refuted >= 8


def test_no_domain_note_when_the_hypotheses_make_both_sides_defined() -> None:
    """1/L with 0 < mu <= L is defined on the whole region of the hypotheses: nothing to restrict, nothing said; the
    note stays where a denominator can vanish or a radicand be negative there."""
    assert nra.prove(Claim(1 / L, "<=", 2 / (mu + L)), ctx_of([mu > 0, mu <= L])) == nra.METHOD
    assert "domain" in nra.prove(Claim((a**2 - a) / (a - 1), "=", a))  # a = 1 is in the region
    assert "domain" in nra.prove(Claim(sp.sqrt(a), ">=", 0))  # a < 0 is in the region
    assert nra.prove(Claim(sp.sqrt(a), ">=", 0), ctx_of([a >= 0])) == nra.METHOD
