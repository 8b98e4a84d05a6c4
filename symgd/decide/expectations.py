"""Claims about expectations, decided with each expectation an unknown real value.

The notation keeps ``E[u]`` opaque after linearity (:mod:`symgd.latex.expectation`).  Here every expectation
``E[u]`` of the claim and its hypotheses becomes a fresh real symbol, with the facts that hold for every probability
distribution: ``E[u] >= 0`` when u >= 0 (monotonicity), ``E[u^2] >= E[u]^2`` when both occur (the variance is
nonnegative), ``E[uv]^2 <= E[u^2] E[v^2]`` (Cauchy-Schwarz) and ``|E[u]| <= E[|u|]`` (Jensen).  If the claim follows for *every* real value of those symbols that meets
the facts, it holds for the actual expectations, which are among them: the proof is sound, and the verdict names
the facts used.  A failure proves nothing (the values may be unrealizable), so this method never refutes;
refutation evaluates expectations under point masses instead (``Mean.eval``), and :func:`point_masses` asks z3
for such a point.  Expectations with a variable bound
by a sum (``\\sum_i E[g_i^2]``) are left alone: their value depends on the index.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import Claim, Context, Rel
from symgd.core.symbols import Expectation
from symgd.decide import geometric, nra, sign, zero
from symgd.decide.context import Cited, Method, scalar_sides

__all__ = ["AsValues", "point_masses"]

_RELS = (Rel.EQ, Rel.LE, Rel.LT)


def _atoms(exprs: list[Any]) -> set[Any]:
    return {a for e in exprs if isinstance(e, sp.Basic) for a in e.atoms(Expectation)}


def _bound(exprs: list[Any]) -> set[Any]:
    out: set[Any] = set()
    for e in exprs:
        if isinstance(e, sp.Basic):
            for s in e.atoms(sp.Sum, sp.Product, sp.Integral):
                out |= set(s.variables)
    return out


class AsValues:
    """Expectations replaced by unknown values with monotonicity and variance facts, then the zero test, sign
    certificates and real arithmetic (z3)."""

    name = "expectations as values"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        sides = scalar_sides(claim, cited, _RELS)
        return sides is not None and bool(_atoms(sides))

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> Method:
        exprs = [claim.lhs, claim.rhs, *ctx.hypotheses]
        atoms = sorted(_atoms(exprs), key=sp.default_sort_key)
        bound = _bound(exprs)
        if any(a.free_symbols & bound for a in atoms):
            return None
        subs = {a: sp.Symbol(f"E_{k}", real=True, nonnegative=True if a.args[0].is_nonnegative else None)
                for k, a in enumerate(atoms)}
        facts, used = [], []
        for a in atoms:
            for b in atoms:
                if a.args[0] == b.args[0] ** 2 and a.args[1:] == b.args[1:]:
                    facts.append(sp.Ge(subs[a], subs[b] ** 2))
                    used.append("E[u^2] >= E[u]^2")
        for a in atoms:  # Cauchy-Schwarz E[uv]^2 <= E[u^2] E[v^2]; Jensen |E[u]| <= E[|u|]
            w = a.args[0]
            uv = sp.Mul.make_args(w) if isinstance(w, sp.Mul) and len(w.args) == 2 else ()
            squares = [next((b for b in atoms if b.args[0] == f**2 and b.args[1:] == a.args[1:]), None) for f in uv]
            if uv and all(squares):
                facts.append(sp.Le(subs[a] ** 2, subs[squares[0]] * subs[squares[1]]))
                used.append("E[uv]^2 <= E[u^2] E[v^2]")
            inner = next((b for b in atoms if isinstance(w, sp.Abs) and b.args[0] == w.args[0]
                          and b.args[1:] == a.args[1:]), None)
            if inner is not None:
                facts += [sp.Le(subs[inner], subs[a]), sp.Le(-subs[inner], subs[a])]
                used.append("|E[u]| <= E[|u|]")
        if any(subs[a].is_nonnegative for a in atoms):
            used.append("E[u] >= 0 for u >= 0")
        new = Claim(sp.sympify(claim.lhs).xreplace(subs), claim.rel, sp.sympify(claim.rhs).xreplace(subs))
        hyps = tuple(h for h in (sp.sympify(h).xreplace(subs) for h in ctx.hypotheses) if h is not sp.true)
        if sp.false in hyps or _atoms([new.lhs, new.rhs, *hyps]):
            return None
        new_ctx = Context((*hyps, *facts), ctx.symmetric, ctx.positive_definite)
        got = _by_rows(new, new_ctx)
        if not got:
            return None
        facts_text = f"; facts: {', '.join(sorted(set(used)))}" if used else ""
        return f"{got}, each expectation an unknown value{facts_text}"


def _by_rows(claim: Claim, ctx: Context) -> Method:
    for method in (zero.ZeroTest(), geometric.GeometricSums(), sign.Sign(), nra.Quick(), nra.RealArithmetic()):
        if method.accepts(claim, ctx, Cited()):
            got = method.prove(claim, ctx, Cited())
            if got:
                return got
    return None


def point_masses(claim: Claim, ctx: Context, seconds: float) -> list[dict]:
    """A point source for refutation (:data:`symgd.decide.table.POINT_SOURCES`): z3's counterexample to the claim
    with every expectation ``E[u]`` read as u, i.e. under point masses (every random name a constant).  Refutation
    re-checks the point on the claim itself, where the notation's expectations evaluate at numbers
    (``symgd.latex.expectation.Mean``); an expectation under a parametric family never does, so it is never refuted
    this way (a point mass need not belong to the family)."""
    atoms = _atoms([claim.lhs, claim.rhs, *ctx.hypotheses])
    if not atoms or any(len(a.args) > 1 for a in atoms) or _bound([claim.lhs, claim.rhs, *ctx.hypotheses]):
        return []
    subs = {a: a.args[0] for a in atoms}
    new = Claim(sp.sympify(claim.lhs).xreplace(subs), claim.rel, sp.sympify(claim.rhs).xreplace(subs))
    hyps = tuple(sp.sympify(h).xreplace(subs) for h in ctx.hypotheses)
    return nra.points(new, Context(hyps, ctx.symmetric, ctx.positive_definite), seconds)
