"""Inequalities between 1 x 1 matrix expressions by Gram forms; :func:`prove_nonnegative` for any side.

Matrix symbols stand for real matrices of any size.  A 1 x 1 expression is >= 0 when, after collecting terms
equal up to transposition (a 1 x 1 matrix is its own transpose), it is a sum of nonnegative coefficients times
Gram forms M^T M or M^T P M (P provably positive (semi)definite: I, a matrix declared positive definite, their
powers, inverses, sums and positive multiples), or products of such forms and of 1 x 1 pieces that occur an even
number of times, plus a scalar part >= 0.  It is strict only through the scalar part (x^T x > 0 fails at x = 0).
Complex coefficients never make a Gram form ((x - z y)^T (x - z y) is not >= 0 for a complex z).
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symgd.core.claims import Claim, Context, Rel
from symgd.decide.context import Cited, Method, use_symmetry
from symgd.decide.sign import difference, prove_scalar_nonnegative

__all__ = ["Gram", "nonnegative_form", "prove_nonnegative"]


def prove_nonnegative(expr: Any, ctx: Context = Context(), strict: bool = False) -> Method:
    """How ``expr >= 0`` (``> 0`` when strict) follows from the assumptions, or None.

    A 1 x 1 matrix expression goes to :func:`nonnegative_form` (Gram forms), a scalar or an explicit
    1 x 1 matrix to :func:`symgd.decide.sign.prove_scalar_nonnegative`."""
    if isinstance(expr, MatrixExpr) and not isinstance(expr, sp.MatrixBase):
        return nonnegative_form(expr, ctx, strict) if expr.shape == (1, 1) else None
    return prove_scalar_nonnegative(expr, ctx, strict)


class Gram:
    """``lhs <= rhs`` (``<``) where ``rhs - lhs`` is a 1 x 1 matrix expression."""

    name = "Gram forms"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        if not cited.alone(claim, (Rel.LE, Rel.LT)):
            return False
        diff = difference(claim)
        return isinstance(diff, MatrixExpr) and not isinstance(diff, sp.MatrixBase) and diff.shape == (1, 1)

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> Method:
        return nonnegative_form(difference(claim), ctx, claim.rel is Rel.LT)


def _factorize(term: Any) -> tuple[Any, list] | None:
    """A summand of a matrix expression as a scalar coefficient times a list of matrix factors (positive
    integer powers spelled out, P**2 as P, P; identities dropped), or None for anything else."""
    if isinstance(term, sp.MatMul):
        coeff, factors = sp.S.One, []
        for a in term.args:
            if isinstance(a, MatrixExpr):
                sub = _factorize(a)
                if sub is None:
                    return None
                coeff, factors = coeff * sub[0], factors + sub[1]
            else:
                coeff *= a
        return coeff, factors
    if isinstance(term, sp.MatPow) and not isinstance(term, sp.Inverse) and term.exp.is_Integer and term.exp > 0:
        sub = _factorize(term.base)
        return None if sub is None else (sub[0] ** term.exp, sub[1] * int(term.exp))
    if isinstance(term, sp.Identity):
        return sp.S.One, []
    if isinstance(term, MatrixExpr):
        return sp.S.One, [term]
    return None


def _transposed(m: MatrixExpr, ctx: Context) -> MatrixExpr:
    return use_symmetry(sp.Transpose(m).doit(), ctx)


def _mirror(factors: list, ctx: Context) -> tuple[Any, list] | None:
    """The same 1 x 1 product written as its own transpose, f_k^T ... f_1^T, refactorized."""
    return _factorize(sp.MatMul(*[_transposed(f, ctx) for f in reversed(factors)]))


def _real_matrix(m: Any) -> bool:
    """Built from matrix symbols (real matrices) with real scalar coefficients only: ``(x - z y)^T (x - z y)``
    is not >= 0 for a complex z."""
    if isinstance(m, (sp.MatrixSymbol, sp.Identity, sp.ZeroMatrix)):
        return True
    if isinstance(m, sp.Transpose):
        return _real_matrix(m.arg)
    if isinstance(m, sp.MatPow):  # Inverse included
        return m.exp.is_Integer is True and _real_matrix(m.base)
    if isinstance(m, (sp.MatAdd, sp.MatMul)):
        return all(_real_matrix(a) if isinstance(a, MatrixExpr) else sp.sympify(a).is_extended_real is True
                   for a in m.args)
    return False


def _positive_definite(m: Any, ctx: Context) -> bool:
    """Provably symmetric positive definite: I, a declared positive-definite symbol, their transposes,
    integer powers and inverses, sums, positive multiples."""
    if isinstance(m, sp.Identity):
        return True
    if isinstance(m, sp.MatrixSymbol):
        return m in ctx.positive_definite
    if isinstance(m, sp.Transpose):
        return _positive_definite(m.arg, ctx)
    if isinstance(m, sp.MatPow):  # P^k and P^-1 of a symmetric positive definite P
        return m.exp.is_Integer is True and _positive_definite(m.base, ctx)
    if isinstance(m, sp.MatAdd):
        return all(_positive_definite(a, ctx) for a in m.args)
    if isinstance(m, sp.MatMul):
        mats = [a for a in m.args if isinstance(a, MatrixExpr)]
        coeff = sp.Mul(*[a for a in m.args if not isinstance(a, MatrixExpr)])
        return len(mats) == 1 and _positive_definite(mats[0], ctx) and prove_nonnegative(coeff, ctx, True) is not None
    return False


def _semidefinite(m: Any, ctx: Context) -> bool:
    """Provably symmetric positive semidefinite (positive definite, or sums and nonnegative multiples)."""
    if _positive_definite(m, ctx):
        return True
    if isinstance(m, sp.MatAdd):
        return all(_semidefinite(a, ctx) for a in m.args)
    if isinstance(m, sp.MatMul):
        mats = [a for a in m.args if isinstance(a, MatrixExpr)]
        coeff = sp.Mul(*[a for a in m.args if not isinstance(a, MatrixExpr)])
        return len(mats) == 1 and _semidefinite(mats[0], ctx) and prove_nonnegative(coeff, ctx) is not None
    return False


def _palindrome(factors: list, ctx: Context) -> str | None:
    """``f_1 ... f_k`` (a 1 x 1 product) equal, factor by factor, to ``f_k^T ... f_1^T``: then it is
    M M^T with M = f_1 ... f_{k/2}, or M Q M^T with a positive semidefinite middle factor Q; >= 0 either way."""
    k = len(factors)
    if k == 0 or not all(_real_matrix(f) for f in factors):
        return None
    for i in range(k // 2):
        if factors[i] != _transposed(factors[k - 1 - i], ctx):
            return None
    if k % 2 == 0:
        return "M^T M"
    return "M^T P M, P positive (semi)definite" if _semidefinite(factors[k // 2], ctx) else None


def _piece_key(piece: list, ctx: Context) -> tuple:
    """A 1 x 1 product up to transposition (x^T y and y^T x are the same real number)."""
    mirror = _mirror(piece, ctx)
    if mirror is None or mirror[0] != 1:
        return tuple(piece)
    return min(tuple(piece), tuple(mirror[1]), key=lambda t: sp.default_sort_key(sp.Tuple(*t)))


def _gram(factors: list, ctx: Context) -> str | None:
    """A description when the 1 x 1 product of ``factors`` is provably >= 0: a Gram form, or a product
    of consecutive 1 x 1 pieces that are Gram forms or real numbers occurring an even number of times
    ((x^T x)(y^T P y), (x^T y)(x^T y))."""
    whole = _palindrome(factors, ctx)
    if whole:
        return whole
    pieces, start = [], 0
    for j, f in enumerate(factors):
        if f.shape[1] == 1:  # the product up to here is 1 x 1 (every piece starts with one row)
            pieces.append(factors[start:j + 1])
            start = j + 1
    if len(pieces) < 2 or start != len(factors) or any(p[0].shape[0] != 1 for p in pieces):
        return None
    kinds, others = [], []
    for p in pieces:
        kind = _palindrome(p, ctx)
        if kind:
            kinds.append(kind)
        elif all(_real_matrix(f) for f in p):
            others.append(_piece_key(p, ctx))
        else:
            return None
    if any(others.count(k) % 2 for k in others):  # (x^T y)^3 may be negative
        return None
    return "product of " + " and ".join(kinds + (["squares of 1x1 products"] if others else []))


def _form_terms(expr: MatrixExpr, ctx: Context, strict: bool) -> Method:
    """``sum_j c_j F_j + s I`` >= 0 when every Gram product F_j has a coefficient c_j >= 0 and the scalar
    part s >= 0 (> 0 for strict: a Gram form can be 0, x^T x at x = 0).  Terms with the same product (or
    its transpose: a 1 x 1 matrix is its own transpose) are collected first."""
    groups: dict[tuple, Any] = {}
    for term in sp.MatAdd.make_args(expr):
        if isinstance(term, sp.ZeroMatrix):
            continue
        split = _factorize(term)
        if split is None:
            return None
        coeff, factors = split
        mirror = _mirror(factors, ctx) if factors else None
        if mirror is not None and sp.default_sort_key(sp.Tuple(*mirror[1])) < sp.default_sort_key(sp.Tuple(*factors)):
            coeff, factors = coeff * mirror[0], mirror[1]
        key = tuple(factors)
        groups[key] = groups.get(key, sp.S.Zero) + coeff
    scalar = groups.pop((), sp.S.Zero)
    kinds: list[str] = []
    for factors, coeff in groups.items():
        if sp.expand(coeff) == 0:
            continue
        kind = _gram(list(factors), ctx)
        if kind is None or prove_nonnegative(coeff, ctx) is None:
            return None
        kinds.append(kind)
    scalar_method = None
    if strict or sp.expand(scalar) != 0:
        scalar_method = prove_nonnegative(scalar, ctx, strict)
        if scalar_method is None:
            return None
    text = "1x1 matrix form"
    if kinds:
        text += f": nonnegative coefficients times Gram forms ({', '.join(sorted(set(kinds)))})"
    if scalar_method:
        text += f"; scalar part {'> 0' if strict else '>= 0'} ({scalar_method})"
    return text


def nonnegative_form(expr: MatrixExpr, ctx: Context, strict: bool) -> Method:
    """Sign of a 1 x 1 matrix expression (matrix symbols are real matrices of any size): term by term,
    first the top-level terms as written ((x - y)^T (x - y) is a Gram form), then expanded."""
    expr = use_symmetry(expr, ctx)
    seen: list = []
    for note, step in (("", lambda e: e), ("", lambda e: e.doit()), (", expanded", lambda e: e.doit().expand())):
        try:
            cand = use_symmetry(step(expr), ctx)
            if any(cand == s for s in seen):
                continue
            seen.append(cand)
            method = _form_terms(cand, ctx, strict)
        except Exception:  # an expression SymPy cannot rewrite or transpose: the other forms may still do
            continue
        if method:
            return method + note
    return None
