"""Solutions: ``x := v`` solves an equation when substituting v for the unknown x makes the residual zero exactly.

The unknown must be a symbol, matrix symbol or function application; no denominator of a scalar equation may
vanish at ``x = v`` (``x := 1`` does not solve ``(x**2 - 1)/(x - 1) = 2``); a value that provably breaks an
assumption of the unknown or a hypothesis (``x := -1`` for a positive x) solves nothing.  Matrix equations assume
their inverses exist, as the solution itself does.

A sample point refutes the claim when the residual is nonzero there: :func:`fails_at`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.core.claims import Claim, Context, Rel, is_matrix
from symgd.decide.context import SIGNS, Cited, Method
from symgd.decide.exact import differs
from symgd.decide.sign import positive
from symgd.decide.zero import is_zero

__all__ = ["Solves", "fails_at"]


class Solves:
    """``x := v`` by substitution into the equation."""

    name = "substitution"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        return claim.rel is Rel.SOLVES and cited.premise is None

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> Method:
        eq = claim.equation
        if not _unknown(claim.lhs) or not _defined_at(eq.lhs - eq.rhs, {claim.lhs: claim.rhs}, ctx):  # type: ignore[union-attr]
            return None
        if _contradicts(claim.lhs, claim.rhs, ctx):  # "x := -1" for a positive x, or against a hypothesis
            return None
        residual = (eq.lhs - eq.rhs).xreplace({claim.lhs: claim.rhs})  # type: ignore[union-attr]
        m = is_zero(residual, ctx)
        return f"substitution into the equation ({m})" if m else None


def fails_at(claim: Claim, apply: Callable[[Any], Any]) -> str | None:
    """Why the value does not solve the equation at the sample point (a nonzero residual), or None."""
    eq = claim.equation
    if not _unknown(claim.lhs):
        return None  # "x + y := 1" names no unknown: nothing to refute
    residual = apply((eq.lhs - eq.rhs).xreplace({claim.lhs: claim.rhs}))  # type: ignore[union-attr]
    zero = sp.zeros(*residual.shape) if isinstance(residual, sp.MatrixBase) else 0
    d = differs(residual, zero)
    return f"the equation's residual is not zero: {d}" if d else None


def _unknown(lhs: Any) -> bool:
    return isinstance(lhs, (sp.Symbol, sp.MatrixSymbol, AppliedUndef))


def _contradicts(unknown: Any, value: Any, ctx: Context) -> bool:
    """Does the value provably break an assumption of the unknown or a hypothesis?"""
    if isinstance(unknown, sp.Symbol) and isinstance(value, sp.Expr) and not is_matrix(value):
        if any(getattr(value, f"is_{key}") is False for key in SIGNS if getattr(unknown, f"is_{key}") is True):
            return True
    return any(sp.sympify(h).xreplace({unknown: value}) is sp.false for h in ctx.hypotheses)


def _defined_at(expr: Any, sub: dict, ctx: Context) -> bool:
    """Is no denominator of the scalar ``expr`` zero at ``sub``?  ``x := 1`` does not solve
    ``(x**2 - 1)/(x - 1) = 2``: the residual cancels to zero only after dividing by zero."""
    if is_matrix(expr):
        return True  # matrix equations: inverses are assumed to exist, as in the solution itself
    for p in sp.sympify(expr).atoms(sp.Pow):
        if p.exp.is_negative:
            den = p.base.xreplace(sub)
            if not (den.is_zero is False or positive(den, ctx) or positive(-den, ctx)):
                return False
    return True
