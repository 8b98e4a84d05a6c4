"""Orders: ``lhs = rhs + O(var**k)`` (as var -> 0) when the Taylor coefficients of order 0..k-1 of lhs - rhs vanish.

Sound only for functions smooth at 0: ``sqrt(eta)``, ``eta*log(eta)``, ``exp(-1/eta)`` or ``eta*Abs(eta)`` have
every computed coefficient zero up to some order and are not O of it, so the difference must be built from
smooth pieces (:func:`_smooth_at_zero`; undefined functions count as smooth), after cancelling removable
singularities (1/eta - 1/(eta (1 + eta))).  ``O(.)`` terms written in the sides are dropped only when each is
``O(var**j)`` at 0 with j >= k; ``O(1)`` is never claimed (it needs boundedness, not coefficients).  Each
coefficient goes through the zero test.

A sample point refutes the claim when, with every other symbol drawn, a coefficient is nonzero there
(only for a smooth difference): :func:`fails_at`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions import MatrixExpr

from symgd.core.claims import Claim, Context, Rel, is_matrix
from symgd.decide.context import Cited, Method
from symgd.decide.exact import differs
from symgd.decide.sign import positive
from symgd.decide.zero import is_zero

__all__ = ["Taylor", "fails_at"]

def _taylor_coefficients(expr: Any, var: sp.Symbol, k: int) -> list[Any]:
    """The Taylor coefficients of order 0..k-1 of ``expr`` in ``var`` at 0 (entrywise)."""
    if isinstance(expr, MatrixExpr) and (terms := _symbolic_terms(expr, var)) is not None:
        per_term = [(_taylor_coefficients(c, var, k), m) for c, m in terms]  # dimension-free: sum_j c_j(var) M_j
        return [sp.MatAdd(*[cs[j] * m for cs, m in per_term]).doit() for j in range(k)]
    if isinstance(expr, MatrixExpr):
        expr = expr.as_explicit()
    if isinstance(expr, sp.MatrixBase):
        per_entry = [_taylor_coefficients(e, var, k) for e in expr]
        return [sp.Matrix(expr.rows, expr.cols, [c[j] for c in per_entry]) for j in range(k)]
    coeffs = []
    d = sp.sympify(expr).doit()
    for j in range(k):
        c = d.subs(var, 0)
        if c.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            c = sp.limit(d, var, 0)
        coeffs.append(c / sp.factorial(j))
        d = sp.diff(d, var)
    return coeffs


def _symbolic_terms(expr: Any, var: sp.Symbol) -> list[tuple[Any, Any]] | None:
    """A matrix expression of symbolic size as terms (scalar in var, matrix free of var), else None."""
    if all(sp.sympify(d).is_Integer for m in expr.atoms(sp.MatrixSymbol) for d in m.shape):
        return None  # concrete sizes: entry by entry
    out = []
    for term in sp.Add.make_args(sp.expand(expr.doit())):
        coeff, mat = term.as_coeff_mmul() if isinstance(term, sp.MatMul) else (sp.Integer(1), term)
        if not isinstance(mat, MatrixExpr) or var in mat.free_symbols:
            return None
        out.append((sp.sympify(coeff), mat))
    return out


def _strip_order(expr: Any) -> Any:
    return expr.removeO() if isinstance(expr, sp.Expr) else expr


def _orders_fine(claim: Claim) -> bool:
    """Can ``O(.)`` terms written in the sides be dropped for ``lhs = rhs + O(var**k)``?  Only when each
    is ``O(var**j)`` at 0 with j >= k (``1 + O(eta) = 1 + O(eta**2)`` is not a claim one can prove)."""
    var, k = claim.order  # type: ignore[misc]
    if not (isinstance(k, (int, sp.Integer)) and k >= 1 and isinstance(var, sp.Symbol)):  # O(1) needs boundedness, not coefficients
        return False
    for side in (claim.lhs, claim.rhs):
        for o in side.atoms(sp.Order) if isinstance(side, sp.Basic) else ():
            base, j = o.expr.as_base_exp()
            if o.variables != (var,) or any(p != 0 for p in o.point) or base != var or not j.is_Integer or j < k:
                return False
    return True


_ENTIRE = (sp.exp, sp.sin, sp.cos, sp.sinh, sp.cosh)


def _smooth_everywhere(expr: Any) -> bool:
    """Built from polynomials, exp/sin/cos/sinh/cosh and undefined (smooth) functions only."""
    if expr.is_Symbol or expr.is_Number:
        return True
    if isinstance(expr, sp.Pow):
        return expr.exp.is_Integer and expr.exp >= 0 and _smooth_everywhere(expr.base)
    if isinstance(expr, (sp.Add, sp.Mul, *_ENTIRE, AppliedUndef)):
        return all(_smooth_everywhere(a) for a in expr.args)
    if isinstance(expr, sp.Derivative):
        return _smooth_everywhere(expr.expr)
    return False


def _smooth_at_zero(expr: Any, var: sp.Symbol, ctx: Context) -> bool:
    """Is ``expr`` infinitely differentiable in ``var`` near ``var = 0`` (whatever the other symbols)?

    Vanishing Taylor coefficients prove ``O(var**k)`` only for such functions: ``sqrt(eta)``,
    ``eta*log(eta)``, ``exp(-1/eta)`` or ``eta*Abs(eta)`` have every computed coefficient zero
    up to some order and are not O of it.  Undefined functions stand for smooth functions.
    """
    if isinstance(expr, sp.MatrixBase):
        return all(_smooth_at_zero(e, var, ctx) for e in expr)
    if var not in expr.free_symbols or expr.is_Symbol or expr.is_Number:
        return True
    if isinstance(expr, (sp.Add, sp.Mul, *_ENTIRE, AppliedUndef)):
        return all(_smooth_at_zero(a, var, ctx) for a in expr.args)
    if isinstance(expr, sp.Pow):
        base, exp = expr.args
        if not (_smooth_at_zero(base, var, ctx) and _smooth_at_zero(exp, var, ctx)):
            return False
        if exp.is_Integer and exp >= 0:
            return True
        b0 = base.subs(var, 0)
        if exp.is_Integer:  # 1/b: b must not vanish at 0
            return b0.is_zero is False or positive(b0, ctx) or positive(-b0, ctx)
        return positive(b0, ctx)
    if isinstance(expr, sp.log):
        return _smooth_at_zero(expr.args[0], var, ctx) and positive(expr.args[0].subs(var, 0), ctx)
    if isinstance(expr, sp.Derivative):
        return all(isinstance(v, sp.Symbol) for v in expr.variables) and _smooth_at_zero(expr.expr, var, ctx)
    if isinstance(expr, sp.Subs):
        return _smooth_everywhere(expr.expr) and all(_smooth_at_zero(p, var, ctx) for p in expr.point)
    return False


def _smooth_entries(diff: Any, var: sp.Symbol, ctx: Context) -> bool:
    if isinstance(diff, MatrixExpr) and (terms := _symbolic_terms(diff, var)) is not None:
        return all(_smooth_at_zero(sp.sympify(c).doit(), var, ctx) for c, _ in terms)
    explicit = diff.as_explicit() if isinstance(diff, MatrixExpr) else diff
    entries = list(explicit) if isinstance(explicit, sp.MatrixBase) else [explicit]
    return all(_smooth_at_zero(sp.sympify(e).doit(), var, ctx) for e in entries)


class Taylor:
    """``lhs = rhs + O(var**k)`` by vanishing Taylor coefficients of a smooth difference."""

    name = "Taylor coefficients"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        return claim.rel is Rel.APPROX and cited.premise is None

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> Method:
        var, k = claim.order  # type: ignore[misc]
        diff = _strip_order(claim.lhs) - _strip_order(claim.rhs)
        if not _orders_fine(claim):
            return None
        if var not in diff.free_symbols:  # --order on a claim without var (A(x + x) = Ax + Ax): exactly zero or not
            how = is_zero(diff, ctx)  # (the coefficients below need explicit matrices: a symbolic size failed)
            return f"{how}; lhs - rhs does not depend on {var}" if how else None
        if not _smooth_entries(diff, var, ctx):  # removable singularities: 1/eta - 1/(eta (1 + eta))
            diff = sp.cancel(sp.together(diff)) if not is_matrix(diff) else diff
            if not _smooth_entries(diff, var, ctx):
                return None
        for c in _taylor_coefficients(diff, var, k):
            if is_zero(c, ctx) is None:
                return None
        return f"Taylor coefficients of {var}^0..{var}^{k - 1} vanish"


def fails_at(claim: Claim, apply: Callable[[Any], Any]) -> str | None:
    """Why the order claim is false at the sample point (a nonzero low-order coefficient), or None."""
    var, k = claim.order  # type: ignore[misc]
    diff = apply(_strip_order(claim.lhs) - _strip_order(claim.rhs))
    if not is_matrix(diff) and not _smooth_entries(diff, var, Context()):
        diff = sp.cancel(sp.together(diff))
    if not (_orders_fine(claim) and _smooth_entries(diff, var, Context())):
        return None  # a nonzero coefficient of a non-smooth function proves nothing
    for j, c in enumerate(_taylor_coefficients(diff, var, k)):
        zero = sp.zeros(*c.shape) if isinstance(c, sp.MatrixBase) else 0
        d = differs(c, zero)
        if d:
            return f"the coefficient of {var}^{j} in lhs - rhs is not zero ({d})"
    return None
