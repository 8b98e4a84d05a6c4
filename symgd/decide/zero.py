"""Equality by the zero test: ``lhs - rhs`` reduced to zero exactly.

Scalars go down a ladder of rungs, cheap to expensive (expand, cancel, expand powers and logs, simplify, rewrite
in exp); each rung may also use the hypotheses through ``refine``.  A linear combination of integrals over the
same limits is zero when its integrand is (pointwise).  Explicit matrices are tested entry by entry.  Matrix
expressions go first through matrix algebra (dimension-free), then coordinates: in a symbolic size n only as a
matrix polynomial of degree d checked for n = d + 1 (:func:`_nc_degree` says why that is enough and smaller
sizes are not).  An identity holds where both sides are defined: (x^2-1)/(x-1) = x+1 is proved, and the verdict
names the denominators the hypotheses do not prove nonzero ("cancel (where x - 1 != 0)", :mod:`symgd.decide.domain`).

A sample point refutes an equality when the two sides differ there exactly (or by far more than the
evaluation error): :func:`fails_at`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symgd.core.claims import Claim, Context, Rel, is_matrix
from symgd.decide.context import Cited, Method, refine, use_symmetry
from symgd.decide.definedness import side_conditions
from symgd.decide.exact import differs

__all__ = ["ZeroTest", "fails_at", "is_zero"]

_RUNGS: list[tuple[str, Callable[[sp.Expr], sp.Expr]]] = [
    ("expand", lambda e: sp.expand(e)),
    ("cancel", lambda e: sp.cancel(sp.together(e))),
    ("expand powers and logs", lambda e: sp.cancel(sp.expand(e, power_base=True, power_exp=True, log=True))),
    ("simplify", sp.simplify),
    ("rewrite in exp, simplify", lambda e: sp.simplify(e.rewrite(sp.exp))),
]


def _combined_integrand(expr: sp.Expr) -> sp.Expr | None:
    """``sum c_k Integral(f_k, L)`` over the same limits L, with no c_k depending on the integration
    variables, as the single integrand ``sum c_k f_k`` (linearity of the integral); else None.
    Integrands of undefined functions then never reach ``integrate``, which can hang on them."""
    terms = sp.Add.make_args(sp.expand_mul(expr.doit(integrals=False)))
    limits, integrand = None, sp.Integer(0)
    for term in terms:
        factors = sp.Mul.make_args(term)
        integrals = [f for f in factors if isinstance(f, sp.Integral)]
        if len(integrals) != 1:
            return None
        (integral,) = integrals
        coeff = sp.Mul(*[f for f in factors if f is not integral])
        limits = integral.limits if limits is None else limits
        if integral.limits != limits or coeff.free_symbols & set(integral.variables):
            return None
        integrand += coeff * integral.function
    return integrand


def _scalar_zero(expr: sp.Expr, ctx: Context, rungs: list = _RUNGS) -> Method:
    if expr == 0:
        return "identical"
    if expr.has(sp.Integral):  # a linear combination of integrals is zero if its integrand is (pointwise)
        integrand = _combined_integrand(expr)
        if integrand is not None and not integrand.has(sp.Integral):
            # the integration variables are bound: a hypothesis on a free symbol of the same name says nothing
            bound = set().union(*(i.variables for i in expr.atoms(sp.Integral)))
            free_ctx = Context(tuple(h for h in ctx.hypotheses if not sp.sympify(h).free_symbols & bound),
                               ctx.symmetric, ctx.positive_definite)
            method = _scalar_zero(integrand, free_ctx, _RUNGS[:3])  # cheap rungs: the integral may be nonzero anyway
            if method:
                return f"linearity of the integral, integrand: {method}"
    expr = expr.doit()
    if expr == 0:
        return "evaluate (doit)"
    expr = refine(expr, ctx)
    if expr == 0:
        return "refine with the hypotheses"
    for name, rung in rungs:
        try:
            reduced = rung(expr)
        except Exception:
            continue
        if reduced == 0 or reduced.is_zero is True:
            return name
        reduced = refine(reduced, ctx)
        if reduced == 0:
            return f"{name}, refine with the hypotheses"
    return None


def _symmetric_entries(m: sp.MatrixSymbol, rows: int) -> sp.ImmutableMatrix:
    """An explicit symmetric matrix of entry symbols standing for a declared-symmetric ``m``."""
    name = m.name
    return sp.ImmutableMatrix(rows, rows, lambda i, j: sp.Symbol(f"{name}[{min(i, j)},{max(i, j)}]"))


def _coordinates(expr: MatrixExpr, ctx: Context, dims: Iterable[int] = (1, 2, 3)) -> list[tuple[int, sp.MatrixBase]]:
    """Explicit versions of a matrix expression for each size its symbolic dimensions can take;
    matrices declared symmetric become explicit symmetric matrices."""
    shape_syms = set()
    for m in expr.atoms(sp.MatrixSymbol):
        for s in m.shape:
            shape_syms |= sp.sympify(s).free_symbols
    out = []
    for n in dims if shape_syms else (0,):
        e = expr.xreplace({s: n for s in shape_syms})
        sym = {m: _symmetric_entries(m, m.shape[0]) for m in e.atoms(sp.MatrixSymbol)
               if _declared_symmetric(m, ctx, shape_syms, n)}
        out.append((n, e.xreplace(sym).doit().as_explicit()))
    return out


def _declared_symmetric(m: sp.MatrixSymbol, ctx: Context, shape_syms: set, n: int) -> bool:
    """Is ``m`` (possibly with its dimension already replaced by ``n``) declared symmetric?"""
    for s in ctx.symmetric:
        if s == m or (s.name == m.name and s.xreplace({v: n for v in shape_syms}) == m):
            return True
    return False


def _nc_degree(expr: Any, n: sp.Symbol) -> int | None:
    """The degree of a matrix polynomial in matrix symbols of sizes n or 1 (sums, products, transposes,
    nonnegative integer powers, coefficients free of n), or None outside that class.

    Why it matters: such a polynomial of degree d that vanishes for n = d + 1 vanishes for every n
    (evaluate a monomial at matrix units along a path of d + 1 distinct indices: only monomials that
    are equal as polynomials survive).  Below that size it need not: with n <= 3 the coordinates
    prove ``(n - 1)(n - 2)(n - 3) A = 0`` and identities that fail for 4 x 4 matrices.
    """
    if isinstance(expr, sp.MatrixSymbol):
        return 1 if all(d in (n, 1) for d in expr.shape) else None
    if isinstance(expr, (sp.Identity, sp.ZeroMatrix)):
        return 0 if all(d in (n, 1) for d in expr.shape) else None
    if isinstance(expr, sp.Transpose):
        return _nc_degree(expr.arg, n)
    if isinstance(expr, sp.MatPow):
        d = _nc_degree(expr.base, n)
        return d * int(expr.exp) if d is not None and expr.exp.is_Integer and expr.exp >= 0 else None
    if isinstance(expr, (sp.MatAdd, sp.MatMul)):
        degrees = []
        for a in expr.args:
            if isinstance(a, MatrixExpr):
                degrees.append(_nc_degree(a, n))
            elif n in a.free_symbols or a.has(sp.MatrixSymbol, MatrixExpr):
                return None
        if None in degrees or not degrees:
            return None
        return max(degrees) if isinstance(expr, sp.MatAdd) else sum(degrees)  # type: ignore[arg-type]
    return None


def is_zero(expr: Any, ctx: Context = Context()) -> Method:
    """The name of the rung that reduced ``expr`` to zero exactly, or None.

    Scalars go down the ladder; explicit matrices entry by entry; matrix expressions first
    dimension-free (matrix algebra), then in coordinates: for a symbolic size n only when the
    expression is a matrix polynomial of degree d, in dimension d + 1 (see :func:`_nc_degree`).
    """
    if isinstance(expr, sp.MatrixBase):
        methods = []
        for entry in expr:
            m = _scalar_zero(sp.sympify(entry), ctx)
            if m is None:
                return None
            methods.append(m)
        worst = max(methods, key=lambda m: [n for n, _ in _RUNGS].index(m) if m in dict(_RUNGS) else -1)
        return f"entrywise {worst}" if methods else "identical"
    if isinstance(expr, MatrixExpr):
        expr = use_symmetry(expr, ctx)
        for name, fn in (("matrix algebra", lambda e: e.doit()), ("matrix algebra, expand", lambda e: e.doit().expand())):
            try:
                reduced = use_symmetry(fn(expr), ctx)  # doit() can bring H.T back
                reduced = use_symmetry(reduced.doit(), ctx) if not isinstance(reduced, sp.ZeroMatrix) else reduced
            except Exception:
                continue
            if isinstance(reduced, sp.ZeroMatrix) or reduced == sp.ZeroMatrix(*expr.shape):
                return name
        shape_syms = {s for m in expr.atoms(sp.MatrixSymbol) for d in m.shape for s in sp.sympify(d).free_symbols}
        dims: tuple[int, ...] = (0,)
        if shape_syms:  # coordinates in a few dimensions prove a claim for every n only by a degree bound
            degree = _nc_degree(expr, *shape_syms) if len(shape_syms) == 1 else None
            if degree is None:
                return None
            dims = (degree + 1,)
        try:
            versions = _coordinates(expr, ctx, dims)
        except Exception:
            return None
        for _, explicit in versions:
            if is_zero(explicit, ctx) is None:
                return None
        if not shape_syms:
            return "in coordinates"
        return (f"in coordinates for dimension {dims[0]} (a matrix polynomial of degree {dims[0] - 1} that "
                f"vanishes in dimension {dims[0]} vanishes in every dimension)")
    return _scalar_zero(sp.sympify(expr), ctx)


class ZeroTest:
    """``lhs = rhs`` when ``lhs - rhs`` reduces to zero."""

    name = "zero test"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        from symgd.decide.nra import known_false  # z3 (an earlier row) found a point where it fails: no rung can

        return claim.rel is Rel.EQ and cited.premise is None and not known_false(claim, ctx)

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> Method:
        m = is_zero(claim.lhs - claim.rhs, ctx)
        if not m or m == "identical" or is_matrix(claim.lhs) or is_matrix(claim.rhs):
            return m
        try:  # an identity holds where both sides are defined: say where
            where = side_conditions(claim, ctx)  # no solver after the proof: the budget is the proof's
        except Exception:  # SymPy failing on a sign: the denominators are named all the same
            where = []
        return f"{m} (where {' and '.join(f'{d} != 0' for d in where)})" if where else m


def fails_at(claim: Claim, apply: Callable[[Any], Any]) -> str | None:
    """Why the equality is false at the sample point ``apply`` evaluates at, or None."""
    d = differs(apply(claim.lhs), apply(claim.rhs))
    return f"lhs vs rhs: {d}" if d else None
