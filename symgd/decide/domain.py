"""Identities with denominators, read where both sides are defined, with the side condition said in the verdict.

``sum_{k=0}^{t-1} b^k = (1 - b^t) / (1 - b)`` is what a user pastes; it is meaningless at b = 1, where the right side
is 0/0, and the usual mathematical reading is "for every value where both sides are defined".  This row proves such
an identity with every denominator of its sides (outside sums) assumed nonzero, and the verdict says so: "where 1 - b
!= 0: ...".  Only denominators that the hypotheses do not already make nonzero are named, and a denominator
that mentions a summation index is not one (it is not a side condition on the free symbols).

Scope: equalities with a sum to a symbolic limit (the geometric sums need the ratio != 1; the sum-free identities with
denominators are proved by the zero test's cancel under the same reading).  Refutation agrees: a point where a side
is undefined (a pole, 0/0) is never a counterexample (:func:`symgd.decide.exact.numeric` rejects it).
"""

from __future__ import annotations

import sympy as sp

from symgd.core.claims import Claim, Context, Rel
from symgd.decide import definedness
from symgd.decide.context import Cited, scalar_sides
from symgd.decide.definedness import denominators

__all__ = ["Domain", "side_conditions"]


def side_conditions(claim: Claim, ctx: Context) -> list:
    """The denominators of the claim's sides that the hypotheses do not prove nonzero (signs by the solver too)."""
    from symgd.decide.geometric import _nonzero

    return definedness.side_conditions(claim, ctx, _nonzero)


class Domain:
    """``lhs = rhs`` with sums to a symbolic limit, where every denominator of the sides is nonzero."""

    name = "where both sides are defined"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        sides = scalar_sides(claim, cited, (Rel.EQ,))
        return sides is not None and any(s.limits[0][1].free_symbols or s.limits[0][2].free_symbols
                                         for e in sides for s in e.atoms(sp.Sum) if len(s.limits) == 1) \
            and any(denominators(e) for e in sides)

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> str | None:
        from symgd.decide.geometric import GeometricSums

        try:
            conditions = side_conditions(claim, ctx)
        except Exception:  # SymPy failing on a sign is no proof
            return None
        if not conditions:
            return None
        within = Context((*ctx.hypotheses, *(sp.Ne(d, 0) for d in conditions)), ctx.symmetric, ctx.positive_definite)
        m = GeometricSums().prove(claim, within, cited)
        where = " and ".join(f"{d} != 0" for d in conditions)
        return f"where {where} (both sides defined): {m}" if m else None
