"""Inequalities between constants by interval arithmetic: ``log 2 >= 0.69``, ``e <= 2.72``, ``e^pi >= pi^e``.

``rhs - lhs`` (no free symbol) is evaluated with mpmath's interval arithmetic (``mpmath.iv``: every operation rounds
outwards, so the true value lies in the interval computed), at 30 and then 120 bits more than needed; the claim is
proved when the whole interval is >= 0 (> 0 for ``<``).  The exact rationals of the claim enter as intervals that
contain them (a decimal 0.69 is read as 69/100 by the parser; floats are never proved, see context.prepared).
Only +, *, integer and rational powers, exp, log, sqrt, sin, cos and the constants pi and e are evaluated; anything
else (an undefined function, a sum) leaves the claim to the other rows.  An equality of constants is never proved
here (an interval cannot show a difference is exactly zero).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import Claim, Context, Rel
from symgd.decide.context import Cited, scalar_sides

__all__ = ["Intervals", "enclosure"]

_PRECISIONS = (80, 200)


class _Outside(Exception):
    """The expression has a part interval arithmetic does not evaluate."""


def enclosure(expr: Any, prec: int = 80) -> Any:
    """An mpmath interval that contains the value of the constant ``expr`` (raises _Outside when it cannot)."""
    from mpmath import iv

    iv.prec = prec

    def ev(e: Any) -> Any:
        if e.is_Integer:
            return iv.mpf(int(e))
        if e.is_Rational:
            return iv.mpf(int(e.p)) / iv.mpf(int(e.q))
        if e is sp.pi:
            return iv.pi
        if e is sp.E:
            return iv.e
        if isinstance(e, sp.Add):
            out = iv.mpf(0)
            for a in e.args:
                out += ev(a)
            return out
        if isinstance(e, sp.Mul):
            out = iv.mpf(1)
            for a in e.args:
                out *= ev(a)
            return out
        if isinstance(e, sp.Pow):
            base, x = e.args
            if x.is_Integer:
                b = ev(base)
                return b ** int(x) if x >= 0 else 1 / b ** int(-x)
            b = ev(base)
            if not b.a > 0:  # a real power of a base not surely > 0
                raise _Outside(str(e))
            return iv.exp(ev(x) * iv.log(b))
        if isinstance(e, sp.exp):
            return iv.exp(ev(e.args[0]))
        if isinstance(e, sp.log) and len(e.args) == 1:
            a = ev(e.args[0])
            if not a.a > 0:
                raise _Outside(str(e))
            return iv.log(a)
        if isinstance(e, sp.sin):
            return iv.sin(ev(e.args[0]))
        if isinstance(e, sp.cos):
            return iv.cos(ev(e.args[0]))
        raise _Outside(str(e))

    return ev(sp.sympify(expr))


class Intervals:
    """``lhs <= rhs`` (``<``) between constants: rhs - lhs enclosed in an interval >= 0 (> 0)."""

    name = "interval arithmetic"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        sides = scalar_sides(claim, cited, (Rel.LE, Rel.LT))
        return sides is not None and not any(s.free_symbols for s in sides) and not any(
            s.has(sp.Float) for s in sides)

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> str | None:
        c = claim.normalized()
        gap = sp.sympify(c.rhs - c.lhs)
        for prec in _PRECISIONS:
            try:
                box = enclosure(gap, prec)
            except (_Outside, ZeroDivisionError, ValueError, TypeError):
                return None
            low = box.a  # the lower end, as a point interval
            if low > 0 or (low >= 0 and c.rel is Rel.LE):
                from mpmath import iv

                return f"interval arithmetic (mpmath iv, {prec} bits): rhs - lhs in {iv.nstr(box, 6)}"
        return None
