"""Vector claims with norms decided in coordinates (symgd/decide/coordinates.py, the Gram lift z3 decides), radicals of
symbols removed exactly (symgd/decide/radicals.py), nonzero assumptions on vectors and expressions
(symgd/latex/assumptions.py): textbook facts proved, false look-alikes never proved, each look-alike shown false here
with explicit vectors, independently of the modules."""

from __future__ import annotations

import random

import numpy as np
import pytest
import sympy as sp

from symgd import BadInput, check
from symgd.core.claims import Claim, Context, Rel
from symgd.decide import coordinates, nra, radicals
from symgd.latex.shapes import Norm

n = sp.Symbol("n", integer=True, positive=True)
x, y, z = (sp.MatrixSymbol(s, n, 1) for s in "xyz")
P, A, S = (sp.MatrixSymbol(s, n, n) for s in "PAS")  # positive definite, general, symmetric
r, lam, eps, L, mu = sp.symbols("r lambda epsilon L mu", positive=True)
d, a, b = sp.symbols("Delta a b", real=True)


def nx(v: sp.MatrixSymbol) -> Norm:
    return Norm(v)


def inner(u: sp.MatrixSymbol, v: sp.MatrixSymbol) -> sp.Expr:
    return sp.Trace(u.T * v)


NONZERO_X = sp.Gt(sp.Trace(x.T * x), 0)  # what `x \ne 0` of a vector becomes

# (claim, hypotheses, positive definite): true, each a textbook fact
TRUE = [
    (Claim(Norm(x.T * y), "<=", nx(x) * nx(y)), [], ()),  # Cauchy-Schwarz with |<x, y>|
    (Claim(nx(x + y), "<=", nx(x) + nx(y)), [], ()),  # triangle inequality
    (Claim(sp.Abs(nx(x) - nx(y)), "<=", nx(x - y)), [], ()),  # reverse triangle inequality
    (Claim(nx(r / nx(x) * x), "=", r), [NONZERO_X], ()),  # projection onto the ball of radius r
    (Claim(nx((1 - lam / nx(x)) * x), "=", nx(x) - lam), [sp.Ge(nx(x), lam)], ()),  # block soft thresholding
    (Claim(d - inner(x, x) / (2 * L), "<=", (1 - mu / L) * d), [sp.Ge(inner(x, x) / 2, mu * d)], ()),  # PL step
    (Claim(inner(x, y), "<=", eps / 2 * nx(x) ** 2 + nx(y) ** 2 / (2 * eps)), [], ()),  # Young with epsilon
    (Claim(Norm(x.T * P * y), "<=", sp.sqrt(sp.Trace(x.T * P * x)) * sp.sqrt(sp.Trace(y.T * P * y))), [], (P,)),
    (Claim(nx(x) ** 2 + nx(y) ** 2, ">=", nx(x + y) ** 2 / 2), [], ()),
]

# false look-alikes: a dropped square, a flipped inequality, a missing hypothesis, a wrong constant
FALSE = [
    (Claim(Norm(x.T * y), ">=", nx(x) * nx(y)), [], ()),  # flipped
    (Claim(Norm(x.T * y), "=", nx(x) * nx(y)), [], ()),  # true in dimension 1 only
    (Claim(nx(x + y), "<=", nx(x) + nx(y) / 2), [], ()),  # wrong constant
    (Claim(nx(x + y) ** 2, "<=", nx(x) ** 2 + nx(y) ** 2), [], ()),  # the cross term dropped
    (Claim(nx(r / nx(x) ** 2 * x), "=", r), [NONZERO_X], ()),  # squared norm
    (Claim(nx((1 - lam / nx(x)) * x), "=", nx(x) - lam), [], ()),  # ||x|| >= lambda dropped
    (Claim(d - inner(x, x) / (2 * L), "<=", (1 - mu / L) * d), [], ()),  # the PL hypothesis dropped
    (Claim(d - inner(x, x) / (2 * L), "<=", (1 - 2 * mu / L) * d), [sp.Ge(inner(x, x) / 2, mu * d)], ()),  # constant
    (Claim(inner(x, y), "<=", eps / 2 * nx(x) ** 2 + nx(y) ** 2 / (4 * eps)), [], ()),
    (Claim(Norm(x.T * P * y), "<=", sp.sqrt(sp.Trace(x.T * P * x)) * sp.sqrt(sp.Trace(y.T * y))), [], (P,)),
    (Claim(sp.Abs(nx(x) - nx(y)), ">=", nx(x - y)), [], ()),  # reverse triangle flipped
    (Claim(sp.Trace(x.T * P * x), "<=", 1), [sp.Le(inner(x, x), 1)], (P,)),  # a plain norm bound is no P-norm bound
    (Claim(Norm(x.T * P * y) + inner(x, x), "<=", nx(x) ** 2 + sp.sqrt(sp.Trace(x.T * P * x)) * nx(y)), [], (P,)),
]


def _num(e: sp.Basic, env: dict) -> object:
    """The value of a scalar or matrix expression at numpy values of its symbols (written for the test)."""
    if e in env:
        return env[e]
    if isinstance(e, (sp.Integer, sp.Rational, sp.Float)):
        return float(e)
    if isinstance(e, sp.Identity):
        return np.eye(int(e.shape[0]))
    if isinstance(e, sp.Inverse):
        return np.linalg.inv(_num(e.arg, env))
    if isinstance(e, sp.MatPow):
        return np.linalg.matrix_power(_num(e.base, env), int(e.exp))
    args = [_num(a, env) for a in e.args]
    if isinstance(e, (sp.Add, sp.MatAdd)):
        return sum(args[1:], args[0])
    if isinstance(e, sp.MatMul):
        out = args[0]
        for a in args[1:]:
            out = out @ a if isinstance(out, np.ndarray) and isinstance(a, np.ndarray) else out * a
        return out
    if isinstance(e, sp.Mul):
        return np.prod(args)
    if isinstance(e, sp.Pow):
        return args[0] ** args[1]
    if isinstance(e, sp.Transpose):
        return args[0].T
    if isinstance(e, sp.Trace):
        return float(np.trace(args[0]))
    if isinstance(e, (Norm, sp.Abs)):
        return float(np.linalg.norm(args[0]))
    raise TypeError(type(e).__name__)


def violation(claim: Claim, hyps: list, pd: tuple, draws: int = 400, seed: int = 2) -> dict | None:
    """Random vectors (dimensions 1 to 3; P a random positive definite matrix) and positive scalars at which every
    hypothesis holds and the claim fails by a clear margin: written for the test, independently of the modules."""
    rng = np.random.default_rng(seed)
    c = claim.normalized()
    for _ in range(draws):
        dim = int(rng.integers(1, 4))
        env: dict = {v: rng.integers(-4, 5, (dim, 1)) / rng.choice((1, 2)) for v in (x, y, z)}
        m = rng.integers(-2, 3, (dim, dim))
        env[P] = m.T @ m + np.eye(dim) / 4  # eigenvalues below and above 1
        env[A] = rng.integers(-3, 4, (dim, dim)).astype(float)
        env[S] = env[A] + env[A].T
        env.update({s: float(rng.integers(1, 9)) / rng.choice((1, 2, 4)) for s in (r, lam, eps, L, mu)})
        env[d] = float(rng.integers(-6, 7)) / 2
        with np.errstate(all="ignore"):
            vals = [(_num(h.lhs - h.rhs, env), isinstance(h, sp.Gt)) for h in hyps]
            if not all(np.isfinite(v) and (v > 1e-9 if strict else v >= -1e-12) for v, strict in vals):
                continue
            lhs, rhs = (_num(e, env) for e in (c.lhs, c.rhs))
        lhs, rhs = (float(np.squeeze(v)) for v in (lhs, rhs))
        if not (np.isfinite(lhs) and np.isfinite(rhs)):
            continue
        gap = rhs - lhs
        if {Rel.LE: gap < -1e-6, Rel.LT: gap <= 1e-6, Rel.EQ: abs(gap) > 1e-6}[c.rel]:
            return env
    return None


@pytest.mark.parametrize("claim,hyps,pd", TRUE, ids=[str(c) for c, _, _ in TRUE])
def test_vector_facts_proved_by_rotation_invariance(claim: Claim, hyps: list, pd: tuple) -> None:
    method = nra.prove(claim, Context.make(hyps, positive_definite=pd), timeout=5)
    assert method is not None and "rotation invariance" in method
    assert violation(claim, hyps, pd, draws=150) is None  # the list itself is right


@pytest.mark.parametrize("claim,hyps,pd", FALSE, ids=[str(c) for c, _, _ in FALSE])
def test_vector_look_alikes_never_proved(claim: Claim, hyps: list, pd: tuple) -> None:
    assert violation(claim, hyps, pd) is not None  # false, shown here with explicit vectors
    assert nra.prove(claim, Context.make(hyps, positive_definite=pd), timeout=5) is None


def test_only_the_euclidean_norm_is_invariant() -> None:
    """A function of a vector is lifted only when it evaluates to the Euclidean norm on explicit vectors: the 1-norm
    (not rotation invariant: ||x||_1 <= ||x||_2 holds for x in R^1 only) and undefined functions are refused."""

    class OneNorm(sp.Function):
        nargs = 1

        @classmethod
        def eval(cls, v):
            return sum(sp.Abs(e) for e in v) if isinstance(v, sp.MatrixBase) else None

    assert coordinates.is_euclidean_norm(Norm)
    assert not coordinates.is_euclidean_norm(OneNorm)
    assert not coordinates.is_euclidean_norm(sp.Function("f"))
    assert nra.prove(Claim(OneNorm(x), "<=", Norm(x)), Context()) is None
    with pytest.raises(coordinates.Refused):
        coordinates.in_coordinates(Claim(OneNorm(x), "<=", Norm(x)), Context())
    # the trace of an identity is the size: not a number the coordinates may fix
    with pytest.raises(coordinates.Refused):
        coordinates.in_coordinates(Claim(sp.Trace(sp.Identity(n) + x * x.T), ">=", 1), Context())


def test_mutation_one_coordinate_per_vector_proves_a_false_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    """Why k vectors need R^k: with every vector on one line, |<x, y>| = ||x|| ||y|| (false) would be proved."""
    claim = Claim(Norm(x.T * y), "=", Norm(x) * Norm(y))
    assert nra.prove(claim, Context()) is None
    real = coordinates.in_coordinates

    def one_line(c: Claim, ctx: Context) -> tuple:
        scalar, sctx, note = real(c, ctx)
        return Claim(scalar.lhs.subs(sp.Symbol("y[1]", real=True, nonnegative=True), 0), scalar.rel,
                     scalar.rhs.subs(sp.Symbol("y[1]", real=True, nonnegative=True), 0)), sctx, note

    assert nra.known_false(claim, Context())  # z3 found the point: later rows (sums of squares) skip the claim
    monkeypatch.setattr(nra, "in_coordinates", one_line)
    monkeypatch.setattr(nra, "_FALSE", set())
    assert nra.prove(claim, Context()) is not None


def test_only_exact_translations_are_marked_false() -> None:
    """A claim is marked false only when z3's point is a real counterexample: not under the forms relaxation, not
    with integers relaxed to reals, not with a hypothesis dropped."""
    k = sp.Symbol("k", integer=True, positive=True)
    for claim, ctx in [(Claim(sp.Trace(x.T * A * x), ">=", 0), Context()),  # forms: a relaxation
                       (Claim(k**2, ">=", 2 * k), Context()),  # false at k = 1 only; z3 may answer k = 1/2
                       (Claim(a, ">=", 0), Context.make([sp.Ge(sp.Trace(x.T * A * x), a)]))]:  # dropped
        assert nra.prove(claim, ctx) is None and not nra.known_false(claim, ctx)
    assert nra.prove(Claim(a, ">=", b), Context()) is None and nra.known_false(Claim(a, ">=", b), Context())


# general matrices: the 1 x 1 forms as real unknowns (a relaxation: proofs only)
SYM = (S,)
FORMS_TRUE = [
    # Goodfellow et al. 2016 (4.10): the step g^T g / g^T P g is optimal
    (Claim(-eps * inner(x, x) + eps**2 / 2 * sp.Trace(x.T * P * x), ">=",
           -inner(x, x) ** 2 / (2 * sp.Trace(x.T * P * x))), [NONZERO_X], (P,)),
    (Claim(sp.Trace(x.T * P * x), ">", 0), [NONZERO_X], (P,)),
    (Claim(sp.Trace(x.T * A * A.T * x), ">=", 0), [], ()),
    (Claim(sp.Trace(x.T * S * y), "=", sp.Trace(y.T * S * x)), [], SYM),
    (Claim(sp.Trace(x.T * P * y) ** 2, "<=", sp.Trace(x.T * P * x) * sp.Trace(y.T * P * y) + inner(x, x)), [], (P,)),
    (Claim(inner(x, y) ** 2, "<=", sp.Trace(x.T * P.inverse() * x) * sp.Trace(y.T * P * y)), [], (P,)),  # dual norms
    (Claim(inner(x, x) ** 2, "<=", sp.Trace(x.T * P.inverse() * x) * sp.Trace(x.T * P * x)), [], (P,)),
    (Claim(inner(x, x) / sp.Trace(x.T * P * x) * nx(x), "<=", Norm(P.inverse() * x)), [NONZERO_X], (P,)),  # dogleg
    (Claim(sp.Trace(x.T * P * x) / 2 - inner(y, x), ">=", -sp.Trace(y.T * P.inverse() * y) / 2), [], (P,)),
]
FORMS_FALSE = [
    (Claim(-eps * inner(x, x) + eps**2 / 2 * sp.Trace(x.T * P * x), ">=",
           -inner(x, x) / (2 * sp.Trace(x.T * P * x))), [NONZERO_X], (P,)),  # the square dropped
    (Claim(sp.Trace(x.T * P * x), ">", 0), [], (P,)),  # x = 0
    (Claim(sp.Trace(x.T * A * x), ">=", 0), [], ()),  # A general
    (Claim(sp.Trace(x.T * S * x), ">=", 0), [], SYM),  # symmetric is not semidefinite
    (Claim(sp.Trace(x.T * A * y), "=", sp.Trace(y.T * A * x)), [], ()),  # A not symmetric
    (Claim(sp.Trace(x.T * S * y) ** 2, "<=", sp.Trace(x.T * S * x) * sp.Trace(y.T * S * y)), [], SYM),
    (Claim(Norm(A * x) ** 2, "=", sp.Trace(x.T * A * A.T * x)), [], ()),
    (Claim(inner(x, y) ** 2, "<=", sp.Trace(x.T * P * x) * sp.Trace(y.T * P * y)), [], (P,)),  # P, not P^-1
    (Claim(inner(x, y) ** 2, "<=", sp.Trace(x.T * P.inverse() * x) * sp.Trace(y.T * P.inverse() * y)), [], (P,)),
    (Claim(inner(x, x) / sp.Trace(x.T * P * x) * nx(x), "<=", Norm(P * x)), [NONZERO_X], (P,)),
    (Claim(sp.Trace(x.T * P * x) / 2 - inner(y, x), ">=", -sp.Trace(y.T * P.inverse() * y) / 4), [], (P,)),
]


@pytest.mark.parametrize("claim,hyps,pd", FORMS_TRUE, ids=[str(c) for c, _, _ in FORMS_TRUE])
def test_forms_as_unknowns_prove(claim: Claim, hyps: list, pd: tuple) -> None:
    ctx = Context.make(hyps, symmetric=pd, positive_definite=[m for m in pd if m is not S])
    method = nra.prove(claim, ctx, timeout=5)
    assert method is not None and "1x1 forms as real unknowns" in method
    assert violation(claim, hyps, pd, draws=100) is None


@pytest.mark.parametrize("claim,hyps,pd", FORMS_FALSE, ids=[str(c) for c, _, _ in FORMS_FALSE])
def test_forms_look_alikes_never_proved(claim: Claim, hyps: list, pd: tuple) -> None:
    assert violation(claim, hyps, pd) is not None
    ctx = Context.make(hyps, symmetric=pd, positive_definite=[m for m in pd if m is not S])
    assert nra.prove(claim, ctx, timeout=5) is None
    assert nra.counterexample(claim, ctx) is None  # a relaxation never refutes


# --------------------------------------------------------------------------- radicals

ell = sp.Symbol(r"\ell", real=True)
Lr = sp.Symbol("L", real=True)
SANDWICH = [sp.Lt(0, ell), sp.Le(ell, Lr)]
ALPHA = 4 / (sp.sqrt(Lr) + sp.sqrt(ell)) ** 2
BETA = ((sp.sqrt(Lr) - sp.sqrt(ell)) / (sp.sqrt(Lr) + sp.sqrt(ell))) ** 2


@pytest.mark.parametrize("claim", [
    Claim((1 + BETA - ALPHA * ell) ** 2, "=", 4 * BETA),  # Polyak's heavy ball: a double root at ell
    Claim((1 + BETA - ALPHA * Lr) ** 2, "=", 4 * BETA),  # ... and at L
    Claim(sp.sqrt(BETA), "=", (sp.sqrt(Lr) - sp.sqrt(ell)) / (sp.sqrt(Lr) + sp.sqrt(ell))),  # ell <= L
    Claim(BETA, "<", 1),
], ids=str)
def test_radicals_of_symbols_removed(claim: Claim) -> None:
    method = radicals.Radicals().prove(claim.normalized(), Context.make(SANDWICH), None)
    assert method is not None and "sqrt(L)" in method


@pytest.mark.parametrize("claim,hyps", [
    (Claim((1 + BETA - ALPHA * ell) ** 2, "=", 2 * BETA), SANDWICH),  # wrong constant
    (Claim((1 + BETA - 2 * ALPHA * ell) ** 2, "=", 4 * BETA), SANDWICH),
    (Claim(sp.sqrt(BETA), "=", (sp.sqrt(Lr) - sp.sqrt(ell)) / (sp.sqrt(Lr) + sp.sqrt(ell))), [sp.Lt(0, ell),
                                                                                               sp.Lt(0, Lr)]),
    (Claim(sp.sqrt(Lr**2), "=", Lr), []),  # L may be negative: sqrt(L^2) = |L|
    (Claim(BETA, "<", 1), [sp.Le(0, ell), sp.Le(ell, Lr)]),  # ell = 0 gives beta = 1
], ids=lambda v: str(v))
def test_radical_look_alikes_never_proved(claim: Claim, hyps: list) -> None:
    lhs, rhs = claim.normalized().lhs, claim.normalized().rhs
    assert radicals.Radicals().prove(claim.normalized(), Context.make(hyps), None) is None
    # independently: a point where the hypotheses hold and the claim fails
    for vals in ({Lr: 4, ell: 1}, {Lr: 1, ell: 4}, {Lr: -1, ell: 1}, {Lr: 1, ell: 0}):
        if all(h.xreplace(vals) for h in hyps):
            gap = sp.N((rhs - lhs).xreplace(vals), 30)
            if gap.is_real and (gap < 0 if claim.rel in (Rel.LE, Rel.GE) else
                                gap <= 0 if claim.rel in (Rel.LT, Rel.GT) else abs(gap) > 1e-20):
                return
    pytest.fail("no independent counterexample")


def test_mutation_without_the_sign_check_a_false_radical_claim_is_proved(monkeypatch: pytest.MonkeyPatch) -> None:
    """s = u^2 covers only s >= 0: without the check that the hypotheses force it, |sqrt(L)|^2 = L (false at L = -1,
    where the left side is 1) would be proved."""
    wrong = Claim(sp.Abs(sp.sqrt(Lr)) ** 2, "=", Lr)
    assert sp.Abs(sp.sqrt(-1)) ** 2 == 1
    assert radicals.Radicals().prove(wrong, Context(), None) is None
    assert radicals.Radicals().prove(wrong, Context.make([sp.Ge(Lr, 0)]), None) is not None  # true for L >= 0
    monkeypatch.setattr(radicals, "_forced", lambda s, strict, ctx: True)
    assert radicals.Radicals().prove(wrong, Context(), None) is not None


# --------------------------------------------------------------------------- end to end, nonzero assumptions


def test_nonzero_assumptions_end_to_end() -> None:
    """``x \\ne 0`` of a vector, ``\\mathbf{0}``, and an expression assumed nonzero are hypotheses now."""
    v = check(r"\left\|\frac{r}{\|x\|}x\right\| = r", assume=["r > 0", r"x \ne 0"], vectors=["x"], timeout=4)
    assert v.proved and "rotation invariance" in v.method
    v = check(r"\left\|\frac{r}{\|x\|^2}x\right\| = r", assume=["r > 0", r"x \neq \mathbf{0}"], vectors=["x"],
              timeout=4)
    assert v.refuted
    assert check(r"x^T x > 0", assume=[r"x \ne \mathbf{0}"], vectors=["x"], timeout=4).proved
    assert not check(r"x^T x > 0", vectors=["x"], timeout=4).proved  # x = 0 without the assumption
    v = check(r"\frac{1}{(a - b)^2} > 0", assume=[r"a - b \ne 0"], timeout=4)
    assert v.proved
    with pytest.raises(BadInput, match="contradictory"):
        check(r"a > 0", assume=[r"0 \ne 0"], timeout=4)
    with pytest.raises(BadInput, match="one shape"):
        check(r"a > 0", assume=[r"x \ne a"], vectors=["x"], timeout=4)


def test_polyak_tuning_end_to_end() -> None:
    """Heavy-ball and gradient-descent tunings as Polyak writes them (definitions through roots, a max of |.|)."""
    assume = [r"\alpha = \frac{4}{(\sqrt{L} + \sqrt{\ell})^2}",
              r"\beta = \left(\frac{\sqrt{L} - \sqrt{\ell}}{\sqrt{L} + \sqrt{\ell}}\right)^2", r"0 < \ell \le L"]
    assert check(r"(1 + \beta - \alpha\ell)^2 = 4\beta", assume=assume, timeout=4).proved
    v = check(r"\max\{|1 - \alpha\ell|, |1 - \alpha L|\} = \frac{L - \ell}{L + \ell}",
              assume=[r"\alpha = \frac{2}{L + \ell}", r"0 < \ell \le L"], timeout=4)
    assert v.proved
    v = check(r"\max\{|1 - \alpha\ell|, |1 - \alpha L|\} = \frac{L - \ell}{L + 2\ell}",
              assume=[r"\alpha = \frac{2}{L + \ell}", r"0 < \ell \le L"], timeout=2)
    assert v.refuted


# --------------------------------------------------------------------------- matrix identities through test vectors

B_ = sp.MatrixSymbol("B", n, n)
rho = 1 / sp.Trace(y.T * x)
I_n = sp.Identity(n)
SM = (I_n + x * y.T).inverse()  # Sherman-Morrison for I + x y^T


@pytest.mark.parametrize("claim,sym", [
    (Claim((I_n - rho * x * y.T) * S * (I_n - rho * y * x.T) * y + rho * x * x.T * y, "=", x), SYM),  # BFGS secant
    (Claim(SM, "=", I_n - x * y.T / (1 + sp.Trace(y.T * x))), ()),
    (Claim((A * B_).T, "=", B_.T * A.T), ()),
    (Claim(x * y.T * z, "=", sp.Trace(y.T * z) * x), ()),
], ids=str)
def test_identities_through_test_vectors(claim: Claim, sym: tuple) -> None:
    from symgd.decide.forms import TestVectors

    assert TestVectors().prove(claim, Context.make(symmetric=sym), None) is not None


@pytest.mark.parametrize("claim,sym", [
    (Claim((I_n - rho * y * x.T) * S * (I_n - rho * x * y.T) * y + rho * x * x.T * y, "=", x), SYM),  # swapped
    (Claim(SM, "=", I_n - x * y.T / (1 - sp.Trace(y.T * x))), ()),  # sign
    (Claim(SM, "=", I_n - x * y.T), ()),  # the denominator dropped
    (Claim(A * B_, "=", B_ * A), ()),
    (Claim(A.T, "=", A), ()),  # A is not symmetric
    (Claim(A.inverse(), "=", A.T), ()),
    (Claim(x * y.T, "=", y * x.T), ()),
], ids=str)
def test_false_identities_not_proved_through_test_vectors(claim: Claim, sym: tuple) -> None:
    from symgd.decide.forms import TestVectors

    assert TestVectors().prove(claim, Context.make(symmetric=sym), None) is None
    # independently: explicit 2 x 2 matrices and vectors where the two sides differ
    env = {x: np.array([[1.0], [2]]), y: np.array([[3.0], [1]]), A: np.array([[1.0, 2], [0, 3]]),
           B_: np.array([[0.0, 1], [1, 1]])}
    env[S] = env[A] + env[A].T
    sub = {n: 2}
    lhs, rhs = (_num(sp.sympify(e).xreplace(sub), {k.xreplace(sub): v for k, v in env.items()})
                for e in (claim.lhs, claim.rhs))
    assert np.abs(lhs - rhs).max() > 1e-6


C_ = sp.MatrixSymbol("C", n, n)


@pytest.mark.parametrize("claim,true", [
    (Claim(sp.Trace(A * B_), "=", sp.Trace(B_ * A)), True),
    (Claim(sp.Trace(A * B_ * C_), "=", sp.Trace(C_.T * B_.T * A.T)), True),
    (Claim(sp.Trace(x.T * A * x), "=", sp.Trace(A * x * x.T)), True),
    (Claim(sp.Trace(x * y.T), "=", sp.Trace(y.T * x)), True),
    (Claim(sp.Trace(S * A - A.T * S), "=", 0), True),
    (Claim(sp.Trace(A * B_ * C_), "=", sp.Trace(B_ * A * C_)), False),
    (Claim(sp.Trace(A * B_), "=", sp.Trace(A) * sp.Trace(B_)), False),
    (Claim(sp.Trace(A * B_), "=", sp.Trace(A.T * B_)), False),
    (Claim(sp.Trace(A * A), "=", sp.Trace(A.T * A)), False),
], ids=str)
def test_trace_words_up_to_rotation_and_transposition(claim: Claim, true: bool) -> None:
    from symgd.decide.forms import TestVectors

    method = TestVectors().prove(claim, Context.make(symmetric=SYM), None)
    assert (method is not None) is true
    rng = np.random.default_rng(9)  # independently, with explicit 3 x 3 matrices
    m = {k: rng.integers(-3, 4, (3, 3)) / 1.0 for k in (A, B_, C_)}
    env = {**m, x: rng.integers(-3, 4, (3, 1)) / 1.0, y: rng.integers(-3, 4, (3, 1)) / 1.0, S: m[A] + m[A].T}
    sub = {n: 3}
    env = {k.xreplace(sub): v for k, v in env.items()}
    lhs, rhs = (float(np.squeeze(_num(sp.sympify(e).xreplace(sub), env))) for e in (claim.lhs, claim.rhs))
    assert (abs(lhs - rhs) < 1e-9) is true


def test_a_radical_claim_z3_shows_false_skips_the_zero_test() -> None:
    """After s = u^2 the claim is false by z3: the original claim is remembered false (the change of variables is
    exact), so the zero test's slow rungs are skipped and refutation gets the budget."""
    claim = Claim((1 + BETA - ALPHA * Lr) ** 2, "=", BETA).normalized()
    ctx = Context.make(SANDWICH)
    assert radicals.Radicals().prove(claim, ctx, None) is None
    assert nra.known_false(claim, ctx)
    from symgd.decide.zero import ZeroTest

    assert not ZeroTest().accepts(claim, ctx, type("C", (), {"premise": None})())
    assert sp.N(((1 + BETA - ALPHA * Lr) ** 2 - BETA).xreplace({Lr: 4, ell: 1})) != 0  # false, independently


def test_fuzz_vector_claims_agree_with_independent_sampling() -> None:
    """Seeded random inequalities in norms and inner products of x, y (near-true ones included): whatever nra proves,
    the test's own numeric sampler finds no violation of."""
    rng = random.Random(4)
    atoms = [nx(x), nx(y), nx(x + y), nx(x - y), inner(x, y), Norm(x.T * y), nx(x) * nx(y), inner(x, x), sp.Integer(1)]
    proved = 0
    for _ in range(30):
        lhs = sum(rng.randint(-2, 2) * rng.choice(atoms) for _ in range(2))
        rhs = sum(rng.randint(-2, 2) * rng.choice(atoms) for _ in range(2))
        if rng.random() < 0.6:  # near-true: the triangle or Cauchy-Schwarz gap, shifted a little either way
            gap = rng.choice([nx(x) + nx(y) - nx(x + y), nx(x) * nx(y) - Norm(x.T * y), nx(x - y) - sp.Abs(nx(x) - nx(y))])
            rhs = lhs + gap * rng.choice([1, 2]) + rng.choice([-sp.Rational(1, 4), 0, 0])
        claim = Claim(lhs, "<=", rhs)
        if nra.prove(claim, Context(), timeout=1) is not None:
            proved += 1
            assert violation(claim, [], (), draws=200) is None, claim
    assert proved >= 8
