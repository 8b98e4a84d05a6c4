"""Claims about vectors of a symbolic size n as scalar claims in a few coordinates (the lift that :mod:`nra` and
:mod:`sos` decide): exact for every n by rotation invariance.

A claim (and its hypotheses) built from k vectors by sums, scalar multiples, products, transposes, identities,
traces, Euclidean norms and the inner products ``v^T P w`` of one positive definite P depends on the vectors only
through their Gram matrix ``[<x_i, x_j>]``.  Any k vectors of R^n (n >= 1 symbolic) are rotated (QR, after padding
with zeros when n < k) into vectors whose i-th one has zero coordinates past the i-th and a nonnegative i-th
coordinate: the Cholesky factor of the Gram matrix, so every positive semidefinite Gram matrix is realized.  The
claim holds for every n exactly when it holds for such triangular vectors of R^k, k(k+1)/2 real unknowns -- the
same unknowns as the Gram entries, with positive semidefiniteness built in.  Norms become square roots of sums of
squares (z3 lifts them to r >= 0, r^2 = s).

A vector ``x != 0`` is the hypothesis ``x^T x > 0`` (what :mod:`symgd.latex.assumptions` writes), which becomes
a sum of squares > 0.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symgd.core.claims import Claim, Context, is_matrix

__all__ = ["Refused", "has_vectors", "in_coordinates", "is_euclidean_norm"]


class Refused(Exception):
    """The claim is outside real arithmetic (or outside what this translation handles)."""


_INVARIANT = (sp.MatAdd, sp.MatMul, sp.Transpose, sp.MatrixSymbol, sp.Identity, sp.ZeroMatrix)


@cache
def is_euclidean_norm(func: type) -> bool:
    """Is ``func`` (a SymPy function class applied to a vector) the Euclidean norm: on explicit column and row
    vectors of sizes 1 to 3 the square root of the sum of the squared entries?  (The norm of the notation lives in
    symgd.latex, which this room may not import; its meaning is what it evaluates to on explicit vectors.)"""
    if not (isinstance(func, type) and issubclass(func, sp.Function)) or issubclass(func, sp.core.function.AppliedUndef):
        return False
    es = sp.symbols("e0:3", real=True)
    try:
        for k in (1, 2, 3):
            want = sp.sqrt(sum(e**2 for e in es[:k]))
            col, row = sp.ImmutableMatrix(k, 1, es[:k]), sp.ImmutableMatrix(1, k, es[:k])
            if sp.simplify(func(col) - want) != 0 or sp.simplify(func(row) - want) != 0:
                return False
        return func(sp.ImmutableMatrix([3, 4])) == 5
    except Exception:  # a function that cannot take a vector is no norm
        return False


def has_vectors(expr: Any) -> bool:
    """Does a scalar or 1 x 1 expression mention a vector (an n x 1 matrix symbol)?"""
    return isinstance(expr, sp.Basic) and any(m.shape[1] == 1 for m in expr.atoms(sp.MatrixSymbol))


def _vectors(expr: Any, size: list) -> set:
    """The vector symbols (n x 1, one common size symbol n) of an expression built from them by sums, scalar
    multiples, products, transposes, identities, nonnegative integer powers, traces (of a 1 x 1 matrix, or of an
    n x n product of vectors: the trace of an identity is the size) and Euclidean norms only: such an expression is
    invariant under rotations.  Raises Refused otherwise (other matrices, n used as a number)."""
    if isinstance(expr, sp.MatrixSymbol):
        rows, cols = expr.shape
        if cols != 1 or not isinstance(rows, sp.Symbol) or (size and size[0] != rows):
            raise Refused(f"{expr} is not a vector of the common symbolic size")
        size[:] = [rows]
        return {expr}
    if isinstance(expr, (sp.Identity, sp.ZeroMatrix)):
        return set()
    if isinstance(expr, sp.Trace):
        arg = expr.arg
        if arg.shape != (1, 1) and arg.has(sp.Identity, sp.MatPow):
            raise Refused("the trace of a matrix with an identity (the size as a number)")
    elif isinstance(expr, sp.Function) and any(is_matrix(a) for a in expr.args):
        if not (len(expr.args) == 1 and 1 in expr.args[0].shape and is_euclidean_norm(type(expr))):
            raise Refused(f"{type(expr).__name__} of vectors")
    elif isinstance(expr, MatrixExpr) and not isinstance(expr, _INVARIANT):
        if not (isinstance(expr, sp.MatPow) and expr.exp.is_Integer and expr.exp >= 0):
            raise Refused(f"{type(expr).__name__} of vectors")
    out: set = set()
    for a in expr.args if isinstance(expr, sp.Basic) else ():
        out |= _vectors(a, size)
    return out


def _size_as_number(expr: Any, n: sp.Symbol) -> bool:
    """Does the size symbol occur other than as a shape (n x^T x, a trace)?"""
    if isinstance(expr, (sp.MatrixSymbol, sp.Identity, sp.ZeroMatrix)):
        return False
    if expr == n:
        return True
    return any(_size_as_number(a, n) for a in expr.args) if isinstance(expr, sp.Basic) else False


def _p_sequence(e: Any, p: sp.MatrixSymbol) -> list | None:
    """The open matrix factors of a product (1 x 1 powers checked on their own), or None when a piece
    is not ``v^T P w``."""
    if isinstance(e, sp.MatrixSymbol) or (isinstance(e, sp.Transpose) and isinstance(e.arg, sp.MatrixSymbol)):
        return [e]
    if isinstance(e, sp.MatPow) and e.base.shape == (1, 1) and e.exp.is_Integer and e.exp >= 0:
        return [] if _p_form(e.base, p) else None
    if isinstance(e, sp.MatMul):
        out: list = []
        for a in e.args:
            if isinstance(a, MatrixExpr):
                sub = _p_sequence(a, p)
                if sub is None:
                    return None
                out += sub
            elif isinstance(a, sp.Basic) and a.has(MatrixExpr):
                return None
        return out
    return None


def _p_form(e: Any, p: sp.MatrixSymbol) -> bool:
    """Is the expanded 1 x 1 expression a polynomial in the P-inner products ``v^T P w`` only?"""
    for term in sp.MatAdd.make_args(e):
        if isinstance(term, sp.ZeroMatrix):
            continue
        seq = _p_sequence(term, p)
        if seq is None or len(seq) % 3:
            return False
        for i in range(0, len(seq), 3):
            v, mid, w = seq[i:i + 3]
            if not (isinstance(v, sp.Transpose) and mid == p and isinstance(w, sp.MatrixSymbol) and w.shape[1] == 1):
                return False
    return True


def _p_inner(claim: Claim, ctx: Context) -> tuple[Claim, Context, str]:
    """With one matrix P declared positive definite that occurs only as ``v^T P w``: the same claim with P = I
    (u = P^{1/2} v maps the vectors onto all of R^n and ``v^T P w`` onto ``u^T w'``)."""
    mats = {m for e in (claim.lhs, claim.rhs) for m in e.atoms(sp.MatrixSymbol) if m.shape[1] != 1}
    if not mats:
        return claim, ctx, ""
    (p,) = mats if len(mats) == 1 else (None,)
    if p is None or p not in ctx.positive_definite:
        raise Refused("matrices other than one positive definite P")
    sym = {sp.Transpose(p): p}

    def plain_form(e: Any) -> Any:
        expanded = e.expand().xreplace(sym)
        if not _p_form(expanded, p):
            raise Refused("P occurs outside v^T P w")
        return expanded.xreplace({p: sp.Identity(p.shape[0])})

    def plain(e: Any) -> Any:
        e = sp.sympify(e).xreplace(sym)
        if isinstance(e, MatrixExpr):
            return plain_form(e)
        # a scalar: each 1 x 1 piece with P (under a norm, a root, a trace) on its own; a vector anywhere else (a
        # plain x^T x is not u^T u) or P anywhere else is refused
        def walk(t: Any, pieces: bool) -> Any:  # the outermost 1 x 1 pieces with P: mapped, or a mark
            if isinstance(t, MatrixExpr) and t.shape == (1, 1) and t.has(p):
                return plain_form(t) if pieces else sp.Dummy()
            mats = [a for a in t.args if isinstance(a, MatrixExpr)] if isinstance(t, sp.Basic) else []
            if len(mats) == len(t.args) == 1 and not isinstance(t, MatrixExpr) and t.has(p) and mats[0].shape == (1, 1):
                mapped = t.func(*[plain_form(a) if isinstance(a, MatrixExpr) else walk(a, pieces) for a in t.args])
                return mapped if pieces else sp.Dummy()  # tr(x^T P y), |x^T P y|: a function of one P-form
            return t.func(*[walk(a, pieces) for a in t.args]) if isinstance(t, sp.Basic) and t.args else t

        rest = walk(e, False)
        if rest.has(p) or has_vectors(rest):
            raise Refused("vectors outside the P-inner products v^T P w")
        return walk(e, True)

    hyps = []
    for h in ctx.hypotheses:
        h = sp.sympify(h)
        try:
            hyps.append(h.func(plain(h.lhs), plain(h.rhs)))
        except (Refused, AttributeError):
            continue  # dropped: a proof without it is still sound (kept as written, x^T x <= 1 would become u^T u)
    return (Claim(plain(claim.lhs), claim.rel, plain(claim.rhs)), Context(tuple(hyps)),
            f"in the {p}-inner product (u = {p}^(1/2) v), ")


def _expand_outside_roots(e: Any) -> Any:
    """``e`` expanded but for the radicands: sqrt((x0 + y0)^2 + y1^2) keeps its evident sign (expanded, SymPy no longer
    sees that it is real, and an equality with it would count as possibly complex)."""
    roots = {a: sp.Dummy() for a in e.atoms(sp.Pow) if not a.exp.is_Integer}
    back = {d: a for a, d in roots.items()}
    return sp.expand(e.xreplace(roots)).xreplace(back)


def in_coordinates(claim: Claim, ctx: Context) -> tuple[Claim, Context, str]:
    """A claim about k vectors of a symbolic size n as a scalar claim about k triangular vectors in R^k (see the
    module's docstring for why this is exact for every n).  Hypotheses outside the invariant class are dropped
    (a proof without them is still sound; a counterexample search must check that none was)."""
    claim, ctx, inner = _p_inner(claim, ctx)
    size: list = []
    vecs = _vectors(claim.lhs, size) | _vectors(claim.rhs, size)
    hyps = []
    for h in ctx.hypotheses:
        h = sp.sympify(h)
        try:
            found = _vectors(h, list(size))
        except Refused:
            continue  # dropped: a proof without it is still sound
        if found:
            _vectors(h, size)  # the common size is fixed by the first vector seen
        vecs |= found
        hyps.append(h)
    if not vecs:
        raise Refused("no vectors")
    for e in (claim.lhs, claim.rhs, *hyps):
        if _size_as_number(e, size[0]):
            raise Refused("the size is used as a number")
    k = len(vecs)
    coords = {}
    for i, v in enumerate(sorted(vecs, key=sp.default_sort_key)):
        entries = [sp.Symbol(f"{v.name}[{j}]", real=True, nonnegative=(j == i) or None) for j in range(i + 1)]
        coords[v.xreplace({size[0]: k})] = sp.ImmutableMatrix(k, 1, entries + [0] * (k - i - 1))

    def explicit(e: Any) -> Any:
        e = sp.sympify(e).xreplace({size[0]: sp.Integer(k)}).xreplace(coords)
        if isinstance(e, MatrixExpr):
            e = e.doit()
            e = e.as_explicit() if isinstance(e, MatrixExpr) else e
        if isinstance(e, sp.MatrixBase):
            if e.shape != (1, 1):
                raise Refused("not a 1 x 1 expression")
            e = e[0, 0]
        if e.has(sp.Trace, MatrixExpr, sp.MatrixBase):  # traces and norms of explicit matrices evaluated
            e = e.replace(lambda a: isinstance(a, MatrixExpr), lambda a: sp.ImmutableMatrix(a.as_explicit())).doit()
        if e.has(sp.Trace, MatrixExpr, sp.MatrixBase):
            raise Refused("a matrix left after the coordinates")
        return _expand_outside_roots(e)

    def relation(h: Any) -> Any:
        return h.func(explicit(h.lhs), explicit(h.rhs)) if isinstance(h, sp.core.relational.Relational) else h

    scalar = Claim(explicit(claim.lhs), claim.rel, explicit(claim.rhs))
    kept = []
    for h in hyps:
        try:
            kept.append(relation(h))
        except Refused:
            continue
    note = f"{inner}in coordinates of {k} vector{'s' if k > 1 else ''} in R^{k} (rotation invariance)"
    return scalar, Context(tuple(kept)), note
