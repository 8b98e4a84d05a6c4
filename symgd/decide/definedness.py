"""Where the sides of a claim are defined: the denominators of its sides and those the hypotheses make nonzero.

Shared by the zero test (which names the side conditions of an identity it proved by cancelling) and the domain row
(which proves identities with sums where every denominator is nonzero); it imports nothing from the proof rows, so
either can use it without an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp

from symgd.core.claims import Claim, Context

__all__ = ["denominators", "side_conditions", "stated_nonzero"]


def denominators(expr: Any) -> list:
    """The bases of the negative powers of ``expr`` outside sums, products, integrals, substitutions and derivatives
    (their variables are bound), in a fixed order."""
    found: list = []

    def walk(e: Any) -> None:
        if not isinstance(e, sp.Basic) or isinstance(e, (sp.Sum, sp.Product, sp.Integral, sp.Subs, sp.Derivative,
                                                         sp.Lambda)):
            return
        if isinstance(e, sp.Pow) and e.exp.is_number and e.exp.is_negative:
            if e.base not in found:
                found.append(e.base)
        for a in e.args:
            walk(a)

    walk(expr)
    return found


def stated_nonzero(e: Any, ctx: Context) -> bool:
    """Is ``e`` a nonzero constant times ``a - b`` for a hypothesis ``a != b`` (as the domain row adds for the
    denominators of an identity)?"""
    for h in ctx.hypotheses:
        if isinstance(h, sp.Ne):
            ratio = sp.cancel(sp.sympify(e) / (h.lhs - h.rhs))
            if ratio.is_number and ratio.is_zero is False and ratio.is_finite:
                return True
    return False


def side_conditions(claim: Claim, ctx: Context, nonzero: Callable[[Any, Context], bool] = stated_nonzero) -> list:
    """The denominators of the claim's sides that ``nonzero`` does not show nonzero (the default: the symbols'
    assumptions and the hypotheses d != 0 only, no solver; a note may then name a denominator the hypotheses make
    nonzero, which is still true)."""
    out = []
    for side in (claim.lhs, claim.rhs):
        for d in denominators(side):
            if not d.free_symbols or d in out or d.is_zero is False:
                continue
            if not nonzero(d, ctx):
                out.append(d)
    return out
