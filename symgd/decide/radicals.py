"""Radicals of symbols removed by an exact change of variables: ``sqrt(s)`` with ``s >= 0`` becomes ``u`` for
``s = u^2`` (``u >= 0``), and generally ``s = u^q`` for the common denominator q of the exponents of s.

Why it is exact: ``u -> u^q`` maps ``u >= 0`` one to one onto ``s >= 0`` (``u > 0`` onto ``s > 0``), and
``(u^q)^(p/q) = u^p`` there, so the claim and its hypotheses hold for every admissible s exactly when the rewritten
ones hold for every admissible u.  It applies only to a real, non-integer symbol that the assumptions or the
hypotheses force to be >= 0 (asked of z3: the hypotheses and ``s < 0`` have no common point); the hypotheses are
kept, rewritten.  A claim defined through square roots (Polyak's heavy-ball tuning, in sqrt(L) and sqrt(l))
becomes a rational function identity that ``cancel`` decides, or a real-arithmetic claim without roots for z3.
"""

from __future__ import annotations

from math import lcm
from typing import Any

import sympy as sp

from symgd.core.claims import Claim, Context, Rel, is_matrix
from symgd.decide import nra
from symgd.decide.context import Cited, Method, refine

__all__ = ["Radicals", "rationalized"]

Z3_TIMEOUT = 0.4  # seconds per z3 call (the sign of a radicand, the rewritten claim)


def _radical_symbols(exprs: list) -> dict[sp.Symbol, int]:
    """Each real non-integer symbol under a fractional power, with the common denominator of its exponents."""
    out: dict[sp.Symbol, int] = {}
    for e in exprs:
        if not isinstance(e, sp.Basic):
            continue
        for p in e.atoms(sp.Pow):
            if isinstance(p.base, sp.Symbol) and p.exp.is_Rational and not p.exp.is_Integer:
                out[p.base] = lcm(out.get(p.base, 1), int(p.exp.q))
    return {s: q for s, q in out.items() if s.is_real and not s.is_integer and q <= 12}


def _forced(s: sp.Symbol, strict: bool, ctx: Context) -> bool:
    """Do the assumptions (or, by z3, the hypotheses) force ``s >= 0`` (``s > 0`` when strict)?"""
    if (s.is_positive if strict else s.is_nonnegative):
        return True
    claim = Claim(sp.S.Zero, Rel.LT if strict else Rel.LE, s)
    return nra.prove(claim, ctx, Z3_TIMEOUT) is not None


def rationalized(claim: Claim, ctx: Context) -> tuple[Claim, Context, str] | None:
    """The claim and hypotheses with every symbol under a fractional power replaced by a power of a new symbol,
    and a note saying which; None when no symbol qualifies."""
    found = _radical_symbols([claim.lhs, claim.rhs, *ctx.hypotheses])
    # a variable of differentiation cannot become u^q (SymPy: Can't calculate derivative wrt u_w**2)
    bound = {v for e in (claim.lhs, claim.rhs) for d in sp.sympify(e).atoms(sp.Derivative) for v in d.variables}
    subs, notes = {}, []
    for s, q in sorted(found.items(), key=lambda kv: sp.default_sort_key(kv[0])):
        if s in bound:
            continue
        positive = _forced(s, True, ctx)
        if not positive and not _forced(s, False, ctx):
            continue
        u = sp.Symbol(f"u_{s.name}", positive=True) if positive else sp.Symbol(f"u_{s.name}", nonnegative=True)
        subs[s] = u**q
        root = f"sqrt({s})" if q == 2 else f"{s}^(1/{q})"
        notes.append(f"{s} = {u}^{q} ({u} = {root} {'>' if positive else '>='} 0)")
    if not subs:
        return None

    def rewrite(e: Any) -> Any:
        return sp.sympify(e).xreplace(subs)

    hyps = tuple(h for h in map(rewrite, ctx.hypotheses) if h is not sp.true)
    if sp.false in hyps:
        return None
    new = Claim(rewrite(claim.lhs), claim.rel, rewrite(claim.rhs))
    return new, Context(hyps, ctx.symmetric, ctx.positive_definite), "after " + ", ".join(notes)


class Radicals:
    """``lhs = rhs``, ``<=``, ``<`` with square (or q-th) roots of symbols: the roots removed by ``s = u^q``, then
    an identity of rational functions by ``cancel``, anything else by z3 (:mod:`symgd.decide.nra`)."""

    name = "radicals removed"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        if not cited.alone(claim, (Rel.EQ, Rel.LE, Rel.LT)):
            return False
        if any(is_matrix(s) or not isinstance(s, sp.Expr) for s in (claim.lhs, claim.rhs)):
            return False
        return bool(_radical_symbols([claim.lhs, claim.rhs]))

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> Method:
        done = rationalized(claim, ctx)
        if done is None:
            return None
        new, new_ctx, note = done
        if new.rel is Rel.EQ:
            diff = sp.cancel(sp.together(new.lhs - new.rhs))
            if diff == 0 or refine(diff, new_ctx) == 0:
                return f"identity of rational functions (cancel), {note}"
        method = nra.prove(new, new_ctx, timeout=Z3_TIMEOUT)
        if method is None and nra.known_false(new, new_ctx):
            nra.remember_false(claim, ctx)  # the change of variables is exact: the claim itself is false
        return f"{method}, {note}" if method else None
