"""``f(x) \\approx P(x)`` for an undefined f, with P written from f's value, gradient and Hessian at one point x_t:
the Taylor model of f at x_t, checked as agreement to the order P is written to.

Along a line ``x = x_t + s d`` (d an arbitrary direction, s -> 0), ``phi(s) = f(x_t + s d)`` has the Taylor
coefficients ``f(x_t)``, ``\\nabla f(x_t)^T d`` and ``d^T \\nabla^2 f(x_t) d / 2`` (f smooth; the Hessian
symmetric).  So the claim becomes ``f(x_t) + s \\nabla f(x_t)^T d + s^2 d^T H d / 2 = P(x_t + s d) + O(s^{k+1})``
with k the degree of P in s (at most 2: third derivatives are not modelled), an identity in d, g and H that
the Taylor-coefficient method decides: proved for every direction (then f - P = O(|x - x_t|^{k+1}) by Taylor's
theorem), or refuted at a direction where a coefficient differs (the quadratic with that gradient and Hessian is
a smooth f for which the claim fails).  A scalar x is the same with ``f(x_t + s)`` itself.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions import MatrixExpr

from symgd.core.claims import Claim, Rel
from symgd.latex.linear_maps import GradientAt

__all__ = ["taylor_model", "vector_line_claim"]

MAX_DEGREE = 2
_LABEL = re.compile(r"^(\\nabla(?:\^\{2\})? )?(.+)\((.+)\)$")


def taylor_model(claim: Claim) -> tuple[Claim, str, str] | None:
    """The order claim along a line for ``f(x) ~ P(x)``, a description and f's name; None when it is not that
    shape.  Sound for an undefined smooth f only: a caller that knows f (a definition) must not use it."""
    lhs = _scalar(claim.lhs)
    if isinstance(lhs, AppliedUndef) and len(lhs.args) == 1 and isinstance(lhs.args[0], sp.Symbol):
        return _scalar_model(lhs, claim.rhs)
    if isinstance(lhs, sp.Symbol):
        return _vector_model(lhs, claim.rhs)
    return None


def _scalar(e: Any) -> Any:
    """``c I_1`` (a scalar the parser related to a 1x1 side) as c."""
    if isinstance(e, sp.MatMul) and len(e.args) == 2 and e.args[1] == sp.Identity(1):
        return e.args[0]
    return e


def _scalar_model(lhs: AppliedUndef, rhs: Any) -> tuple[Claim, str, str] | None:
    x, f = lhs.args[0], lhs.func
    if not isinstance(rhs, sp.Expr) or x not in rhs.free_symbols:
        return None
    points = {a.args[0] for a in rhs.atoms(AppliedUndef) if a.func == f and len(a.args) == 1}
    if len(points) != 1 or x in points or any(a.func == f and a.args != (next(iter(points)),)
                                              for a in rhs.atoms(AppliedUndef)):
        return None
    p = points.pop()
    if not isinstance(p, sp.Symbol) or rhs.has(sp.Subs):
        return None
    s = sp.Symbol("s", real=True)
    model = rhs.xreplace({x: p + s})
    k = _degree(model, s)
    if k is None or k > MAX_DEGREE:
        return None
    return (Claim(f(p + s), Rel.APPROX, model, order=(s, k + 1)),
            f"the Taylor model of {f} at {p} (x = {p} + s, up to O(s^{k + 1}))", str(f))


def _vector_model(lhs: sp.Symbol, rhs: Any) -> tuple[Claim, str, str] | None:
    found = _vector_line(lhs, rhs)
    if found is None:
        return None
    fname, x, p, d, s = found
    model = (rhs.xreplace({x: p + s * d})).doit()
    k = _degree(model, s)
    if k is None or k > MAX_DEGREE:
        return None
    return (Claim(_phi(fname, p, d, s, k, model), Rel.APPROX, model, order=(s, k + 1)),
            f"the Taylor model of {fname} at {p.name} ({x.name} = {p.name} + s d for every d, up to O(s^{k + 1}))",
            fname)


def vector_line_claim(lhs: Any, rhs: Any, x: sp.MatrixSymbol, point: Any, k: int) -> tuple[Any, Any, sp.Symbol] | None:
    """``f(x) = P(x) + O(\\|x - x_t\\|^k)`` (f undefined, x a vector, the remainder dropped from rhs) along
    ``x = x_t + s d``: (f's Taylor polynomial in s to order k - 1, P(x_t + s d), s), compared up to O(s^k);
    None unless lhs is f(x), P uses f at x_t = point only, and k - 1 <= 2 (higher derivatives not modelled)."""
    found = _vector_line(_scalar(lhs), rhs)
    if found is None or not 1 <= k <= MAX_DEGREE + 1:
        return None
    fname, x_, p, d, s = found
    if x_ != x or p != point:
        return None
    model = (rhs.xreplace({x: p + s * d})).doit()
    if _degree(model, s) is None:
        return None
    return _phi(fname, p, d, s, k - 1, model), model, s


def _vector_line(lhs: Any, rhs: Any) -> tuple[str, sp.MatrixSymbol, sp.MatrixSymbol, sp.MatrixSymbol, sp.Symbol] | None:
    """f's name, x, the expansion point x_t, a direction d and the line parameter s for ``f(x) ~ P(x)``."""
    m = _LABEL.match(lhs.name) if isinstance(lhs, sp.Symbol) else None
    if m is None or m.group(1) or not isinstance(rhs, MatrixExpr) or rhs.shape != (1, 1):
        return None
    fname, xname = m.group(2), m.group(3)
    vectors = {v.name: v for v in rhs.atoms(sp.MatrixSymbol) if v.shape[1] == 1}
    x = vectors.get(xname)
    if x is None:
        return None
    points = set()
    for a in rhs.atoms(sp.Symbol, sp.MatrixSymbol):
        am = _LABEL.match(str(a))
        if am is not None and am.group(2) == fname:
            points.add(am.group(3))
        elif am is not None and am.group(3) == xname:  # another function at x: not a model of f alone
            return None
    if rhs.atoms(GradientAt) or len(points) != 1 or xname in points or next(iter(points)) not in vectors:
        return None
    p = vectors[points.pop()]
    d = sp.MatrixSymbol(f"({xname} - {p.name}) direction", x.shape[0], 1)
    return fname, x, p, d, sp.Symbol("s", real=True)


def _phi(fname: str, p: sp.MatrixSymbol, d: sp.MatrixSymbol, s: sp.Symbol, k: int, model: Any) -> Any:
    """f(p + s d) to order k in s: f(p) + s \\nabla f(p)^T d + s^2/2 d^T \\nabla^2 f(p) d (k <= 2)."""
    n = d.shape[0]
    phi = sp.Symbol(f"{fname}({p.name})", real=True) * sp.Identity(1)
    if k >= 1:
        phi = phi + s * sp.MatrixSymbol(f"\\nabla {fname}({p.name})", n, 1).T * d
    hess = sp.MatrixSymbol(f"\\nabla^{{2}} {fname}({p.name})", n, n)
    if k >= 2 and hess in model.atoms(sp.MatrixSymbol):  # the parser made it: the context knows it is symmetric
        phi = phi + s**2 / 2 * d.T * hess * d
    elif k >= 2:  # only the value of the quadratic form matters (any real, for some symmetric Hessian)
        phi = phi + s**2 * sp.Symbol(f"d^T \\nabla^{{2}} {fname}({p.name}) d / 2", real=True) * sp.Identity(1)
    return phi


def _degree(e: Any, s: sp.Symbol) -> int | None:
    """The degree in s of a polynomial in s (scalar, or a matrix expression: its scalar coefficients)."""
    if isinstance(e, MatrixExpr):
        coeffs = []
        for term in sp.Add.make_args(sp.expand(e)):
            c, mat = term.as_coeff_mmul() if isinstance(term, sp.MatMul) else (sp.Integer(1), term)
            if s in getattr(mat, "free_symbols", set()):
                return None
            coeffs.append(sp.sympify(c))
    else:
        coeffs = [e]
    degrees = []
    for c in coeffs:
        c = sp.expand(c)
        if not c.is_polynomial(s):
            return None
        degrees.append(sp.degree(c, s) if c.has(s) else 0)
    return int(max(degrees, default=0))
