"""Claims with powers ``b^t`` of a natural number t: bounds on ``b^t``, then induction on t.

Each power ``b^(k t + c)`` (t an integer symbol whose least value t0 >= 0 is known, k = +-1, c an integer, b free of
t) is written ``b^c u^k`` with a new real variable ``u`` standing for ``b^t`` (``b != 0`` proved when k or c is
negative).  What is known of u is proved from the hypotheses, never assumed:

* ``u >= 0`` when ``b >= 0`` (``u > 0`` when ``b > 0``);
* ``u <= b^t0`` when ``0 <= b <= 1`` and ``u >= b^t0`` when ``b >= 1`` (t -> b^t is monotone on the integers);
* ``-1 <= u <= 1`` when ``-1 <= b <= 1``.

Then, with t relaxed to a real ``>= t0`` (a proof for every real is one for every integer):

1. *bounds*: the claim in u for every u with those properties (``1 - b^t >= 1 - b`` from ``b^t <= b``);
2. *induction*: the claim at t = t0 (exact), and the claim at t + 1 (u -> b u) for every t, u with the properties
   and the claim itself at t (Bernoulli's ``(1 + x)^n >= 1 + n x``: ``(1 + x) u >= 1 + (n + 1) x`` from
   ``u >= 1 + n x``, ``1 + x >= 0``, ``n >= 0``).

Both sub-proofs are real arithmetic (z3's nlsat, :mod:`symgd.decide.nra`) or the zero test for an identity in u.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import Claim, Context, Rel, is_matrix
from symgd.decide.context import Cited, scalar_sides

__all__ = ["IntegerPowers", "prove_by_powers"]


def _sure(e: Any, ctx: Context, strict: bool = False) -> bool:
    from symgd.decide.monotone import nonnegative

    return nonnegative(sp.sympify(e), ctx, strict) is not None


def _powers(exprs: list, t: sp.Symbol) -> list[tuple[Any, Any, Any]] | None:
    """(power, base, exponent) for every power whose exponent moves with t; None when one is outside the class."""
    out = []
    for e in exprs:
        for p in sp.sympify(e).atoms(sp.Pow, sp.exp):
            b, x = p.as_base_exp()
            if t not in x.free_symbols:
                continue
            if t in b.free_symbols or not x.is_polynomial(t) or sp.degree(x, t) != 1:
                return None
            k, c = sp.Poly(x, t).all_coeffs()
            if k not in (1, -1) or not c.is_Integer or b.is_real is not True:
                return None
            out.append((p, b, (k, c)))
    return out


def _facts(u: sp.Symbol, b: Any, t0: int, ctx: Context) -> list:
    facts = []
    if _sure(b, ctx, True):
        facts.append(u > 0)
    elif _sure(b, ctx):
        facts.append(u >= 0)
    if _sure(b, ctx) and _sure(1 - b, ctx):
        facts.append(u <= b**t0)
    elif _sure(b - 1, ctx):
        facts.append(u >= b**t0)
    elif _sure(1 + b, ctx) and _sure(1 - b, ctx):
        facts += [u >= -1, u <= 1]
    return facts


def _relation(c: Claim) -> Any:
    return {Rel.LE: sp.Le, Rel.LT: sp.Lt, Rel.EQ: sp.Eq}[c.rel](c.lhs, c.rhs, evaluate=False)


def _prove_plain(c: Claim, ctx: Context) -> str | None:
    """A claim free of t-powers: the zero test for an identity, else the sign certificates or z3."""
    from symgd.decide import nra
    from symgd.decide.monotone import nonnegative
    from symgd.decide.zero import is_zero

    if c.rel is Rel.EQ:
        return is_zero(sp.sympify(c.lhs - c.rhs), ctx) or nra.prove(c, ctx, timeout=nra.Z3_TIMEOUT)
    return nonnegative(sp.sympify(c.rhs - c.lhs), ctx, c.rel is Rel.LT, thorough=True)


def prove_by_powers(claim: Claim, ctx: Context) -> str | None:
    from symgd.decide.sums import lowest

    c = claim.normalized()
    if c.rel not in (Rel.LE, Rel.LT, Rel.EQ) or is_matrix(c.lhs) or is_matrix(c.rhs):
        return None
    exprs = [sp.sympify(c.lhs), sp.sympify(c.rhs)]
    if any(e.has(sp.Sum, sp.Integral, sp.Derivative, sp.Float) for e in exprs):
        return None
    for t in sorted({s for e in exprs for s in e.free_symbols if s.is_integer}, key=sp.default_sort_key):
        t0 = lowest(t, ctx)
        found = _powers(exprs, t) if t0 is not None and t0 >= 0 else None
        if not found:
            continue
        m = _by_powers_of(c, ctx, t, int(t0), found)
        if m:
            return m
    return None


def _by_powers_of(c: Claim, ctx: Context, t: sp.Symbol, t0: int, found: list) -> str | None:
    bases = sorted({b for _, b, _ in found}, key=sp.default_sort_key)
    us = {b: sp.Dummy(f"u{i}", real=True) for i, b in enumerate(bases)}
    others = Context(tuple(h for h in ctx.hypotheses if t not in sp.sympify(h).free_symbols))
    table = {}
    for p, b, (k, off) in found:
        if (k < 0 or off < 0) and not (_sure(b, others, True) or _sure(-b, others, True)):
            return None  # b^(t - 1) = b^-1 b^t needs b != 0
        table[p] = b**off * us[b] ** k
    facts = [f for b in bases for f in _facts(us[b], b, t0, others)]
    if not facts:
        return None
    X = sp.Dummy(str(t), real=True)  # t relaxed to the reals >= t0
    at = Claim(c.lhs.xreplace(table).xreplace({t: X}), c.rel, c.rhs.xreplace(table).xreplace({t: X}))
    hyps = Context((*others.hypotheses, *[h.xreplace({t: X}) for h in ctx.hypotheses if h not in others.hypotheses],
                    X >= t0, *facts))
    names = {u: sp.Symbol(f"u_{i}" if len(us) > 1 else "u") for i, u in enumerate(us.values(), 1)}
    where = (f"{t} >= {t0} an integer; " + ", ".join(f"{names[us[b]]} = ({b})^{t}" for b in bases) + "; "
             + ", ".join(str(f.xreplace(names)) for f in facts))
    m = _prove_plain(at, hyps)
    if m:
        return f"powers of a natural number ({where}): {m}"
    base = Claim(c.lhs.xreplace({t: t0}), c.rel, c.rhs.xreplace({t: t0}))
    if base.lhs.has(t) or base.rhs.has(t):
        return None
    mb = _prove_plain(base, others)
    if not mb:
        return None
    step_sub = {X: X + 1, **{u: b * u for b, u in us.items()}}
    nxt = Claim(at.lhs.xreplace(step_sub), c.rel, at.rhs.xreplace(step_sub))
    ms = _prove_plain(nxt, Context((*hyps.hypotheses, _relation(at))))
    if not ms:
        return None
    return (f"induction on {t} ({where}): holds at {t} = {t0} ({mb}), "
            f"and at {t} + 1 whenever at {t} ({ms})")


class IntegerPowers:
    """Claims with powers b^t of a natural number t: bounds on b^t, then induction on t."""

    name = "powers of a natural number"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        sides = scalar_sides(claim, cited, (Rel.EQ, Rel.LE, Rel.LT))
        return sides is not None and any(t.is_integer and t in p.exp.free_symbols for s in sides for p in s.atoms(sp.Pow)
                   for t in p.exp.free_symbols)

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> str | None:
        try:
            return prove_by_powers(claim, ctx)
        except Exception:  # a SymPy or solver failure is no proof
            return None
