"""The modified field of a near-identity map, in coordinates (no trees): the brute-force route.

Given a map Phi(y) = y + h d_1(y) + h^2 d_2(y) + ... (explicit SymPy vectors in the coordinates y), find
f~ = f_0 + h f_1 + ... + h^K f_K whose exact flow for time h agrees with Phi up to O(h^(K+2)).  The flow
of f~ is its Lie series  phi_h = sum_j h^j/j! (f~ . grad)^j y  (the operator acting on the identity);
write P_j[p] for the h^p coefficient of (f~ . grad)^j y.  The h^(k+1) coefficient of the flow is
f_k + sum_{j >= 2, j + p = k + 1} P_j[p] / j!, and P_j[p] involves f_0..f_p only, so
f_k = d_(k+1) - sum_{j >= 2} P_j[k + 1 - j] / j!  determines the f_k one after another.

This is how the stateful rules get their modified equations (after reduction to a one-step map) and
how the B-series result for GD is cross-checked with an undefined loss.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import factorial

import sympy as sp

__all__ = ["lie_series", "modified_field_of_map"]


def _directional(v: sp.MatrixBase, w: sp.MatrixBase, coords: Sequence[sp.Symbol]) -> sp.ImmutableMatrix:
    """(v . grad) w: the Jacobian of w applied to v."""
    return sp.ImmutableMatrix([sum(sp.diff(wi, x) * vj for x, vj in zip(coords, v, strict=True) if vj != 0)
                               for wi in w])


def modified_field_of_map(increments: Sequence[sp.MatrixBase], coords: Sequence[sp.Symbol], order: int,
                          simplify: Callable[[sp.Expr], sp.Expr] = sp.expand) -> list[sp.ImmutableMatrix]:
    """f_0..f_order for the map y + sum_k h^k increments[k-1] (increments beyond the list are zero).

    ``simplify`` is applied to every entry of every f_k (default: expand; pass ``lambda e: e`` to keep
    the raw expressions)."""
    dim = len(coords)
    zero = sp.ImmutableMatrix.zeros(dim, 1)
    inc = [sp.ImmutableMatrix(v) for v in increments]
    f: list[sp.ImmutableMatrix] = []
    memo: dict[tuple[int, int], sp.ImmutableMatrix] = {}

    def P(j: int, p: int) -> sp.ImmutableMatrix:  # h^p coefficient of (f~ . grad)^j id, f_0..f_p known
        if (j, p) not in memo:
            if j == 0:
                memo[(j, p)] = sp.ImmutableMatrix(coords) if p == 0 else zero
            else:
                acc = zero
                for k in range(p + 1):
                    inner = P(j - 1, p - k)
                    if any(e != 0 for e in inner):
                        acc = acc + _directional(f[k], inner, coords)
                memo[(j, p)] = acc.applyfunc(simplify)
        return memo[(j, p)]

    for k in range(order + 1):
        target = inc[k] if k < len(inc) else zero
        rest = zero
        for j in range(2, k + 2):
            rest = rest + P(j, k + 1 - j) / factorial(j)
        f.append((target - rest).applyfunc(simplify))
    return f


def lie_series(field: Sequence[sp.MatrixBase], coords: Sequence[sp.Symbol], h: sp.Symbol, order: int,
               simplify: Callable[[sp.Expr], sp.Expr] = sp.expand) -> sp.ImmutableMatrix:
    """The flow for time h of sum_k h^k field[k], as a polynomial in h truncated after h^order: the h^n coefficient
    is sum_{j + p = n} P_j[p] / j! with P_j[p] the h^p coefficient of (f~ . grad)^j y (built power by power, so
    nothing beyond h^order is ever formed)."""
    dim = len(coords)
    zero = sp.ImmutableMatrix.zeros(dim, 1)
    f = [sp.ImmutableMatrix(v) for v in field]
    memo: dict[tuple[int, int], sp.ImmutableMatrix] = {}

    def P(j: int, p: int) -> sp.ImmutableMatrix:
        if (j, p) not in memo:
            if j == 0:
                memo[(j, p)] = sp.ImmutableMatrix(coords) if p == 0 else zero
            else:
                acc = zero
                for k in range(min(p, len(f) - 1) + 1):
                    inner = P(j - 1, p - k)
                    if any(e != 0 for e in inner):
                        acc = acc + _directional(f[k], inner, coords)
                memo[(j, p)] = acc.applyfunc(simplify)
        return memo[(j, p)]

    out = zero
    for n in range(order + 1):
        for j in range(n + 1):
            out = out + h**n * P(j, n - j) / factorial(j)
    return out
