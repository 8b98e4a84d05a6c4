"""The modified field of a near-identity map, in coordinates (no trees): the brute-force route.

Given a map Phi(y) = y + h d_1(y) + h^2 d_2(y) + ... (explicit SymPy vectors in the coordinates y), find
f~ = f_0 + h f_1 + ... + h^K f_K whose exact flow for time h agrees with Phi up to O(h^(K+2)).  The flow
of f~ is its Lie series  phi_h = sum_j h^j/j! (f~ . grad)^j y  (the operator acting on the identity);
write P_j[p] for the h^p coefficient of (f~ . grad)^j y.  The h^(k+1) coefficient of the flow is
f_k + sum_{j >= 2, j + p = k + 1} P_j[p] / j!, and P_j[p] involves f_0..f_p only, so
f_k = d_(k+1) - sum_{j >= 2} P_j[k + 1 - j] / j!  determines the f_k one after another.

This is how the stateful rules get their modified equations (after reduction to a one-step map) and
how the B-series result for GD is cross-checked with an undefined loss (:mod:`symgd.bea.jets` runs the same
recursion, :func:`match_lie_series`, on the jets of L as independent symbols, much faster than SymPy's calculus).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import factorial

import sympy as sp

__all__ = ["lie_series", "match_lie_series", "modified_field_of_map"]


def _directional(v: sp.MatrixBase, w: sp.MatrixBase, coords: Sequence[sp.Symbol]) -> sp.ImmutableMatrix:
    """(v . grad) w: the Jacobian of w applied to v."""
    return sp.ImmutableMatrix([sum(sp.diff(wi, x) * vj for x, vj in zip(coords, v, strict=True) if vj != 0)
                               for wi in w])


class _LieTerms:
    """P(j, p): the h^p coefficient of (f~ . grad)^j id for j >= 1, built from the known f_0..f_p (P(1, p) = f_p)."""

    def __init__(self, field: list, directional: Callable, simplify: Callable):
        self.f, self.directional, self.simplify = field, directional, simplify
        self.memo: dict[tuple[int, int], object] = {}

    def __call__(self, j: int, p: int):
        if j == 1:
            return self.f[p] if p < len(self.f) else None
        if (j, p) not in self.memo:
            acc = None
            for k in range(min(p, len(self.f) - 1) + 1):
                inner = self(j - 1, p - k)
                if inner is None or _is_zero(inner) or _is_zero(self.f[k]):
                    continue
                term = self.directional(self.f[k], inner)
                acc = term if acc is None else acc + term
            self.memo[(j, p)] = None if acc is None else self.simplify(acc)
        return self.memo[(j, p)]


def _is_zero(v) -> bool:
    return v.is_zero() if hasattr(v, "is_zero") and callable(v.is_zero) else all(e == 0 for e in v)


def match_lie_series(increments: Sequence, order: int, directional: Callable, zero, simplify: Callable = lambda v: v
                     ) -> list:
    """f_0..f_order with f_k = d_(k+1) - sum_{j >= 2} P_j[k + 1 - j] / j!, in any vector arithmetic: ``directional(v, w)``
    is (v . grad) w, ``zero`` the zero vector, vectors add, subtract and divide by integers.  Shared by the SymPy
    route below and the jet route (:mod:`symgd.bea.jets`)."""
    f: list = []
    P = _LieTerms(f, directional, simplify)
    for k in range(order + 1):
        out = increments[k] if k < len(increments) else zero
        for j in range(2, k + 2):
            term = P(j, k + 1 - j)
            if term is not None:
                out = out - term / factorial(j)
        f.append(simplify(out))
    return f


def modified_field_of_map(increments: Sequence[sp.MatrixBase], coords: Sequence[sp.Symbol], order: int,
                          simplify: Callable[[sp.Expr], sp.Expr] = sp.expand) -> list[sp.ImmutableMatrix]:
    """f_0..f_order for the map y + sum_k h^k increments[k-1] (increments beyond the list are zero).

    ``simplify`` is applied to every entry of every f_k (default: expand; pass ``lambda e: e`` to keep
    the raw expressions)."""
    zero = sp.ImmutableMatrix.zeros(len(coords), 1)
    return match_lie_series([sp.ImmutableMatrix(v) for v in increments], order,
                            lambda v, w: _directional(v, w, coords), zero,
                            lambda v: sp.ImmutableMatrix(v).applyfunc(simplify))


def lie_series(field: Sequence[sp.MatrixBase], coords: Sequence[sp.Symbol], h: sp.Symbol, order: int,
               simplify: Callable[[sp.Expr], sp.Expr] = sp.expand) -> sp.ImmutableMatrix:
    """The flow for time h of sum_k h^k field[k], as a polynomial in h truncated after h^order: the h^n coefficient
    is sum_{j + p = n} P_j[p] / j! with P_j[p] the h^p coefficient of (f~ . grad)^j y (built power by power, so
    nothing beyond h^order is ever formed)."""
    P = _LieTerms([sp.ImmutableMatrix(v) for v in field], lambda v, w: _directional(v, w, coords),
                  lambda v: sp.ImmutableMatrix(v).applyfunc(simplify))
    out = sp.ImmutableMatrix(coords)
    for n in range(1, order + 1):
        for j in range(1, n + 1):
            term = P(j, n - j)
            if term is not None:
                out = out + h**n * term / factorial(j)
    return out
