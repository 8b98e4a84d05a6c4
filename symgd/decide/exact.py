"""Exact evaluation at a sample point: values, differences and hypothesis checks that a refutation may rest on.

A value is an exact rational, or a 60-digit float computed with ``strict=True`` (a hidden 0/0 is noise, not a
value); two values differ only exactly, or by far more than the evaluation error (``TOL``).  Nothing here ever
proves: it only says that a point satisfies the hypotheses or that a claim fails at it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.core.claims import Claim, Context, Rel, is_matrix

__all__ = ["TOL", "differs", "fmt", "hypotheses_hold", "numeric"]

TOL = sp.Float("1e-30", 60)


def numeric(value: sp.Expr) -> sp.Expr | None:
    """An exact rational, or a 60-digit float; None when the value is not a finite real."""
    value = sp.nsimplify(value) if isinstance(value, sp.Float) else value
    if value.is_Rational:
        return value
    try:  # strict: a hidden 0/0 such as (s**2 - 49)/(s - 7) at s = 7 (sin(7)**2 + cos(7)**2) is noise, not a value
        v = sp.N(value, 60, strict=True)
    except (sp.core.evalf.PrecisionExhausted, ValueError, TypeError):
        return None
    if not v.is_number or v.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not v.is_real:
        return None
    return v


def differs(a: Any, b: Any) -> str | None:
    """A description when a and b (numbers or matrices) certainly differ, else None."""
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        if not (isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase)) or a.shape != b.shape:
            return None
        for idx, (x, y) in enumerate(zip(a, b, strict=True)):
            d = differs(x, y)
            if d:
                return f"entry {idx}: {d}"
        return None
    d = numeric(sp.sympify(a) - sp.sympify(b))
    if d is None:
        return None
    if (d.is_Rational and d != 0) or (not d.is_Rational and abs(d) > TOL):
        return f"{fmt(a)} vs {fmt(b)}"
    return None


def fmt(v: Any) -> str:
    n = numeric(sp.sympify(v)) if not isinstance(v, sp.MatrixBase) else None
    if n is not None and (not n.is_Rational or len(str(n)) > 40):
        return str(sp.N(n, 12))
    return str(v)


def hypotheses_hold(ctx: Context, values: Mapping, apply: Callable[[Any], Any] | None = None) -> bool:
    """Does every hypothesis hold at ``values``, exactly?  A hypothesis that mentions matrices or undefined
    functions is evaluated by ``apply`` (the sample point's own evaluation, which knows their values; without it
    such a hypothesis rejects the point).  A hypothesis that cannot be evaluated there (a pole: eta <= 2/L at
    L = 0) or compared (not a relation; a matrix inequality) rejects the point; an equation holds only exactly."""
    for h in ctx.hypotheses:
        h = sp.sympify(h)
        if h.has(sp.MatrixSymbol, AppliedUndef):
            if apply is None or not _holds_by(h, apply):
                return False
            continue
        try:
            res = h.xreplace(values)
        except (TypeError, ValueError, ZeroDivisionError):  # SymPy refuses to build eta <= zoo
            return False
        if res is sp.true:
            continue
        if res is sp.false:
            return False
        try:
            rel = Claim.of(res).normalized()
        except TypeError:  # And, Ne, ...: not checked here, so the point is not used
            return False
        if not _gap_ok(numeric((rel.rhs - rel.lhs).doit()), rel.rel):
            return False
    return True


def _holds_by(h: sp.Basic, apply: Callable[[Any], Any]) -> bool:
    try:
        rel = Claim.of(h).normalized()
        lhs, rhs = (v[0, 0] if isinstance(v, sp.MatrixBase) and v.shape == (1, 1) else v
                    for v in (apply(rel.lhs), apply(rel.rhs)))
        if is_matrix(lhs) or is_matrix(rhs):
            return False
        return _gap_ok(numeric(sp.sympify(rhs - lhs)), rel.rel)
    except Exception:  # whatever cannot be evaluated here proves nothing about the point: reject it
        return False


def _gap_ok(gap: sp.Expr | None, rel: Rel) -> bool:
    """rhs - lhs for a hypothesis lhs rel rhs: a number, exactly 0 for an equation."""
    if gap is None:
        return False
    if rel is Rel.EQ:
        return bool(gap == 0)
    return bool(gap > 0) if rel is Rel.LT else bool(gap >= 0)
