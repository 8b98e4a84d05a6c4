"""A small library of inequalities for transcendental functions and sums, each proved by the engine itself.

No lemma is an axiom: :func:`prove_lemma` proves a lemma with the monotonicity and induction methods (the
derivative-sign argument, then z3 or the sign certificates for the derivative), and a lemma is used only after
its proof succeeded in the same process (:func:`proved_lemmas`).  tests/test_lemmas.py re-proves every one.

A lemma is ``lhs <= rhs`` about a variable u under ``requires`` (conditions on u); an instance substitutes an
expression for u.  :class:`ByLemmas` uses them on claims no other method decides: it removes the transcendental
terms of ``rhs - lhs`` one at a time with a nonnegative multiple of a lemma's gap (``rhs_L(u0) - lhs_L(u0) >= 0``
with u0 proved to meet ``requires``) and proves the remainder by the sign certificates or real arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import sympy as sp

from symgd.core.claims import Claim, Context, Rel, is_matrix
from symgd.decide import transcendental

__all__ = ["LEMMAS", "ByLemmas", "Lemma", "lemma_available", "prove_by_lemmas", "prove_lemma", "proved_lemmas",
           "unless_proving_a_lemma"]

_u = sp.Symbol("u", real=True)
_p = sp.Symbol("u", positive=True)
_T = sp.Symbol("T", integer=True, positive=True)
_t = sp.Symbol("t", integer=True)
_q, _r = sp.symbols("q r", positive=True)
_m1, _m2 = sp.symbols("m_1 m_2", real=True)
_s1, _s2 = sp.symbols("sigma_1 sigma_2", positive=True)


@dataclass(frozen=True)
class Lemma:
    """``claim`` holds for every value of ``variable`` (with its assumptions) satisfying ``requires``."""

    name: str
    claim: Claim
    variable: sp.Symbol | None = None
    requires: tuple = ()
    source: str = ""


def _kl(p: Any, q: Any) -> Any:
    return p * sp.log(p / q) + (1 - p) * sp.log((1 - p) / (1 - q))


LEMMAS: tuple[Lemma, ...] = (
    Lemma("log x <= x - 1", Claim(sp.log(_p), "<=", _p - 1), _p, (), "Boyd & Vandenberghe 3.1.4"),
    Lemma("log x >= 1 - 1/x", Claim(sp.log(_p), ">=", 1 - 1 / _p), _p, (), "equivalent form, x -> 1/x"),
    Lemma("e^x >= 1 + x", Claim(sp.exp(_u), ">=", 1 + _u), _u, (), "convexity of exp"),
    Lemma("log(1 + x) <= x", Claim(sp.log(1 + _u), "<=", _u), _u, (_u > -1,), "concavity of log"),
    Lemma("log(1 + x) >= x/(1 + x)", Claim(sp.log(1 + _u), ">=", _u / (1 + _u)), _u, (_u > -1,), "concavity of log"),
    Lemma("Pinsker (Bernoulli)", Claim(_kl(_r, _q), ">=", 2 * (_r - _q) ** 2), None, (_r < 1, _q < 1),
          "Cover & Thomas 11.6 (two-point distributions)"),
    Lemma("Gaussian KL >= 0", Claim(sp.log(_s2 / _s1) + (_s1**2 + (_m1 - _m2) ** 2) / (2 * _s2**2) - sp.Rational(1, 2),
                                    ">=", 0), None, (), "KL(N(m1, s1^2) || N(m2, s2^2)), scalar"),
    Lemma("sum 1/sqrt(t) <= 2 sqrt(T)", Claim(sp.Sum(1 / sp.sqrt(_t), (_t, 1, _T)), "<=", 2 * sp.sqrt(_T)), None, (),
          "integral comparison for a decreasing summand"),
    Lemma("sum 1/t <= 1 + log T", Claim(sp.Sum(1 / _t, (_t, 1, _T)), "<=", 1 + sp.log(_T)), None, (),
          "integral comparison for a decreasing summand"),
    Lemma("finite geometric series", Claim(sp.Sum(_q**_t, (_t, 0, _T - 1)), "=", (1 - _q**_T) / (1 - _q)), None,
          (_q < 1,), "telescoping"),
    Lemma("geometric series", Claim(sp.Sum(_q**_t, (_t, 0, sp.oo)), "=", 1 / (1 - _q)), None, (_q < 1,),
          "limit of the finite series"),
    Lemma("partial geometric sums", Claim(sp.Sum(_q**_t, (_t, 0, _T)), "<=", 1 / (1 - _q)), None, (_q < 1,),
          "every partial sum of a series of positive terms is below the series"),
    Lemma("telescoping 1/(t(t+1))", Claim(sp.Sum(1 / (_t * (_t + 1)), (_t, 1, _T)), "=", 1 - 1 / (_T + 1)), None, (),
          "telescoping"),
)


_IN_PROOF = [False]  # while a lemma is being proved, no lemma may be used (no circular proofs)


def _first_principles(lemma: Lemma) -> str | None:
    from symgd.decide.monotone import prove_by_monotonicity
    from symgd.decide.sums import prove_by_induction
    from symgd.decide.zero import is_zero

    ctx = Context.make(lemma.requires)
    c = lemma.claim.normalized()
    before, _IN_PROOF[0] = _IN_PROOF[0], True
    try:
        if c.rel is Rel.EQ:
            return is_zero(c.lhs - c.rhs, ctx)
        return prove_by_monotonicity(c, ctx) or prove_by_induction(c, ctx)
    finally:
        _IN_PROOF[0] = before


def prove_lemma(lemma: Lemma, timeout: float = 20.0) -> str | None:
    """The engine's own proof of the lemma from first principles (the equality ladder, monotonicity or induction;
    never another lemma), computed under a budget of ``timeout`` seconds, or None."""
    from symgd.core.budget import BudgetExceeded, run_with_budget

    try:
        return run_with_budget(_first_principles, lemma, timeout=timeout)
    except BudgetExceeded:
        return None


@cache
def _proved(index: int) -> bool:
    from symgd.decide.monotone import prove_by_monotonicity

    lem = LEMMAS[index]
    before, _IN_PROOF[0] = _IN_PROOF[0], True
    try:
        return prove_by_monotonicity(lem.claim, Context.make(lem.requires)) is not None
    finally:
        _IN_PROOF[0] = before


def lemma_available(name: str) -> bool:
    """May the lemma called ``name`` be used here?  Only once the engine proved it in this process, and never while
    a lemma is being proved (the proof would go round in a circle)."""
    if _IN_PROOF[0]:
        return False
    (index,) = [i for i, lem in enumerate(LEMMAS) if lem.name == name]
    return _proved(index)


transcendental.tangent_lemma = lambda: lemma_available("e^x >= 1 + x")  # the relaxation's tangent, once proved


def proved_lemmas() -> tuple[Lemma, ...]:
    """The instantiable lemmas (those with a variable) whose proof succeeds, each proved once per process by the
    monotonicity method directly (no worker processes)."""
    return tuple(lem for i, lem in enumerate(LEMMAS) if lem.variable is not None and _proved(i))


def _nonnegative(expr: Any, ctx: Context, strict: bool = False) -> str | None:
    from symgd.decide.monotone import nonnegative

    return nonnegative(expr, ctx, strict)


def _expand(e: Any) -> Any:
    """Products expanded; logs and exponentials kept whole (log(x/y) is the atom a lemma may match)."""
    return sp.expand(e, log=False, power_exp=False, power_base=False)


def _transcendental(e: Any) -> list:
    return sorted(sp.sympify(e).atoms(sp.log, sp.exp), key=sp.default_sort_key)


def _use_one(gap: Any, atom: Any, ctx: Context) -> tuple[Any, str, int] | None:
    """``gap - c * lemma_gap(u0)`` without ``atom``, for the first lemma that removes it with c >= 0 (the caller
    uses it only once the lemma is proved)."""
    mark = sp.Dummy("A")
    for index, lem in enumerate(LEMMAS):
        if lem.variable is None:
            continue
        c = lem.claim.normalized()
        lemma_gap = c.rhs - c.lhs
        (key,) = [a for a in _transcendental(lemma_gap) if a.func == atom.func] or [None]
        if key is None:
            continue
        w = sp.Wild("w")
        match = atom.args[0].match(key.args[0].xreplace({lem.variable: w}))
        if not match or w not in match:
            continue
        u0 = match[w]
        instance = lemma_gap.xreplace({lem.variable: u0})
        if instance.xreplace({atom: mark}).diff(mark) == 0:
            continue  # SymPy rewrote the atom (log(1 + u) at u0 = x - 1): no instance of it here
        from symgd.decide.nra import _real_arithmetic

        if u0.is_real is not True and not (_real_arithmetic(u0) and all(s.is_real for s in u0.free_symbols)):
            continue  # the lemmas are about real numbers
        if any(getattr(lem.variable, f"is_{f}") and getattr(u0, f"is_{f}") is not True
               and not _nonnegative(u0, ctx, f == "positive") for f in ("positive", "nonnegative")):
            continue
        if not all(_holds(r.xreplace({lem.variable: u0}), ctx) for r in lem.requires):
            continue
        g, i = gap.xreplace({atom: mark}), instance.xreplace({atom: mark})
        if sp.diff(g, mark, 2) != 0 or sp.diff(i, mark, 2) != 0:
            continue
        coeff = sp.simplify(sp.diff(g, mark) / sp.diff(i, mark))
        if coeff.has(mark) or not _nonnegative(coeff, ctx):
            continue
        rest = _expand(gap - coeff * instance)
        if rest.has(atom):
            continue
        times = "" if coeff == 1 else f" times {coeff}"
        return rest, f"'{lem.name}' at u = {u0}{times}", index
    return None


def _log_quotient(gap: Any, ctx: Context) -> tuple[Any, str] | None:
    """``c log A - c log B`` of the gap as ``c log(A/B)``, exact when A > 0 and B > 0 are proved (the difference
    step of an integral comparison, log((T + a)/a) - log((T - 1 + a)/a)); None when the gap has no such pair."""
    logs: dict = {}
    for term in sp.Add.make_args(gap):
        found = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
        if len(found) == 1:
            logs.setdefault(found[0], sp.S.Zero)
            logs[found[0]] += sp.Mul(*[f for f in sp.Mul.make_args(term) if f is not found[0]])
    items = sorted(logs.items(), key=lambda kv: sp.default_sort_key(kv[0]))
    for i, (la, ca) in enumerate(items):
        for lb, cb in items[i + 1:]:
            if ca.has(sp.log) or sp.cancel(ca + cb) != 0:
                continue
            A, B = la.args[0], lb.args[0]
            if _nonnegative(A, ctx, True) and _nonnegative(B, ctx, True):
                merged = sp.log(sp.cancel(A / B))
                return _expand(gap - ca * la - cb * lb) + ca * merged, f"log({A}) - log({B}) = log(({A})/({B}))"
    return None


def _holds(rel: Any, ctx: Context) -> bool:
    if rel is sp.true:
        return True
    if not isinstance(rel, (sp.Le, sp.Lt, sp.Ge, sp.Gt)):
        return False
    c = Claim.of(rel).normalized()
    return _nonnegative(c.rhs - c.lhs, ctx, c.rel is Rel.LT) is not None


def unless_proving_a_lemma(claim: Claim, ctx: Context) -> str | None:
    """:func:`prove_by_lemmas`, but None while a lemma is being proved (no circular proofs)."""
    return None if _IN_PROOF[0] else prove_by_lemmas(claim, ctx)


def prove_by_lemmas(claim: Claim, ctx: Context) -> str | None:
    """``rhs - lhs >= 0`` as a sum of nonnegative multiples of lemma gaps and a remainder proved >= 0; failing
    that, ``A - c e^f >= 0`` (c > 0 proved) as ``(A/c) e^(-f) - 1 >= 0``: an upper bound of an exponential is a
    lower bound of its inverse (e^x <= 1/(1 - x) from e^(-x) >= 1 - x)."""
    c = claim.normalized()
    if c.rel not in (Rel.LE, Rel.LT) or is_matrix(c.lhs) or is_matrix(c.rhs):
        return None
    gap = _expand(sp.sympify(c.rhs - c.lhs))
    if gap.has(sp.Sum, sp.Integral, sp.Derivative, sp.Float):
        return None
    m = _by_instances(gap, ctx, c.rel is Rel.LT)
    if m:
        return m
    inverted = _divided_by_exp(gap, ctx)
    if inverted is None:
        return None
    m = _by_instances(inverted[0], ctx, c.rel is Rel.LT)
    return f"{inverted[1]}; {m}" if m else None


def _divided_by_exp(gap: Any, ctx: Context) -> tuple[Any, str] | None:
    """gap = A - c exp(f) with c > 0 proved and A free of exp(f): (A/c) exp(-f) - 1, which has gap's sign."""
    exps = [a for a in gap.atoms(sp.exp) if a.free_symbols]
    if len(exps) != 1:
        return None
    (E,) = exps
    mark = sp.Dummy("E")
    form = gap.xreplace({E: mark})
    if not form.is_polynomial(mark) or sp.degree(form, mark) != 1:
        return None
    coeff, rest = sp.Poly(form, mark).all_coeffs()
    if rest.has(sp.exp, sp.log) or not _nonnegative(-coeff, ctx, True):
        return None
    return (sp.cancel(rest / -coeff) * sp.exp(-E.args[0]) - 1,  # not expanded: exp(-f) stays an atom
            f"divided by {-coeff} {E} > 0: {sp.cancel(rest / -coeff)} exp({-E.args[0]}) >= 1")


def _by_instances(gap: Any, ctx: Context, strict: bool) -> str | None:
    used, indexes = [], []
    for _ in range(4):
        atoms = _transcendental(gap)
        if not atoms:
            break
        merged = _log_quotient(gap, ctx) if len(atoms) > 1 else None  # an equality: merged before any lemma
        if merged:
            gap = merged[0]
            used.append(merged[1])
            atoms = _transcendental(gap)
        step = _use_one(gap, atoms[0], ctx)
        if step is None:
            return None
        gap, text, index = step
        used.append(text)
        indexes.append(index)
    if not used or _transcendental(gap):
        return None
    m = _nonnegative(gap, ctx, strict)
    if not m or not all(_proved(i) for i in indexes):  # each lemma proved (once) before it is used
        return None
    return f"instances of lemmas proved by monotonicity: {'; '.join(used)}; the remainder is >= 0 ({m})"


class ByLemmas:
    """Scalar inequalities with log and exp terms from instances of the proved lemmas."""

    name = "lemma instances"

    def accepts(self, claim: Claim, ctx: Context, cited: Any) -> bool:
        if not cited.alone(claim, (Rel.LE, Rel.LT)):
            return False
        return any(isinstance(e, sp.Basic) and e.has(sp.log, sp.exp) for e in (claim.lhs, claim.rhs))

    def prove(self, claim: Claim, ctx: Context, cited: Any) -> str | None:
        try:
            return prove_by_lemmas(claim, ctx)
        except Exception:  # a SymPy failure is no proof; the later rows still get the claim
            return None
